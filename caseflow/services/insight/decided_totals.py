"""The decided cases of each year, totalled per ministry filed under (``decided_counts``) and
their moves per province and basis (``decided_effects``), kept in the same transaction as
the cases change: a SQLAlchemy ``before_flush`` hook takes out what a case added before the
flush and puts in what it adds after it, for every new, changed or deleted case whose
outcome, closing moment, ministry or change facts moved. The spreading dashboard's effect
of a year then reads a few rows per province instead of every case decided in that year.

Province ids are the keys (names are looked up when reading), so renaming a province needs
no recount. Changes that bypass the ORM (a bulk UPDATE, a restored backup) leave the totals
behind: ``recount()`` (``flask caseflow recount``) rebuilds them from the cases.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask
from sqlalchemy import delete, event, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from caseflow.domain.clock import to_local
from caseflow.domain.impact import touches
from caseflow.domain.place_of_work import BASES
from caseflow.extensions import db
from caseflow.models import Case, DecidedCount, DecidedEffect
from caseflow.services.cases.change_facts import counted_moves
from caseflow.services.insight.spreading import DECIDED_OUTCOMES

# What a case's share in the totals depends on.
FIELDS = (
    "outcome",
    "closed_at",
    "ministry_id",
    "case_type",
    "workflow_version",
    "change_kind",
    "fte_current",
    "fte_change",
    "fte_moved",
    "current_province_id",
    "proposed_province_id",
    "second_province_id",
    "second_fte",
    "agreed_province_id",
    "work_province_id",
    "work_fte",
)
PROVINCE_FIELDS = tuple(f for f in FIELDS if f.endswith("province_id"))

CountKey = tuple[int, int]  # year, ministry
EffectKey = tuple[int, int, str, int, float]  # year, ministry, basis, province, within


@dataclass
class Totals:
    """Deltas to the kept rows: cases per (year, ministry); per effect key the number of
    moves and their net fte."""

    cases: Counter[CountKey]
    moves: Counter[EffectKey]
    fte: defaultdict[EffectKey, float]

    @classmethod
    def empty(cls) -> Totals:
        return cls(Counter(), Counter(), defaultdict(float))

    def add(self, values: Mapping[str, Any], sign: int) -> None:
        """Count (``sign`` 1) or take out (-1) a case given by its ``FIELDS``."""
        if values["outcome"] not in DECIDED_OUTCOMES or values["closed_at"] is None:
            return
        ministry_id = values["ministry_id"]
        if ministry_id is None:
            return
        year = to_local(values["closed_at"]).year
        self.cases[(year, ministry_id)] += sign
        case = Case(**{name: values[name] for name in FIELDS})  # transient: never added
        names = {values[f]: str(values[f]) for f in PROVINCE_FIELDS if values[f] is not None}
        for basis in BASES:
            moves = counted_moves(case, names, values["agreed_province_id"], basis)
            for touch in touches(moves):
                within = touch.fte if touch.within else 0.0
                key = (year, ministry_id, basis, int(touch.province), within)
                self.moves[key] += sign
                if within:  # the province is touched too, its fte stay
                    touched = (year, ministry_id, basis, int(touch.province), 0.0)
                    self.moves[touched] += sign
                else:
                    self.fte[key] += sign * touch.fte


def _values(case: Case) -> dict[str, Any]:
    values = {name: getattr(case, name) for name in FIELDS}
    if values["ministry_id"] is None and case.ministry is not None:  # not flushed yet
        values["ministry_id"] = case.ministry.id
    return values


def _stored(session: Session, case_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The cases as the database holds them before this flush."""
    wanted = sorted(set(case_ids))
    if not wanted:
        return {}
    columns = [getattr(Case, name) for name in FIELDS]
    rows = session.connection().execute(select(Case.id, *columns).where(Case.id.in_(wanted)))
    return {row[0]: dict(zip(FIELDS, row[1:], strict=True)) for row in rows}


def _changed(case: Case) -> bool:
    state = inspect(case)
    return any(state.attrs[name].history.has_changes() for name in FIELDS)


def _deltas(session: Session) -> Totals:
    totals = Totals.empty()
    for case in (o for o in session.new if isinstance(o, Case)):
        totals.add(_values(case), 1)
    dirty = [o for o in session.dirty if isinstance(o, Case) and _changed(o)]
    deleted = [o for o in session.deleted if isinstance(o, Case)]
    before = _stored(session, (c.id for c in (*dirty, *deleted) if c.id is not None))
    for case in dirty:
        if case.id in before:
            totals.add(before[case.id], -1)
        totals.add(_values(case), 1)
    for case in deleted:
        if case.id in before:
            totals.add(before[case.id], -1)
    return totals


def _insert(session: Session) -> Any:
    dialect = session.connection().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _apply(session: Session, totals: Totals) -> None:
    # Sorted, so two transactions changing the same rows lock them in the same order.
    insert_into = _insert(session)
    for (year, ministry_id), n in sorted(totals.cases.items()):
        if n:
            statement = insert_into(DecidedCount).values(year=year, ministry_id=ministry_id, n=n)
            session.connection().execute(
                statement.on_conflict_do_update(
                    index_elements=["year", "ministry_id"], set_={"n": DecidedCount.n + n}
                )
            )
    for key in sorted(totals.moves.keys() | totals.fte.keys()):
        n, fte = totals.moves[key], totals.fte[key]
        if not n and not fte:
            continue
        year, ministry_id, basis, province_id, within = key
        statement = insert_into(DecidedEffect).values(
            year=year,
            ministry_id=ministry_id,
            basis=basis,
            province_id=province_id,
            within=within,
            n=n,
            fte=fte,
        )
        session.connection().execute(
            statement.on_conflict_do_update(
                index_elements=["year", "ministry_id", "basis", "province_id", "within"],
                set_={"n": DecidedEffect.n + n, "fte": DecidedEffect.fte + fte},
            )
        )


def _follow_cases(session: Session, _context: Any, _instances: Any) -> None:
    totals = _deltas(session)
    if totals.cases or totals.moves or totals.fte:
        _apply(session, totals)


def init_app(_app: Flask) -> None:
    """Follow the cases from now on; registered once per process (on the session class)."""
    if not event.contains(Session, "before_flush", _follow_cases):
        event.listen(Session, "before_flush", _follow_cases)


def recount(session: Session | None = None, batch: int = 5_000) -> int:
    """Rebuild the totals from the decided cases (no commit), reading them in batches of
    ``batch`` by id; returns the number of rows. ``session``: another than the app's (the
    migration's connection)."""
    session = session or db.session()
    session.execute(delete(DecidedCount))
    session.execute(delete(DecidedEffect))
    columns = [getattr(Case, name) for name in FIELDS]
    query = (
        select(Case.id, *columns)
        .where(Case.outcome.in_(DECIDED_OUTCOMES), Case.closed_at.is_not(None))
        .order_by(Case.id)
    )
    after = 0
    while rows := session.execute(query.where(Case.id > after).limit(batch)).all():
        totals = Totals.empty()
        for row in rows:
            totals.add(dict(zip(FIELDS, row[1:], strict=True)), 1)
        _apply(session, totals)
        after = rows[-1][0]
    kept = [
        session.scalar(select(func.count()).select_from(t)) for t in (DecidedCount, DecidedEffect)
    ]
    return sum(n or 0 for n in kept)
