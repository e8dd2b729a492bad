"""Start-up verification: every action of every registered workflow has an input type, a
form for it and exactly one effect (or is declared effect-free); else the app refuses to
start, naming the action."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

import pytest

import workflows
from caseflow import create_app
from caseflow.services.cases import effects
from caseflow.services.cases.action_wiring import verify_definitions
from caseflow.web.forms import ACTION_FORMS, CommentForm
from workflows.base import MINISTERIE, WorkflowDefinition, action
from workflows.inputs import ActionInput, AdviceInput, CommentInput, ReasonInput


@dataclass(frozen=True)
class _UnformedInput(ActionInput):
    form_name: ClassVar[str] = "onbekend"
    tekst: str = ""


def _with_action(name: str, **extra: object) -> WorkflowDefinition:
    """Version 99 of the size change with one extra action from ``concept``."""
    base = workflows.definition("omvangswijziging", 1)
    extra_action = action(name, "Iets nieuws", ("concept",), "=", {MINISTERIE}, **extra)
    return replace(base, version=99, actions=(*base.actions, extra_action), _index={})


def test_every_registered_action_is_wired() -> None:
    verify_definitions(ACTION_FORMS)  # raises otherwise


def test_an_action_without_effect_is_refused_by_name() -> None:
    with pytest.raises(RuntimeError, match="action nieuw_iets has no effect"):
        verify_definitions(ACTION_FORMS, [_with_action("nieuw_iets")])


def test_an_action_both_with_effect_and_declared_effect_free_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(effects, "EFFECT_FREE", effects.EFFECT_FREE | {"intrekken"})
    with pytest.raises(RuntimeError, match="action intrekken has an effect and is declared"):
        verify_definitions(ACTION_FORMS)


def test_an_input_type_without_a_form_is_refused() -> None:
    broken = _with_action("indienen_bis", input_type=_UnformedInput)
    with pytest.raises(RuntimeError, match="action indienen_bis has no form for _UnformedInput"):
        verify_definitions(ACTION_FORMS, [broken])


def test_a_form_lacking_a_field_of_its_input_is_refused() -> None:
    forms = {**ACTION_FORMS, AdviceInput: CommentForm}
    with pytest.raises(RuntimeError, match="action concept_opslaan: form CommentForm lacks"):
        verify_definitions(forms)


def test_an_effect_taking_another_input_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(effects.EFFECTS, "nieuw_iets", effects.EFFECTS["intrekken"])
    broken = _with_action("nieuw_iets", input_type=CommentInput)
    with pytest.raises(RuntimeError, match="its effect takes ReasonInput, not CommentInput"):
        verify_definitions(ACTION_FORMS, [broken])
    verify_definitions(ACTION_FORMS, [_with_action("nieuw_iets", input_type=ReasonInput)])


def test_the_app_fails_fast_on_a_broken_registered_definition(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(workflows.REGISTRY, ("omvangswijziging", 99), _with_action("nieuw_iets"))
    config = {
        "TESTING": True,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "SECRET_KEY": "test-secret-key",
    }
    with pytest.raises(RuntimeError, match="omvangswijziging v99: action nieuw_iets"):
        create_app(config)
