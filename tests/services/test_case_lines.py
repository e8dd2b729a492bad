"""The wide case row: one select, read by name into CaseLines."""

from __future__ import annotations

from dataclasses import replace

from caseflow.extensions import db
from caseflow.models import Case, User
from caseflow.services.caselists import case_lines
from tests.factories import case_in_state, organisation_id


def test_every_column_is_a_field_of_the_line() -> None:
    names = [column.name for column in case_lines.wide_select().selected_columns]
    assert tuple(names) == case_lines.FIELDS


def test_a_case_reads_by_name(users: dict[str, User]) -> None:
    case = case_in_state(
        users,
        "omvangswijziging",
        "ingediend",
        organisation_id=organisation_id("IND"),
        unit_name="Meldpunt",
        current_place="Zwolle",
    )
    query = case_lines.wide_select().where(Case.id == case.id)
    [line] = case_lines.lines(db.session.execute(query))
    assert (line.id, line.reference, line.ministry) == (case.id, case.reference, "JenV")
    assert line.organisation == "Meldpunt (IND)" == case.organisation_label
    assert line.current_location == "Zwolle (Overijssel)"
    assert line.type_label == "Wijziging in omvang van een dienst"
    assert line.state_label == "Ingediend"


def test_organisation_and_location_read_as_on_the_case_page(users: dict[str, User]) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    [line] = case_lines.lines(
        db.session.execute(case_lines.wide_select().where(Case.id == case.id))
    )
    bare = replace(line, organisation_name=None, unit_name="Los onderdeel", current_province=None)
    assert bare.organisation == "Los onderdeel" and bare.current_location == line.current_place
    unknown = replace(line, case_type="verdwenen", state="ergens")
    assert (unknown.type_label, unknown.state_label) == ("verdwenen", "ergens")
