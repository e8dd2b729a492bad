"""The annual overview for parliament: the summary per ministry, case type, state or
outcome and province (GROUP BY, hand-computed below), the drill-down behind every cell, the
state on a past peildatum from the audit trail, the role check and need-to-know, and the
streamed CSV/XLSX downloads."""

from __future__ import annotations

import csv
import io
import tracemalloc
from contextlib import closing
from datetime import datetime, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, insert, select, update

from caseflow.domain.clock import local_today, utcnow
from caseflow.domain.errors import NotAllowed, NotFound
from caseflow.extensions import db
from caseflow.models import Case, CaseEvent, User
from caseflow.services.reporting import annual_overview
from caseflow.services.reporting.annual_overview import (
    CASE_TYPE,
    DECIDED,
    MINISTRY,
    ONGOING,
    OUTCOME,
    PROVINCE,
    STATE,
    Selection,
    Summary,
)
from tests.factories import act, case_in_state, province_id

Users = dict[str, User]
OMVANG = "Wijziging in omvang van een dienst"
NIEUW = "Nieuwe dienst of nieuw organisatieonderdeel"


def _set(case: Case, **values: object) -> None:
    db.session.execute(update(Case).where(Case.id == case.id).values(**values))
    db.session.commit()


@pytest.fixture
def fixture_set(users: Users) -> dict[str, Case]:
    """JenV: one growth in treatment (150 fte, Zwolle), one new service filed (30 fte,
    proposed in Groningen), one draft, one growth agreed this year (150 fte, Heerlen), one
    new service withdrawn (120 fte, proposed in Limburg), one agreed last year; OCW: one
    new service in treatment (120 fte, proposed in Limburg)."""
    jenv_busy = case_in_state(users, "omvangswijziging", "in_behandeling", title="Groei IND")
    jenv_filed = case_in_state(
        users,
        "nieuwe_dienst",
        "ingediend",
        fte_change=30,
        proposed_province_id=province_id("Groningen"),
        proposed_place="Groningen",
    )
    jenv_new = case_in_state(users, "nieuwe_dienst", title="Meldpunt JenV")
    agreed = case_in_state(users, "omvangswijziging", "afgerond", title="IND Zwolle akkoord")
    withdrawn = case_in_state(users, "nieuwe_dienst", "ingetrokken", title="Ingetrokken plan")
    old = case_in_state(users, "omvangswijziging", "afgerond", title="Oud besluit")
    ocw = case_in_state(
        users, "nieuwe_dienst", "in_behandeling", owner=users["ministerie_ocw"], title="DUO Noord"
    )
    last_year = datetime(local_today().year - 1, 6, 1, 10, 0)
    _set(old, created_at=last_year - timedelta(days=30), closed_at=last_year)
    return {
        "jenv_busy": jenv_busy,
        "jenv_filed": jenv_filed,
        "jenv_new": jenv_new,
        "agreed": agreed,
        "withdrawn": withdrawn,
        "old": old,
        "ocw": ocw,
    }


def _table(found: Summary, dimension: str) -> dict[str, tuple[int, int]]:
    return {c.label or "-": (c.count, c.fte) for c in found.by(dimension).cells}


def _today(users: Users, role: str = "coordinator") -> annual_overview.AnnualOverview:
    return annual_overview.annual_overview(users[role], local_today().year, local_today())


def test_summary_by_hand(users: Users, fixture_set: dict[str, Case]) -> None:
    data = _today(users)
    assert not data.state_from_audit
    ongoing = data.ongoing
    # The draft has not reached BZK; the closed cases are decided. 150 + 30 + 120 fte.
    assert (ongoing.count, ongoing.fte) == (3, 300)
    assert _table(ongoing, MINISTRY) == {"JenV": (2, 180), "OCW": (1, 120)}
    assert _table(ongoing, CASE_TYPE) == {NIEUW: (2, 150), OMVANG: (1, 150)}
    assert _table(ongoing, STATE) == {"In behandeling": (2, 270), "Ingediend": (1, 30)}
    # Proposed province, else the current one: Zwolle's growth counts in Overijssel.
    assert _table(ongoing, PROVINCE) == {
        "Groningen": (1, 30),
        "Limburg": (1, 120),
        "Overijssel": (1, 150),
    }
    decided = data.decided
    assert (decided.count, decided.fte) == (2, 270)
    assert _table(decided, MINISTRY) == {"JenV": (2, 270)}
    assert _table(decided, OUTCOME) == {"Overeenstemming": (1, 150), "Ingetrokken": (1, 120)}
    assert [c.label for c in decided.by(OUTCOME).cells] == ["Overeenstemming", "Ingetrokken"]
    assert _table(decided, CASE_TYPE) == {NIEUW: (1, 120), OMVANG: (1, 150)}
    # Agreed in Heerlen; the withdrawn one where it was proposed.
    assert _table(decided, PROVINCE) == {"Limburg": (2, 270)}

    previous = annual_overview.annual_overview(users["secretariaat"], local_today().year - 1)
    assert previous.peildatum.month == 12 and previous.peildatum.day == 31
    assert (previous.decided.count, previous.decided.fte) == (1, 150)
    assert previous.ongoing.count == 0  # the other cases did not exist yet

    yesterday = annual_overview.annual_overview(
        users["adviseur"], None, local_today() - timedelta(days=1)
    )
    assert yesterday.ongoing.count == 0  # all created today
    act(users["ministerie"], fixture_set["jenv_new"], "indienen")  # 120 fte, Limburg
    assert _table(_today(users).ongoing, MINISTRY) == {"JenV": (3, 300), "OCW": (1, 120)}


def _walk(
    users: Users, section: str, chosen: Selection, size: int = 2
) -> list[annual_overview.OverviewRow]:
    rows: list[annual_overview.OverviewRow] = []
    after: int | None = None
    while True:
        page = annual_overview.drill_down(
            users["adviseur"], section, chosen, local_today().year, local_today(), after, size
        )
        assert len(page.rows) <= size
        rows.extend(page.rows)
        if page.next_after is None:
            return rows
        assert page.next_after == page.rows[-1].case_id
        after = page.next_after


def _choose(section: str, dimension: str, key: str) -> Selection:
    names = {MINISTRY: "ministry", CASE_TYPE: "case_type", STATE: "status", OUTCOME: "status"}
    return annual_overview.selection(section, **{names.get(dimension, "province"): key})


def test_every_cell_is_the_sum_of_its_drill_down(
    users: Users, fixture_set: dict[str, Case]
) -> None:
    case_in_state(users, "omvangswijziging", "in_behandeling", current_province_id=None)
    data = _today(users)
    assert "-" in _table(data.ongoing, PROVINCE)  # a case without any location
    for found in (data.ongoing, data.decided):
        everything = _walk(users, found.section, Selection())
        assert len(everything) == found.count
        assert sum(r.fte_change or 0 for r in everything) == found.fte
        for breakdown in found.breakdowns:
            assert sum(c.count for c in breakdown.cells) == found.count
            for cell in breakdown.cells:
                rows = _walk(
                    users, found.section, _choose(found.section, breakdown.dimension, cell.key)
                )
                assert len(rows) == cell.count, (breakdown.dimension, cell.label)
                assert sum(r.fte_change or 0 for r in rows) == cell.fte
    decided = _walk(users, DECIDED, _choose(DECIDED, OUTCOME, "overeenstemming"))
    assert [r.reference for r in decided] == [fixture_set["agreed"].reference]
    assert isinstance(decided[0], annual_overview.DecidedRow)
    assert decided[0].agreed_location == "Heerlen (Limburg)"


def test_the_drill_down_walks_every_case_once(users: Users) -> None:
    made = {case_in_state(users, "nieuwe_dienst", "ingediend").id for _ in range(7)}
    for size in (1, 2, 3, 7, 50):
        seen = [r.case_id for r in _walk(users, ONGOING, Selection(), size)]
        assert sorted(seen) == sorted(made) and len(seen) == len(set(seen))
    page = annual_overview.drill_down(users["adviseur"], ONGOING, Selection(), size=7)
    assert page.next_after is None  # exactly one page: no empty second one


@pytest.mark.parametrize(
    ("args", "section"),
    [
        ({"ministry": "abc"}, ONGOING),
        ({"ministry": "99999999999"}, ONGOING),
        ({"ministry": "nan"}, ONGOING),
        ({"province": "-1"}, ONGOING),
        ({"case_type": "onbekend"}, ONGOING),
        ({"status": "ministerraad"}, ONGOING),  # an outcome, not a state
        ({"status": "in_behandeling"}, DECIDED),  # a state, not an outcome
        ({}, "elders"),
    ],
)
def test_a_selection_no_cell_can_have_is_not_found(args: dict[str, str], section: str) -> None:
    with pytest.raises(NotFound):
        annual_overview.selection(section, **args)


def test_past_state_comes_from_the_audit_trail(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "advies_uitgebracht")
    day = local_today() - timedelta(days=40)
    _set(case, created_at=utcnow() - timedelta(days=60))
    for offset, state in ((50, "in_behandeling"), (45, "ter_goedkeuring"), (20, "geagendeerd")):
        db.session.add(
            CaseEvent(
                case_id=case.id,
                at=utcnow() - timedelta(days=offset),
                kind="transitie",
                to_state=state,
                hash="test",
            )
        )
    db.session.commit()
    data = annual_overview.annual_overview(users["coordinator"], day.year, day)
    assert data.state_from_audit
    assert _table(data.ongoing, STATE) == {"Ter goedkeuring": (1, 150)}  # not "uitgebracht"
    chosen = annual_overview.selection(ONGOING, status="ter_goedkeuring")
    page = annual_overview.drill_down(users["coordinator"], ONGOING, chosen, day.year, day)
    [row] = page.rows
    assert isinstance(row, annual_overview.OngoingRow)
    assert (row.reference, row.state) == (case.reference, "Ter goedkeuring")
    current = annual_overview.selection(ONGOING, status="advies_uitgebracht")
    assert (
        annual_overview.drill_down(users["coordinator"], ONGOING, current, day.year, day).rows == []
    )


@pytest.mark.parametrize("role", ["ministerie", "beheerder"])
def test_only_bzk_roles_and_secretariat(
    users: Users, fixture_set: dict[str, Case], role: str
) -> None:
    """Need-to-know: the overview counts every ministry's cases, so only the roles that
    see all cases may draw it up (``may_view``); a ministry gets no summary, no drill-down
    and no list, not even of its own cases."""
    with pytest.raises(NotAllowed):
        annual_overview.annual_overview(users[role])
    with pytest.raises(NotAllowed):
        annual_overview.drill_down(users[role], ONGOING, Selection())
    with pytest.raises(NotAllowed):
        annual_overview.full_list(users[role], ONGOING, local_today().year, local_today())


def test_a_ministry_cell_holds_only_that_ministrys_cases(
    users: Users, fixture_set: dict[str, Case]
) -> None:
    ocw = users["ministerie_ocw"].ministry_id
    assert ocw is not None
    rows = _walk(users, ONGOING, annual_overview.selection(ONGOING, ministry=str(ocw)))
    assert [(r.ministry, r.reference) for r in rows] == [("OCW", fixture_set["ocw"].reference)]


def test_the_summary_reads_in_a_fixed_number_of_statements(users: Users) -> None:
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    def count() -> int:
        statements.clear()
        db.session.expire_all()
        annual_overview.annual_overview(users["adviseur"], local_today().year, local_today())
        return len(statements)

    def make() -> None:
        case_in_state(users, "omvangswijziging", "in_behandeling")
        case_in_state(users, "nieuwe_dienst", "ingediend", owner=users["ministerie_ocw"])
        case_in_state(users, "omvangswijziging", "afgerond")

    make()
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        few = count()
        make()  # twice the cases: not one statement more
        assert count() == few
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _csv(data: annual_overview.AnnualOverview) -> list[list[str]]:
    with closing(annual_overview.csv_bytes(data)) as chunks:  # gives its connection back
        raw = b"".join(chunks)
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_csv_and_xlsx(users: Users, fixture_set: dict[str, Case]) -> None:
    _set(fixture_set["jenv_busy"], title="=HYPERLINK(1)")
    data = _today(users)
    lines = _csv(data)
    assert lines[0] == [f"Lopende zaken op {local_today():%d-%m-%Y}"]
    assert tuple(lines[1]) == annual_overview.ONGOING_HEADERS
    assert ["JenV", fixture_set["ocw"].reference] not in [line[:2] for line in lines]
    assert ["OCW", fixture_set["ocw"].reference] in [line[:2] for line in lines]
    assert "'=HYPERLINK(1)" in [line[2] for line in lines if len(line) > 2]
    assert tuple(lines[1 + data.ongoing_count + 3]) == annual_overview.DECIDED_HEADERS
    # The summary follows the lists, the effect per province ends the file.
    summary = lines.index(["Samenvatting"])
    assert lines[summary + 1] == [
        f"Lopende zaken op {local_today():%d-%m-%Y}",
        "Aantal zaken",
        "Fte wijziging",
    ]
    assert lines[summary + 2] == ["Totaal", "3", "300"]
    assert ["OCW", "1", "120"] in lines[summary:]

    with annual_overview.xlsx_file(data) as handle:
        book = load_workbook(handle)
    assert book.sheetnames == [
        "Lopende zaken",
        "Besloten zaken",
        "Samenvatting",
        "Effect per provincie",
    ]
    ongoing = list(book["Lopende zaken"].iter_rows(values_only=True))
    assert ongoing[1] == annual_overview.ONGOING_HEADERS
    assert len(ongoing) == 2 + data.ongoing_count
    busy = next(r for r in ongoing if r[1] == fixture_set["jenv_busy"].reference)
    assert busy[8] == 150  # numbers stay numbers
    decided = list(book["Besloten zaken"].iter_rows(values_only=True))
    assert {r[4] for r in decided[2:]} == {"Overeenstemming", "Ingetrokken"}
    summary_sheet = list(book["Samenvatting"].iter_rows(values_only=True))
    assert ("Totaal", 2, 270) in summary_sheet


def _clone(case: Case, copies: int, prefix: str = "X") -> None:
    """``copies`` more rows like ``case`` (bulk insert: thousands in a blink)."""
    values = {c.key: getattr(case, c.key) for c in Case.__table__.columns if c.key not in ("id",)}
    rows: list[dict[str, Any]] = [
        values | {"reference": f"{prefix}-{n:07d}", "title": f"Kloon {n} " + "x" * 60}
        for n in range(copies)
    ]
    db.session.execute(insert(Case), rows)
    db.session.commit()


def test_the_csv_streams_in_bounded_memory(users: Users, monkeypatch: pytest.MonkeyPatch) -> None:
    """Thousands of rows, read a hundred at a time: the peak memory of writing the CSV
    does not grow with the number of rows (twice the rows, not half as much memory more)
    and stays below the size of the file itself, so the list is never held whole."""
    monkeypatch.setattr(annual_overview, "BATCH", 100)
    case = case_in_state(users, "omvangswijziging", "in_behandeling")

    def peak_and_size() -> tuple[int, int]:
        data = _today(users)
        with closing(annual_overview.csv_bytes(data)) as chunks:  # gives its connection back
            b"".join(chunks)  # warm the statement caches
        tracemalloc.start()
        try:
            with closing(annual_overview.csv_bytes(data)) as chunks:
                size = sum(len(chunk) for chunk in chunks)
            return tracemalloc.get_traced_memory()[1], size
        finally:
            tracemalloc.stop()

    _clone(case, 6000, "A")
    peak, size = peak_and_size()
    _clone(case, 6000, "B")
    double_peak, double_size = peak_and_size()
    assert double_size > 1.9 * size
    assert double_peak < 1.5 * peak, (peak, double_peak)
    assert double_peak < double_size / 2, (double_peak, double_size)


def test_decided_in_lists_the_weighing(users: Users, fixture_set: dict[str, Case]) -> None:
    rows = annual_overview.decided_in(users["coordinator"], local_today().year)
    assert {r.reference for r in rows} == {
        fixture_set["agreed"].reference,
        fixture_set["withdrawn"].reference,
    }
    assert db.session.scalar(select(Case.id).where(Case.id == rows[0].case_id))
