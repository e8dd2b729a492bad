"""The filing fields of the definitions, checked without a database: each type declares its
fields once, in form order, with the fields submission waits for; a declaration the
application cannot serve is refused."""

from __future__ import annotations

from dataclasses import replace

import pytest

import workflows
from workflows.fields import CHANGE_KINDS, CHOICE, KINDS, TEXT, TITLE, Field, field_index, required


def test_every_definition_declares_known_kinds_and_each_column_once() -> None:
    for definition in workflows.REGISTRY.values():
        names = [f.name for f in definition.fields]
        assert len(names) == len(set(names)), definition.code
        assert names[0] == "title", definition.code  # the form opens with the title
        for item in definition.fields:
            assert item.kind in KINDS and not item.problems(), (definition.code, item)


def test_submission_waits_for_the_required_fields_in_form_order() -> None:
    required_names = {
        code: tuple(f.name for f in workflows.latest(code).required_fields)
        for code in workflows.CASE_TYPES
    }
    assert required_names == {
        "omvangswijziging": (
            "title",
            "organisation_id",
            "change_kind",
            "fte_current",
            "fte_change",
            "current_province_id",
            "current_place",
            "motivation",
            "labour_market_scan",
        ),
        "nieuwe_dienst": (
            "title",
            "unit_name",
            "fte_change",
            "proposed_province_id",
            "proposed_place",
            "motivation",
            "labour_market_scan",
        ),
        "masterplan": (
            "title",
            "masterplan_id",
            "proposed_province_id",
            "proposed_place",
            "motivation",
        ),
        "zbo_gesprek": ("title", "organisation_id", "talk_date"),
    }


def test_only_the_zbo_talk_runs_on_the_talk_track_without_spreading_check() -> None:
    for code in workflows.CASE_TYPES:
        definition = workflows.latest(code)
        talk = code == "zbo_gesprek"
        assert definition.talk_track is talk and definition.spreading_check is not talk


def test_a_definition_finds_its_fields_by_name() -> None:
    talk = workflows.latest("zbo_gesprek")
    assert talk.filing_field("talk_date") is not None
    assert talk.filing_field("fte_change") is None
    assert [f.name for f in talk.list_fields] == ["organisation_id"]


def test_a_field_declared_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="title declared twice"):
        field_index((TITLE, required(TITLE)))
    definition = workflows.latest("masterplan")
    with pytest.raises(ValueError, match="declared twice"):
        replace(definition, fields=(*definition.fields, TITLE))


def test_a_declaration_names_its_problems() -> None:
    assert Field("x", "X", "shoe_size").problems() == ["x: unknown kind 'shoe_size'"]
    assert Field("x", "X", CHOICE).problems()  # a choice without its option list
    assert Field("x", "X", TEXT, options=CHANGE_KINDS).problems()  # options on plain text
    assert not Field("x", "X", CHOICE, options=CHANGE_KINDS).problems()
