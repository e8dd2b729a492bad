"""The province report, computed by hand: figures for Groningen on three peildata (one
incomplete year with only an official national total), three cases in Groningen and one
elsewhere, talks, signals and offices; the ministry's refusal and the unknown province."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import event, select

from caseflow.domain.clock import local_today
from caseflow.domain.errors import NotAllowed, NotFound
from caseflow.domain.offices import Opening
from caseflow.extensions import db
from caseflow.models import Province, Signal, User
from caseflow.models.region import EmploymentFigure, NationalFigure
from caseflow.services.network import signals, talks
from caseflow.services.network.signals import SignalData
from caseflow.services.network.talks import TalkData
from caseflow.services.places import meeting_places, offices
from caseflow.services.reference.loader import current_ministry
from caseflow.services.reporting import province_report
from tests.factories import case_in_state, province_id

Users = dict[str, User]
THIS_YEAR = local_today().year
LAST_YEAR, EARLIER = THIS_YEAR - 1, THIS_YEAR - 2
GR = "Groningen"
NEW = "Nieuwe dienst of nieuw organisatieonderdeel"
SIZE = "Wijziging in omvang van een dienst"


def _figure(province: str, sector: str, day: date, fte: float, demo: bool = False) -> None:
    db.session.add(
        EmploymentFigure(
            province_id=province_id(province),
            sector=sector,
            peildatum=day,
            fte=fte,
            source="illustratief (gegenereerd)" if demo else "CBS test",
            illustrative=demo,
        )
    )


def make_figures() -> None:
    """Complete figures (every province, sectors Ministeries and Defensie) on 1 January of
    last year and this year; an incomplete earlier year (only Groningen's total) with an
    official national total.

    Last year: Groningen 3000 + 1000 = 4000; ten provinces 5000 + 1000 = 6000 each; Utrecht
    12000 + 4000 = 16000: national 80000, Groningen 5%.
    This year: Groningen 3300 + 1200 (illustrative) = 4500; the ten again 60000; Utrecht
    20000 + 5500 = 25500: national 90000, Groningen 5%; +500 fte, +12.5%.
    Earlier: Groningen 3800 of an official 76000: 5%; last year +200 (200/3800)."""
    names = list(db.session.scalars(select(Province.name)))
    last, this = date(LAST_YEAR, 1, 1), date(THIS_YEAR, 1, 1)
    for name in names:
        if name in (GR, "Utrecht"):
            continue
        for day in (last, this):
            _figure(name, "Ministeries", day, 5000)
            _figure(name, "Defensie", day, 1000)
    _figure(GR, "Ministeries", last, 3000)
    _figure(GR, "Defensie", last, 1000)
    _figure("Utrecht", "Ministeries", last, 12000)
    _figure("Utrecht", "Defensie", last, 4000)
    _figure(GR, "Ministeries", this, 3300)
    _figure(GR, "Defensie", this, 1200, demo=True)
    _figure("Utrecht", "Ministeries", this, 20000)
    _figure("Utrecht", "Defensie", this, 5500)
    _figure(GR, "Totaal", date(EARLIER, 1, 1), 3800)
    db.session.add(NationalFigure(peildatum=date(EARLIER, 1, 1), total_fte=76000, source="CBS"))
    db.session.commit()


def make_cases(users: Users) -> dict[str, str]:
    """Groningen: a new service proposed there (120 fte, submitted), a growth there (150
    fte, in progress), a case split over Groningen as second province (30 fte, submitted),
    a growth agreed this year (150 fte, moved to Heerlen); a draft there (left out: not
    filed). Elsewhere: a new service in Limburg (left out)."""
    gr = province_id(GR)
    made = {
        "new": case_in_state(
            users, "nieuwe_dienst", "ingediend", proposed_province_id=gr, proposed_place="Delfzijl"
        ),
        "growth": case_in_state(
            users,
            "omvangswijziging",
            "in_behandeling",
            current_province_id=gr,
            current_place="Assen",
        ),
        "second": case_in_state(users, "nieuwe_dienst", "ingediend", fte_change=30),
        "agreed": case_in_state(
            users, "omvangswijziging", "afgerond", current_province_id=gr, current_place="Veendam"
        ),
        "draft": case_in_state(users, "nieuwe_dienst", proposed_province_id=gr),
        "elsewhere": case_in_state(users, "nieuwe_dienst", "ingediend"),
    }
    made["second"].second_province_id = gr
    db.session.commit()
    return {key: case.reference for key, case in made.items()}


def test_jobs_trend_shares_and_sectors(app: Flask, users: Users) -> None:
    make_figures()
    report = province_report.province_report(users["adviseur"], "groningen")
    assert report.year == THIS_YEAR  # the latest year with figures
    assert report.years == (EARLIER, LAST_YEAR, THIS_YEAR)
    assert report.peildatum == date(THIS_YEAR, 1, 1)
    earlier, last, this = report.jobs
    assert (earlier.fte, earlier.national_fte, earlier.share) == (3800, 76000, 0.05)
    assert (earlier.change, earlier.change_share) == (None, None)
    assert (last.fte, last.national_fte, last.share) == (4000, 80000, 0.05)
    assert last.change == 200 and last.change_share == pytest.approx(200 / 3800)
    assert (this.fte, this.national_fte, this.share) == (4500, 90000, 0.05)
    assert this.change == 500 and this.change_share == pytest.approx(0.125)
    assert [p.illustrative for p in report.jobs] == [False, False, True]
    assert report.illustrative and report.current == this
    defensie, ministeries = report.sectors
    assert (ministeries.sector, ministeries.fte, ministeries.national_fte) == (
        "Ministeries",
        3300,
        73300,  # 3300 + 10 x 5000 + 20000
    )
    assert ministeries.share == pytest.approx(3300 / 4500)
    assert ministeries.national_share == pytest.approx(3300 / 73300)
    assert (defensie.fte, defensie.national_fte, defensie.illustrative) == (1200, 16700, True)
    assert "CBS test" in report.sources


def test_an_earlier_year_stops_the_trend_there(app: Flask, users: Users) -> None:
    make_figures()
    report = province_report.province_report(users["secretariaat"], "PV20", LAST_YEAR)
    assert [p.fte for p in report.jobs] == [3800, 4000]
    assert [s.fte for s in report.sectors] == [1000, 3000]
    assert not report.illustrative
    # Counted at the end of that year from the audit trail; no year without figures breaks.
    assert report.cases_on == date(LAST_YEAR, 12, 31) and report.state_from_audit
    empty = province_report.province_report(users["adviseur"], "groningen", 1999)
    assert empty.peildatum is None and empty.jobs == () and empty.sectors == ()


def test_cases_ongoing_per_state_and_decided_per_outcome(app: Flask, users: Users) -> None:
    make_cases(users)
    report = province_report.province_report(users["coordinator"], "groningen", THIS_YEAR)
    ongoing = {(c.case_type, c.label): (c.count, c.fte) for c in report.ongoing}
    assert ongoing == {
        (NEW, "Ingediend"): (2, 150),  # 120 + 30 (second province)
        (SIZE, "In behandeling"): (1, 150),
    }
    assert (report.ongoing_count, report.ongoing_fte) == (3, 300)
    assert [(c.case_type, c.label, c.count, c.fte) for c in report.decided] == [
        (SIZE, "Overeenstemming", 1, 150)
    ]
    assert (report.decided_count, report.decided_fte) == (1, 150)
    assert not report.state_from_audit and report.cases_on == local_today()
    last_year = province_report.province_report(users["coordinator"], "groningen", LAST_YEAR)
    assert last_year.ongoing == () and last_year.decided == ()  # filed this year


def test_talks_signals_offices_and_masterplan(app: Flask, users: Users) -> None:
    adviser, gr = users["adviseur"], province_id(GR)
    today = local_today()
    held = date(THIS_YEAR, 1, 15) if today >= date(THIS_YEAR, 1, 15) else today
    talk = talks.record_talk(
        adviser,
        TalkData(held, "bestuurders", gr, functions=["gedeputeerde"], topics="Nij Begun"),
    )
    talks.add_follow_up(adviser, talk, "Kantoorruimte nagaan", "BZK", today + timedelta(days=9))
    talks.add_follow_up(adviser, talk, "Cijfers delen", "BZK", today)
    (done,) = (
        f.id for f in talks.get_talk(adviser, talk).follow_ups if f.action == "Cijfers delen"
    )
    talks.mark_done(adviser, talk, done)
    talks.record_talk(
        adviser, TalkData(date(LAST_YEAR, 6, 1), "bestuurders", gr, functions=["burgemeester"])
    )
    talks.record_talk(
        adviser, TalkData(held, "bestuurders", province_id("Drenthe"), functions=["gedeputeerde"])
    )
    jenv = current_ministry("JenV").id
    opened, converted, lapsed, _elsewhere = (
        signals.record_signal(
            adviser,
            SignalData(ministry_id=jenv, fte_change=fte, horizon_year=2028, province_id=province),
        )
        for fte, province in ((80, gr), (40, gr), (20, gr), (10, province_id("Drenthe")))
    )
    db.session.get_one(Signal, converted).status = signals.CONVERTED
    db.session.get_one(Signal, lapsed).status = signals.LAPSED
    db.session.commit()
    offices.add_office(
        adviser,
        offices.OfficeInput(
            place="Groningen",
            province_id=gr,
            source="test",
            workplaces=300,
            occupied=180,
            meeting_place=True,
            meeting_status="open",
            opening=Opening(2024, 5),
        ),
    )
    offices.add_office(
        adviser, offices.OfficeInput(place="Assen", province_id=province_id("Drenthe"), source="t")
    )

    meeting_places.load_meeting_places()  # the shipped ones (emptied between PG tests)
    db.session.commit()
    report = province_report.province_report(adviser, "groningen", THIS_YEAR)
    (line,) = report.talks
    assert (line.held_on, line.functions, line.topics) == (held, ("gedeputeerde",), "Nij Begun")
    assert [f.action for f in line.open_follow_ups] == ["Kantoorruimte nagaan"]
    assert [s.id for s in report.open_signals] == [opened]
    assert [s.id for s in report.converted_signals] == [converted]
    assert [s.id for s in report.signals] == [opened, converted]
    # The office added here, and the shipped meeting place announced for the city of
    # Groningen (action 3 of the status overview); nothing of Drenthe.
    office, shipped = sorted(report.offices, key=lambda o: o.free is None)
    assert (office.place, office.free, office.meeting_place) == ("Groningen", 120, True)
    assert (shipped.place, shipped.meeting_status, shipped.opening) == (
        "Groningen",
        "announced",
        None,
    )
    assert set(report.meeting_places) == {office, shipped}
    assert [m.name for m in report.masterplans] == ["Masterplan Groningen"]


def test_downloads_hold_the_rows(app: Flask, users: Users) -> None:
    make_figures()
    refs = make_cases(users)
    report = province_report.province_report(users["adviseur"], "groningen")
    text = b"".join(province_report.csv_bytes(report, {})).decode("utf-8-sig")
    rows = [line.split(";") for line in text.splitlines()]
    assert [
        f"{THIS_YEAR}-01-01",
        "4500.0",
        "90000.0",
        "0.05",
        "500.0",
        "0.125",
        "illustratief",
    ] in rows
    assert [NEW, "Ingediend", "2", "150"] in rows
    assert ["Totaal", "", "3", "300"] in rows
    assert refs["elsewhere"] not in text
    assert province_report.filename(report, "csv") == f"provincierapport-groningen-{THIS_YEAR}.csv"


def test_only_the_coordination_side_and_known_provinces(app: Flask, users: Users) -> None:
    for role in ("ministerie", "beheerder"):
        with pytest.raises(NotAllowed):
            province_report.province_report(users[role], "groningen")
    for key in ("atlantis", "", "PV99", "groningen\x00"):
        with pytest.raises(NotFound):
            province_report.province_report(users["adviseur"], key)
    assert province_report.find_province("fryslan").name == "Fryslân"
    assert province_report.find_province("Noord-Holland").slug == "noord-holland"
    assert province_report.find_province("pv20").name == GR


def test_the_report_reads_in_a_fixed_number_of_queries(app: Flask, users: Users) -> None:
    make_figures()
    make_cases(users)
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    def count() -> int:
        statements.clear()
        db.session.expire_all()
        province_report.province_report(users["adviseur"], "groningen")
        return len(statements)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        few = count()
        make_cases(users)  # twice the cases: not one query more
        assert count() == few
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_a_year_without_its_own_figures_reads_the_latest_before_it(users: Users) -> None:
    # Next year's report (its 1 January figures not published yet) shows this year's jobs,
    # 4500 fte; the default is the running year.
    make_figures()
    report = province_report.province_report(users["adviseur"], "groningen", THIS_YEAR + 1)
    assert report.year == THIS_YEAR + 1 and report.peildatum == date(THIS_YEAR, 1, 1)
    assert report.current is not None and report.current.fte == 4500
    assert {s.sector for s in report.sectors} == {"Ministeries", "Defensie"}
    assert province_report.province_report(users["adviseur"], "groningen").year == THIS_YEAR
    # A year before every figure has none.
    empty = province_report.province_report(users["adviseur"], "groningen", 2000)
    assert (empty.peildatum, empty.current, empty.jobs) == (None, None, ())
