"""Typed action inputs: every action declares one, read from a form's data or a mapping."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, is_dataclass
from datetime import date

import pytest

import workflows
from workflows.inputs import (
    ActionInput,
    AdviceInput,
    CloseInput,
    CommentInput,
    DecisionInput,
    field_kinds,
    read_input,
)


def test_every_action_declares_a_frozen_dataclass_input() -> None:
    for definition in workflows.REGISTRY.values():
        for action in definition.actions:
            assert issubclass(action.input_type, ActionInput), action.name
            assert is_dataclass(action.input_type), action.name
            assert action.form == action.input_type.form_name
            field_kinds(action.input_type)  # only text, whole numbers and dates


def test_read_input_takes_declared_fields_and_ignores_the_rest() -> None:
    given = {"tekst": "Vestig in Assen.", "provincie_id": 3, "plaats": "Assen", "csrf_token": "x"}
    advice = read_input(AdviceInput, given)
    assert advice == AdviceInput(tekst="Vestig in Assen.", provincie_id=3, plaats="Assen")
    with pytest.raises(FrozenInstanceError):
        advice.tekst = "anders"  # type: ignore[misc]


def test_values_of_the_wrong_kind_become_no_value_for_the_service_to_refuse() -> None:
    assert read_input(AdviceInput, {"tekst": None, "provincie_id": "drie"}) == AdviceInput()
    assert read_input(AdviceInput, {"provincie_id": True}).provincie_id is None
    assert read_input(AdviceInput, {"provincie_id": " 7 "}).provincie_id == 7
    decision = read_input(DecisionInput, {"besloten_op": "2026-02-30"})
    assert decision.besloten_op is None
    assert read_input(DecisionInput, {"besloten_op": "2026-02-03"}).besloten_op == date(2026, 2, 3)


def test_the_comment_is_the_opmerking_where_an_action_has_one() -> None:
    assert read_input(CommentInput, {"opmerking": "Graag advies."}).comment == "Graag advies."
    assert CloseInput(opmerking="Klaar.").comment == "Klaar."
    assert AdviceInput(tekst="x").comment == ""
