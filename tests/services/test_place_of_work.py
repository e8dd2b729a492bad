"""The effect of cases counted per standplaats or per plaats van tewerkstelling, in the
dashboard's cumulative effect and the annual overview.

Hand-computed (issue #12, item 8): a growth of 150 fte in Zwolle (Overijssel), of which 60
are expected to work mostly in Groningen. Per standplaats Overijssel +150; per place of work
Overijssel +90, Groningen +60. The figures (``add_figures``: national total 10.000 fte,
Overijssel and Groningen 0) stay by standplaats: 10.000 before, 10.150 after either way.
"""

from __future__ import annotations

import csv
import io
from contextlib import closing

from openpyxl import load_workbook

from caseflow.domain.clock import local_today
from caseflow.domain.place_of_work import PLACE_OF_WORK, STANDPLAATS
from caseflow.extensions import db
from caseflow.models import Case, User
from caseflow.services.insight import spreading
from caseflow.services.reporting import annual_overview
from tests.factories import case_in_state, province_id
from tests.services.test_insight import add_figures

Users = dict[str, User]


def zwolle(users: Users, state: str, **extra: object) -> Case:
    """The default size change (IND Zwolle, +150 fte in Overijssel) with 60 fte working
    mostly in Groningen; a decided one agreed in Zwolle."""
    case = case_in_state(
        users,
        "omvangswijziging",
        state,
        work_province_id=province_id("Groningen"),
        work_place="Groningen",
        work_fte=60,
        **extra,
    )
    if case.agreed_province_id is not None:
        case.agreed_province_id, case.agreed_place = province_id("Overijssel"), "Zwolle"
        db.session.commit()
    return case


def _after(effect: spreading.CumulativeEffect) -> dict[str, float]:
    assert effect.impact is not None
    return {p.province: p.after_fte for p in effect.impact.provinces}


def test_the_dashboard_counts_decided_cases_per_standplaats_by_default(users: Users) -> None:
    add_figures()
    zwolle(users, "afgerond")
    year = local_today().year
    default = spreading.dashboard(users["coordinator"], year=year).cumulative
    assert default is not None and default.basis == STANDPLAATS
    assert default.basis_label == "per standplaats"
    assert _after(default) == {"Overijssel": 150}

    per_work = spreading.cumulative_effect_for(users["coordinator"], year, PLACE_OF_WORK)
    assert per_work.basis_label == "per plaats van tewerkstelling"
    assert _after(per_work) == {"Groningen": 60, "Overijssel": 90}
    assert per_work.impact is not None
    assert (per_work.impact.total_before, per_work.impact.total_after) == (10000, 10150)
    # An unknown basis is the default.
    assert spreading.cumulative_effect_for(users["coordinator"], year, "huis").basis == STANDPLAATS


def test_a_case_without_a_place_of_work_counts_the_same_both_ways(users: Users) -> None:
    add_figures()
    case_in_state(users, "omvangswijziging", "afgerond")  # agreed in Limburg, +150
    year = local_today().year
    for basis in (STANDPLAATS, PLACE_OF_WORK):
        assert _after(spreading.cumulative_effect_for(users["adviseur"], year, basis)) == {
            "Limburg": 150
        }


def test_the_annual_overview_counts_the_effect_per_basis(users: Users) -> None:
    zwolle(users, "in_behandeling")  # ongoing, proposed at the current location
    zwolle(users, "afgerond", fte_change=200)  # decided, agreed in Zwolle
    case_in_state(users, "omvangswijziging", "ingetrokken")  # withdrawn: moves nothing
    today = local_today()

    default = annual_overview.annual_overview(users["coordinator"], today.year, today)
    assert default.basis == STANDPLAATS
    assert [r.cells() for r in default.effect] == [("Overijssel", 150, 200)]

    per_work = annual_overview.annual_overview(
        users["coordinator"], today.year, today, PLACE_OF_WORK
    )
    assert [r.cells() for r in per_work.effect] == [("Groningen", 60, 60), ("Overijssel", 90, 140)]
    assert annual_overview.filename(per_work, "csv").endswith("-tewerkstelling.csv")

    with closing(annual_overview.csv_bytes(per_work)) as chunks:  # gives its connection back
        raw = b"".join(chunks).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(raw), delimiter=";"))
    title = lines.index(["Effect van de zaken per provincie, per plaats van tewerkstelling"])
    assert lines[title + 1] == [
        "Provincie",
        "Lopende zaken, voorstel (fte per plaats van tewerkstelling)",
        "Besloten zaken, overeenstemming of besluit (fte per plaats van tewerkstelling)",
    ]
    assert lines[title + 2 :] == [["Groningen", "60", "60"], ["Overijssel", "90", "140"]]

    with annual_overview.xlsx_file(default) as handle:
        book = load_workbook(handle)
    rows = list(book["Effect per provincie"].iter_rows(values_only=True))
    assert rows[0][0] == "Effect van de zaken per provincie, per standplaats"
    assert rows[2] == ("Overijssel", 150, 200)


def test_a_ministry_sees_no_other_ministrys_effect(users: Users) -> None:
    add_figures()
    zwolle(users, "afgerond")
    effect = spreading.cumulative_effect_for(
        users["ministerie_ocw"], local_today().year, PLACE_OF_WORK
    )
    assert effect.case_count == 0 and effect.impact is None
