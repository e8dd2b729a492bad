"""The decided cases' totals per year (decided_counts, decided_effects) always equal what the
cases give, through deciding, reopening, editing and deleting; the spreading dashboard's
effect of a year read from them equals the effect computed from the cases themselves; and
recount repairs changes made outside the app."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import select, update

from caseflow.domain.impact import cumulative
from caseflow.domain.place_of_work import BASES, PLACE_OF_WORK, STANDPLAATS
from caseflow.extensions import db
from caseflow.models import Case, DecidedCount, DecidedEffect, Province, User
from caseflow.services.cases.change_facts import counted_moves, province_names
from caseflow.services.insight import decided_totals, spreading
from tests.factories import act, case_in_state, province_id
from tests.services.test_insight import add_figures, relocation

Users = dict[str, User]
ROLES = ("ministerie", "ministerie_ocw", "adviseur", "coordinator")
EffectKey = tuple[int, int, str, int, float]
Kept = tuple[Counter[tuple[int, int]], Counter[EffectKey], dict[EffectKey, float]]


def _kept() -> Kept:
    counts: Counter[tuple[int, int]] = Counter()
    for row in db.session.scalars(select(DecidedCount)):
        if row.n:
            counts[(row.year, row.ministry_id)] = row.n
    moves: Counter[EffectKey] = Counter()
    fte: dict[EffectKey, float] = {}
    for effect in db.session.scalars(select(DecidedEffect)):
        key = (effect.year, effect.ministry_id, effect.basis, effect.province_id, effect.within)
        if effect.n:
            moves[key] = effect.n
        if effect.fte:
            fte[key] = effect.fte
    return counts, moves, fte


def _counted() -> Kept:
    """The totals as the cases give them now, counted from scratch."""
    totals = decided_totals.Totals.empty()
    columns = [getattr(Case, name) for name in decided_totals.FIELDS]
    for row in db.session.execute(select(*columns)):
        totals.add(dict(zip(decided_totals.FIELDS, row, strict=True)), 1)
    counts = Counter({k: n for k, n in totals.cases.items() if n})
    moves = Counter({k: n for k, n in totals.moves.items() if n})
    return counts, moves, {k: f for k, f in totals.fte.items() if f}


def _from_the_cases(user: User, year: int, basis: str) -> tuple[int, object]:
    """The effect as computed before the totals were kept: every decided case of the year."""
    cases = spreading.decided_cases(user, year)
    reference = spreading.reference_figures()
    if not cases or reference is None:
        return len(cases), None
    names = province_names()
    effect = cumulative(
        reference[1],
        [counted_moves(c, names, c.agreed_province_id, basis) for c in cases],
        spreading.randstad(),
    )
    return len(cases), effect


def _same_effect(users: Users, years: set[int]) -> None:
    for role in ROLES:
        for year in years:
            for basis in BASES:
                kept = spreading.cumulative_effect_for(users[role], year, basis)
                count, effect = _from_the_cases(users[role], year, basis)
                assert kept.case_count == count, (role, year, basis)
                if effect is None or kept.impact is None:
                    assert effect is None and kept.impact is None, (role, year, basis)
                    continue
                assert kept.impact.provinces == effect.provinces  # type: ignore[attr-defined]
                assert kept.impact.randstad_after == effect.randstad_after  # type: ignore[attr-defined]
                assert kept.impact.total_after == effect.total_after  # type: ignore[attr-defined]
                # The notes on moves within a province come by province and size.
                assert sorted(kept.impact.notes) == sorted(effect.notes)  # type: ignore[attr-defined]


def test_totals_follow_deciding_and_reopening(users: Users) -> None:
    add_figures(illustrative_drenthe=False)
    decided = relocation(users, "afgerond")  # JenV, agreed in Limburg (factory)
    assert decided.closed_at is not None and decided.outcome in spreading.DECIDED_OUTCOMES
    year = decided.closed_at.year
    assert _kept() == _counted() and sum(_kept()[0].values()) == 1
    effect = spreading.cumulative_effect_for(users["coordinator"], year)
    assert effect.case_count == 1 and effect.impact is not None
    rows = {p.province: p for p in effect.impact.provinces}
    # 400 fte leave Zuid-Holland (6000) for Limburg (0) and the growth of 100 lands there.
    assert rows["Zuid-Holland"].after_fte == 5600 and rows["Limburg"].after_fte == 500
    _same_effect(users, {year})
    act(users["coordinator"], decided, "heropenen", reden="Toch niet.")
    assert _kept() == _counted() and sum(_kept()[0].values()) == 0
    assert spreading.cumulative_effect_for(users["coordinator"], year).impact is None
    _same_effect(users, {year})


def _random_change(rng: random.Random, case: Case, provinces: list[int]) -> None:
    field = rng.choice(
        ("outcome", "closed_at", "fte", "provinces", "agreed", "work", "kind", "within")
    )
    if field == "outcome":
        case.outcome = rng.choice(("overeenstemming", "ministerraad", "ingetrokken", ""))
    elif field == "closed_at":
        # Around New Year: 31 December 23:30 UTC is already the next year in Amsterdam.
        case.closed_at = rng.choice(
            (
                None,
                datetime(2025, 12, 31, 22, 59),
                datetime(2025, 12, 31, 23, 30),
                datetime(2026, rng.randint(1, 12), rng.randint(1, 28), 12),
            )
        )
    elif field == "fte":
        case.fte_current, case.fte_change = rng.randint(0, 500), rng.randint(-200, 200)
        case.fte_moved = rng.choice((None, rng.randint(0, 300)))
    elif field == "provinces":
        case.current_province_id = rng.choice([None, *provinces])
        case.proposed_province_id = rng.choice([None, *provinces])
        case.second_province_id = rng.choice([None, *provinces])
        case.second_fte = rng.choice((None, rng.randint(0, 100)))
    elif field == "agreed":
        case.agreed_province_id = rng.choice([None, *provinces])
    elif field == "work":
        case.work_province_id = rng.choice([None, *provinces])
        case.work_fte = rng.choice((None, rng.randint(0, 150)))
    elif field == "kind":
        case.change_kind = rng.choice(
            ("", "groei", "krimp", "nieuwe_vestiging", "verplaatsing_deel", "verplaatsing_geheel")
        )
    else:  # a relocation that stays in its province: a note, no change
        case.change_kind, case.fte_moved = "verplaatsing_deel", rng.randint(1, 50)
        case.current_province_id = case.agreed_province_id = rng.choice(provinces)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_changes_keep_the_totals_equal_to_the_cases(users: Users, seed: int) -> None:
    rng = random.Random(seed)
    add_figures(illustrative_drenthe=False)
    provinces = sorted(db.session.scalars(select(Province.id)))
    cases = [
        relocation(users, "afgerond"),
        case_in_state(
            users, "nieuwe_dienst", "afgerond", owner=users["ministerie_ocw"], organisation_id=None
        ),
        case_in_state(users, "nieuwe_dienst", "afgerond", fte_change=80),
        case_in_state(users, "masterplan", "afgerond"),
        case_in_state(users, "omvangswijziging", "in_behandeling"),
    ]
    for _ in range(40):
        for case in rng.sample(cases, rng.randint(1, 3)):  # one flush changes several cases
            _random_change(rng, case, provinces)
        db.session.commit()
        assert _kept() == _counted()
    _same_effect(users, {2025, 2026})


def test_the_place_of_work_basis_counts_the_work_province(users: Users) -> None:
    add_figures(illustrative_drenthe=False)
    case = case_in_state(
        users,
        "omvangswijziging",
        "afgerond",
        change_kind="groei",
        fte_change=100,
        current_province_id=province_id("Zuid-Holland"),
        proposed_province_id=province_id("Zuid-Holland"),
        work_province_id=province_id("Utrecht"),
        work_fte=40,
    )
    assert case.closed_at is not None
    year = case.closed_at.year
    change: dict[str, dict[str, float]] = {}
    for basis in (STANDPLAATS, PLACE_OF_WORK):
        found = spreading.cumulative_effect_for(users["adviseur"], year, basis).impact
        assert found is not None
        change[basis] = {p.province: p.after_fte - p.before_fte for p in found.provinces}
    # 100 fte grow where it was agreed (Limburg, the factory's); 40 of them work in Utrecht.
    assert change[STANDPLAATS] == {"Limburg": 100}
    assert change[PLACE_OF_WORK] == {"Limburg": 60, "Utrecht": 40}
    _same_effect(users, {year})


def test_recount_repairs_changes_made_outside_the_app(app: Flask, users: Users) -> None:
    add_figures(illustrative_drenthe=False)
    case = relocation(users, "afgerond")
    db.session.execute(update(Case).where(Case.id == case.id).values(fte_change=300))
    db.session.commit()
    assert _kept() != _counted()
    result: Result = app.test_cli_runner().invoke(args=["caseflow", "recount"])
    assert result.exit_code == 0 and "Besloten zaken per jaar opnieuw geteld" in result.output
    assert _kept() == _counted()
    assert case.closed_at is not None
    _same_effect(users, {case.closed_at.year})
