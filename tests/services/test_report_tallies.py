"""The kept counts of the annual overview and the province report (``report_tallies``,
``report_effects``) always equal what the cases give, through filing, transitions,
decisions, reopening, edits, ORM bulk statements and deletion, after a random sequence of
them too; the recount rebuilds them after changes made outside the app; and the summaries
read from them are the ones the GROUP BYs over the cases give."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import delete, insert, select, text, update

from caseflow.domain.clock import local_today, utcnow
from caseflow.domain.place_of_work import BASES
from caseflow.extensions import db
from caseflow.models import Case, ReportTally, User
from caseflow.services.reporting import annual_overview, province_report, tallies
from tests.factories import act, case_in_state, province_id

Users = dict[str, User]
THIS_YEAR = local_today().year


def _check() -> None:
    """The kept rows are exactly what the cases as stored count for."""
    db.session.expire_all()
    assert tallies.kept() == tallies.computed(tallies.current_cases())


def _set(case: Case, **values: Any) -> None:
    db.session.execute(update(Case).where(Case.id == case.id).values(**values))
    db.session.commit()


def test_the_kept_rows_follow_every_change(users: Users) -> None:
    busy = case_in_state(
        users,
        "omvangswijziging",
        "in_behandeling",
        fte_change=40,
        proposed_province_id=province_id("Groningen"),
    )
    filed = case_in_state(users, "nieuwe_dienst", "ingediend", fte_change=30)
    draft = case_in_state(users, "nieuwe_dienst")  # a draft: not with BZK, counted nowhere
    _check()
    ongoing = tallies.tally_rows(tallies.ONGOING, tallies.NOW)
    assert sum(row.n for row in db.session.execute(ongoing)) == 2
    # a transition, a decision to withdraw, reopening
    act(users["ministerie"], draft, "indienen")
    _check()
    act(users["ministerie"], filed, "intrekken", reden="Gaat niet door.")
    _check()
    decided = tallies.tally_rows(tallies.DECIDED, THIS_YEAR)
    assert [(row.status, row.n, row.fte) for row in db.session.execute(decided)] == [
        ("ingetrokken", 1, 30)
    ]
    act(users["coordinator"], filed, "heropenen", reden="Toch wel.")
    _check()
    # edits through the ORM: the fte, the provinces, the ministry, the closing moment
    busy.fte_change = 55
    busy.agreed_province_id = province_id("Limburg")
    busy.second_province_id = province_id("Zeeland")
    db.session.commit()
    _check()
    db.session.expire_all()  # set on expired attributes: the old values come from the table
    busy.proposed_province_id = None
    busy.ministry_id = users["ministerie_ocw"].ministry_id or busy.ministry_id
    db.session.commit()
    _check()
    agreed = case_in_state(users, "omvangswijziging", "afgerond", fte_change=150)
    _check()
    agreed.closed_at = datetime(THIS_YEAR - 1, 6, 1, 10, 0)  # moves to last year's count
    db.session.commit()
    _check()
    # ORM bulk statements: an UPDATE with a WHERE, an UPDATE by primary key, rows inserted
    _set(agreed, closed_at=utcnow(), fte_change=-20)
    _check()
    db.session.execute(
        update(Case),
        [{"id": busy.id, "version": busy.version, "state": "ingediend", "fte_change": 7}],
    )
    db.session.commit()
    _check()
    values = {c.key: getattr(busy, c.key) for c in Case.__table__.columns if c.key != "id"}
    db.session.execute(
        insert(Case), [values | {"reference": f"KLOON-{n}", "fte_change": n} for n in range(3)]
    )
    db.session.commit()
    _check()
    # deletion: one by the ORM, the rest in bulk
    clone = db.session.scalar(select(Case).where(Case.reference == "KLOON-0"))
    assert clone is not None
    db.session.delete(clone)
    db.session.commit()
    _check()
    db.session.execute(delete(Case).where(Case.reference.like("KLOON-%")))
    db.session.commit()
    _check()


def test_a_random_sequence_of_changes(users: Users) -> None:
    """Forty changes chosen at random (seeded) among all the ways a case changes; after
    each, the kept rows equal what the cases give."""
    chance = random.Random(14)
    provinces = [province_id(name) for name in ("Groningen", "Limburg", "Zeeland", "Utrecht")]
    ministries = [users["ministerie"], users["ministerie_ocw"]]
    cases: list[Case] = []

    def new_case() -> None:
        case_type = chance.choice(["omvangswijziging", "nieuwe_dienst"])
        state = chance.choice([None, "ingediend", "in_behandeling", "afgerond", "ingetrokken"])
        owner = chance.choice(ministries)
        other = {} if owner is users["ministerie"] else {"organisation_id": None}
        cases.append(
            case_in_state(
                users,
                case_type,
                state,
                owner=owner,
                **other,
                fte_change=chance.randint(1, 200),
                proposed_province_id=chance.choice([None, *provinces]),
            )
        )

    def edit() -> None:
        case = chance.choice(cases)
        name = chance.choice(["fte_change", "proposed_province_id", "agreed_province_id"])
        value = chance.randint(-50, 200) if name == "fte_change" else chance.choice(provinces)
        setattr(case, name, value)
        db.session.commit()

    def close_elsewhen() -> None:
        case = chance.choice(cases)
        if case.closed_at is not None:
            _set(case, closed_at=case.closed_at - timedelta(days=chance.choice([200, 400, 800])))

    def bulk() -> None:
        chosen = chance.sample(cases, min(3, len(cases)))
        db.session.execute(
            update(Case)
            .where(Case.id.in_([c.id for c in chosen]))
            .values(second_province_id=chance.choice(provinces), fte_change=chance.randint(0, 9))
        )
        db.session.commit()

    def transition() -> None:
        case = chance.choice(cases)
        moves = {
            "concept": ("ministerie", "indienen", {}),
            "ingediend": ("ministerie", "intrekken", {"reden": "Niet nodig."}),
            "ingetrokken": ("coordinator", "heropenen", {"reden": "Toch."}),
        }
        if case.state in moves:
            role, name, data = moves[case.state]
            user = users[role]
            if role == "ministerie" and case.ministry_id != users["ministerie"].ministry_id:
                user = users["ministerie_ocw"]
            act(user, case, name, **data)

    new_case()
    for _ in range(40):
        chance.choice([new_case, edit, close_elsewhen, bulk, transition, transition])()
        _check()
    assert len(cases) > 3


def test_the_recount_rebuilds_the_kept_rows(app: Flask, users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling", fte_change=25)
    case_in_state(users, "nieuwe_dienst", "afgerond", fte_change=60)
    # SQL by hand passes the app by: the kept rows fall behind
    db.session.execute(text("UPDATE cases SET fte_change = 99 WHERE id = :id"), {"id": case.id})
    db.session.execute(text("UPDATE report_tallies SET n = n + 5"))
    db.session.commit()
    db.session.expire_all()
    assert tallies.kept() != tallies.computed(tallies.current_cases())
    result: Result = app.test_cli_runner().invoke(args=["caseflow", "recount"])
    assert result.exit_code == 0 and "Jaaroverzicht en provincierapporten" in result.output
    _check()
    kept_rows = db.session.scalars(select(ReportTally)).all()
    # one ongoing and one decided case, each counted once overall and once per province
    assert sorted(t.section for t in kept_rows if t.n) == [
        "besloten",
        "besloten_provincie",
        "lopend",
        "lopend_provincie",
    ]
    assert tallies.recount() == len(kept_rows) + len(tallies.kept()[1])


def _mixed_cases(users: Users) -> None:
    groningen, limburg = province_id("Groningen"), province_id("Limburg")
    case_in_state(users, "omvangswijziging", "in_behandeling", fte_change=40)
    case_in_state(
        users, "nieuwe_dienst", "ingediend", fte_change=30, proposed_province_id=groningen
    )
    case_in_state(users, "nieuwe_dienst", "in_behandeling", owner=users["ministerie_ocw"])
    case_in_state(users, "nieuwe_dienst")  # a draft
    agreed = case_in_state(users, "omvangswijziging", "afgerond", fte_change=150)
    agreed.agreed_province_id = limburg
    agreed.second_province_id = groningen
    case_in_state(users, "nieuwe_dienst", "ingetrokken", fte_change=120)
    old = case_in_state(users, "omvangswijziging", "afgerond", fte_change=10)
    db.session.commit()
    _set(old, closed_at=datetime(THIS_YEAR - 1, 3, 1, 12, 0), fte_change=-10)


@pytest.mark.parametrize("year", [THIS_YEAR, THIS_YEAR - 1])
def test_the_summaries_from_the_kept_rows_are_the_grouped_ones(users: Users, year: int) -> None:
    _mixed_cases(users)
    user = users["adviseur"]
    ongoing = annual_overview.ongoing_scope(user, local_today())
    decided = annual_overview.decided_scope(user, year)
    assert ongoing.tallied == tallies.NOW and decided.tallied == year
    grouped_ongoing, grouped_decided = (
        replace(ongoing, tallied=None),
        replace(decided, tallied=None),
    )
    assert annual_overview.summary(ongoing) == annual_overview.summary(grouped_ongoing)
    assert annual_overview.summary(decided) == annual_overview.summary(grouped_decided)
    assert annual_overview.summary(decided).count == (2 if year == THIS_YEAR else 1)
    for basis in BASES:
        kept = annual_overview.effect_per_province(ongoing, decided, basis)
        grouped = annual_overview.effect_per_province(grouped_ongoing, grouped_decided, basis)
        assert kept == grouped
    # a past peildatum still reads the states from the audit trail
    assert annual_overview.ongoing_scope(user, local_today() - timedelta(days=1)).tallied is None


def test_the_province_report_counts_are_the_grouped_ones(
    users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mixed_cases(users)
    user = users["adviseur"]
    for name in ("groningen", "limburg", "utrecht"):
        kept = province_report.province_report(user, name)
        monkeypatch.setattr(province_report, "_sees_all", lambda _user: False)
        grouped = province_report.province_report(user, name)
        monkeypatch.undo()
        assert (kept.ongoing, kept.decided) == (grouped.ongoing, grouped.decided), name
    groningen = province_report.province_report(user, "groningen")
    # the filed case proposed there and the agreed case with its second province there
    assert (groningen.ongoing_count, groningen.ongoing_fte) == (1, 30)
    assert (groningen.decided_count, groningen.decided_fte) == (1, 150)
