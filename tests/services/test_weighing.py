"""The weighing of an advice along the leidraad: stored per version with the label it was
given, refused when incomplete, the start of a redraft, internal while a draft, in the
issued letter; and the considerations as reference data the administrator keeps."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, update

from caseflow.domain.clock import local_today, utcnow
from caseflow.domain.errors import NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.models import Advice, Case, User
from caseflow.services.cases import drafting, weighing
from caseflow.services.cases.letters import letter_pdf
from caseflow.services.reference import leidraad
from caseflow.services.reference.loader import load_reference
from caseflow.services.reporting import annual_overview
from tests.factories import act, case_in_state, province_id
from tests.pdf_checks import pdf_ua_findings
from tests.services.test_letters import pdf_text

Users = dict[str, User]
CODES = [
    "regiobelang",
    "arbeidsmarkt",
    "bedrijfseconomie",
    "personeel",
    "primair_proces",
    "hybride_werken",
    "samenwerking",
]


def full_weighing(**judged: tuple[str, str]) -> list[dict[str, str]]:
    """Every active consideration "not applicable" except those given as (judgement, why)."""
    lines = []
    for c in leidraad.active_considerations():
        judgement, why = judged.get(c.code, ("nvt", ""))
        lines.append({"code": c.code, "oordeel": judgement, "motivering": why})
    return lines


def draft(users: Users, case: Case, lines: list[dict[str, str]], **extra: Any) -> Case:
    return act(
        users["adviseur"],
        case,
        "concept_opslaan",
        tekst="BZK adviseert Zwolle.",
        provincie_id=province_id("Overijssel"),
        plaats="Zwolle",
        weging=lines,
        **extra,
    )


def latest(case: Case) -> Advice:
    found = drafting.latest_version(case)
    assert found is not None
    return found


def test_the_reference_loader_ships_the_letters_principles_once(app: Flask) -> None:
    assert [c.code for c in leidraad.active_considerations()] == CODES
    load_reference()  # a reload adds nothing and keeps what the administrator changed
    assert len(leidraad.active_considerations()) == len(CODES)


def test_a_draft_stores_its_weighing_in_the_leidraads_order(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    lines = full_weighing(
        arbeidsmarkt=("negatief", "Scan: beperkt aanbod."),
        regiobelang=("positief", "Past bij het profiel."),
    )
    draft(users, case, list(reversed(lines)))
    stored = weighing.lines_of(latest(case))
    assert [line.code for line in stored] == CODES
    assert stored[0].judgement_label == "Positief"
    assert stored[0].label == "Regiobelang en ontwikkelprofiel van de regio"
    assert stored[1].motivation == "Scan: beperkt aanbod."
    assert weighing.summaries([latest(case).id]) == {
        latest(case).id: "1 positief, 1 negatief, 5 niet van toepassing"
    }


def test_an_incomplete_weighing_is_refused_and_nothing_is_stored(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    lines = full_weighing(personeel=("negatief", ""))[:-1]  # no motivation; one left out
    with pytest.raises(ValidationFailed) as refused:
        draft(users, case, lines)
    assert refused.value.fields["weging-personeel"] == "Motiveer dit oordeel."
    assert "weging-samenwerking" in refused.value.fields
    assert drafting.latest_version(case) is None


def test_a_redraft_starts_from_the_previous_weighing(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    draft(users, case, full_weighing(personeel=("neutraal", "Geen verhuizing nodig.")))
    start = drafting.start_values(case)["weging"]
    assert [s["code"] for s in start] == CODES
    assert start[3] == {
        "code": "personeel",
        "oordeel": "neutraal",
        "motivering": "Geen verhuizing nodig.",
    }
    assert drafting.start_values(case_in_state(users, "omvangswijziging", "in_behandeling")) == {
        "weging": [{"code": c, "oordeel": "", "motivering": ""} for c in CODES]
    }


def test_a_deactivated_or_renamed_consideration_stays_on_the_advice(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    draft(users, case, full_weighing(samenwerking=("positief", "Hogeschool Windesheim.")))
    [last] = [
        c for c in leidraad.all_considerations(users["beheerder"]) if c.code == "samenwerking"
    ]
    leidraad.edit_consideration(users["beheerder"], last.id, "Nieuwe naam", "")
    leidraad.set_active(users["beheerder"], last.id, False)
    stored = weighing.lines_of(latest(case))
    assert stored[-1].label == "Langdurige samenwerking met de regio"
    # A new version no longer weighs it: a line for it is refused, leaving it out is fine.
    with pytest.raises(ValidationFailed):
        draft(users, case, [*full_weighing(), {"code": "samenwerking", "oordeel": "nvt"}])
    draft(users, case, full_weighing())
    assert len(weighing.lines_of(latest(case))) == len(CODES) - 1


def test_the_weighing_of_a_draft_is_internal_and_the_issued_one_is_in_the_letter(
    users: Users,
) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    draft(users, case, full_weighing(arbeidsmarkt=("negatief", "Arbeidsmarktscan: beperkt.")))
    versions = [latest(case)]
    assert weighing.visible_weighings(users["ministerie"], versions) == {}
    assert len(weighing.visible_weighings(users["adviseur"], versions)[versions[0].id]) == 7
    act(users["adviseur"], case, "ter_goedkeuring_voorleggen")
    act(users["coordinator"], case, "uitbrengen")
    assert len(weighing.visible_weighings(users["ministerie"], versions)[versions[0].id]) == 7
    pdf = letter_pdf(users["ministerie"], case.id, 1)[1]
    assert pdf_ua_findings(pdf) == []  # the weighing table is tagged like the rest
    text = pdf_text(pdf)
    assert "Afweging volgens de leidraad" in text
    assert "Regionale arbeidsmarkt Negatief Arbeidsmarktscan: beperkt." in text


def test_a_draft_without_the_form_carries_no_weighing(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    draft(users, case, [])
    assert weighing.lines_of(drafting.latest_version(case)) == []  # type: ignore[arg-type]


def test_only_the_administrator_keeps_the_considerations(users: Users) -> None:
    for role in ("adviseur", "coordinator", "ministerie", "secretariaat"):
        with pytest.raises(NotAllowed):
            leidraad.add_consideration(users[role], "nieuw", "Nieuw", "")
    admin = users["beheerder"]
    added = leidraad.add_consideration(admin, "nabijheid", "Nabijheid van ketenpartners", "")
    assert leidraad.active_considerations()[-1].code == "nabijheid"
    leidraad.move(admin, added.id, -1)
    assert [c.code for c in leidraad.active_considerations()][-2:] == ["nabijheid", "samenwerking"]
    with pytest.raises(ValidationFailed) as refused:
        leidraad.add_consideration(admin, "nabijheid", "Dubbel", "")
    assert refused.value.fields == {"code": "Deze code bestaat al."}
    with pytest.raises(ValidationFailed):
        leidraad.add_consideration(admin, "Geen Code!", "X", "")
    with pytest.raises(ValidationFailed):
        leidraad.edit_consideration(admin, added.id, " ", "")


def test_the_annual_overview_summarises_the_issued_weighing(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    draft(
        users,
        case,
        full_weighing(regiobelang=("positief", "Profiel."), personeel=("negatief", "Pendel.")),
    )
    act(users["adviseur"], case, "ter_goedkeuring_voorleggen")
    act(users["coordinator"], case, "uitbrengen")
    db.session.execute(
        update(Case)
        .where(Case.id == case.id)
        .values(state="afgerond", outcome="overeenstemming", closed_at=utcnow())
    )
    db.session.commit()
    [row] = annual_overview.decided_in(users["coordinator"], local_today().year)
    assert row.weighing == "1 positief, 1 negatief, 5 niet van toepassing"
    assert row.cells()[-1] == row.weighing


def test_the_version_differences_show_a_changed_judgement(users: Users) -> None:
    # Version 1 judges the staff's interests neutral, version 2 negative with a new reason;
    # text and location stay: only that consideration's line changes.
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    case = draft(users, case, full_weighing(personeel=("neutraal", "Geen verhuizing nodig.")))
    case = draft(users, case, full_weighing(personeel=("negatief", "Twintig mensen verhuizen.")))
    versions = list(db.session.scalars(select(Advice).where(Advice.case_id == case.id)))
    diff = drafting.version_diffs(users["adviseur"], versions)[2]
    changed = [(line.change, line.text) for line in diff.lines if line.change != "same"]
    assert changed == [
        ("removed", "Afweging Belangen van het personeel: Neutraal – Geen verhuizing nodig."),
        ("added", "Afweging Belangen van het personeel: Negatief – Twintig mensen verhuizen."),
    ]
    assert drafting.version_diffs(users["ministerie"], versions) == {}  # BZK's deliberation
