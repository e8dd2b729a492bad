"""The counts behind the annual overview's summary and effect table and the province
report's case counts, kept in ``report_tallies`` and ``report_effects`` as the cases change,
in the same transaction:

- a ``before_flush`` hook notes what every changed or deleted case counted for before the
  flush (from the attribute history, else from the row as stored), and an ``after_flush``
  hook takes that out and puts in what the new, changed or deleted cases count for now;
- ORM bulk statements on cases (``session.execute(update(Case)...)``, ``insert(Case)`` with
  rows, ``delete(Case)``) are followed too: the rows they touch are read before and after.

What a case counts for (``Share.add``):

- **ongoing now** (``lopend``): not closed and past its draft (not in ``UNFILED``), counted
  under (ministry filed under, case type, version, state, the proposed province else the
  current one); for the province report (``lopend_provincie``) once under every distinct
  province it concerns (current, proposed, agreed, second);
- **decided in a year** (``besloten``): closed with an outcome in ``DECISION_OUTCOMES``, in
  the Amsterdam year of its closing moment, under its outcome and the agreed province, else
  the proposed, else the current one (``besloten_provincie`` as above);
- the **effect per province**: for the ongoing cases and those of a year decided with
  agreement or a ministerraad decision, per basis of counting the net fte of their moves
  (``change_facts.counted_moves``) in each province they touch.

The summaries read these rows for the ongoing cases on a peildatum of today or later (the
current state is exact then) and for the decided cases of any year. An ongoing count on a
past peildatum still reads the states from the audit trail (a year already reported keeps
its states whatever happens after the peildatum), as before.

Changes that bypass the ORM (SQL by hand, a restored backup) leave the rows behind:
``recount()`` (``flask caseflow recount``) rebuilds them from the cases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, cast

from flask import Flask
from sqlalchemy import Select, delete, event, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session

import workflows
from caseflow.domain.clock import to_local
from caseflow.domain.place_of_work import BASES, net_change
from caseflow.extensions import db
from caseflow.models import Case
from caseflow.models.report_tally import ReportEffect, ReportTally
from caseflow.services.cases.change_facts import counted_moves
from caseflow.services.insight.spreading import DECIDED_OUTCOMES

# Not yet filed with BZK: the draft, and an early consultation about it (vooroverleg, from
# version 2 of the size change) that returns to the draft.
UNFILED = ("concept", "vooroverleg")
DECISION_OUTCOMES = ("overeenstemming", "ministerraad", "ingetrokken", "buiten_behandeling")

ONGOING, DECIDED = "lopend", "besloten"
ONGOING_PROVINCE, DECIDED_PROVINCE = "lopend_provincie", "besloten_provincie"
NO_PROVINCE = 0  # the province_id of a tally without a province
NOW = 0  # the year of the ongoing tallies

# Everything what a case counts for depends on (the move columns of the effect included).
FIELDS = (
    "state",
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
    "work_province_id",
    "work_fte",
    "agreed_province_id",
)
PROVINCE_FIELDS = tuple(f for f in FIELDS if f.endswith("province_id"))
CONCERNING = (
    "current_province_id",
    "proposed_province_id",
    "agreed_province_id",
    "second_province_id",
)

TallyKey = tuple[str, int, int, str, int, str, int]
EffectKey = tuple[str, int, str, int]
Values = Mapping[str, Any]


@dataclass
class Share:
    """Deltas to the kept rows: per tally key the cases and their fte; per effect key the
    cases touching the province and their net fte."""

    cases: defaultdict[TallyKey, list[int]] = field(default_factory=lambda: defaultdict(_pair))
    effects: defaultdict[EffectKey, list[float]] = field(
        default_factory=lambda: defaultdict(_pair_float)
    )

    def add(self, values: Values, sign: int) -> None:
        """Count (``sign`` 1) or take out (-1) a case given by its ``FIELDS``."""
        ministry_id = values["ministry_id"]
        if ministry_id is None:
            return
        closed_at, outcome = values["closed_at"], values["outcome"]
        if closed_at is None and values["state"] not in UNFILED:
            section, year, status = ONGOING, NOW, values["state"]
            province = _first(values, "proposed_province_id", "current_province_id")
        elif closed_at is not None and outcome in DECISION_OUTCOMES:
            section, year, status = DECIDED, to_local(closed_at).year, outcome
            province = _first(
                values, "agreed_province_id", "proposed_province_id", "current_province_id"
            )
        else:
            return
        fte = values["fte_change"] or 0
        kind = (values["case_type"], values["workflow_version"])
        base = (year, ministry_id, kind[0], kind[1], status)
        self._count((section, *base, province), sign, fte)
        for province_id in sorted({values[f] for f in CONCERNING if values[f] is not None}):
            self._count((f"{section}_provincie", *base, province_id), sign, fte)
        if section == DECIDED and outcome not in DECIDED_OUTCOMES:
            return  # withdrawn or dismissed: moves nothing
        if kind not in workflows.REGISTRY:
            return  # a workflow this version lacks: its moves cannot be read
        # Province ids as names, so the moves name the ids (renaming needs no recount).
        names = {values[f]: str(values[f]) for f in PROVINCE_FIELDS if values[f] is not None}
        case = cast(Case, SimpleNamespace(**values))
        where = values["agreed_province_id"] if section == DECIDED else None
        for basis in BASES:
            for name, net in net_change(counted_moves(case, names, where, basis)).items():
                kept = self.effects[(section, year, basis, int(name))]
                kept[0] += sign
                kept[1] += sign * net

    def _count(self, key: TallyKey, sign: int, fte: int) -> None:
        kept = self.cases[key]
        kept[0] += sign
        kept[1] += sign * fte

    def __bool__(self) -> bool:
        return any(n or fte for n, fte in self.cases.values()) or any(
            n or fte for n, fte in self.effects.values()
        )


def _pair() -> list[int]:
    return [0, 0]


def _pair_float() -> list[float]:
    return [0, 0.0]


def _first(values: Values, *names: str) -> int:
    for name in names:
        if values[name] is not None:
            return int(values[name])
    return NO_PROVINCE


# --- following the cases ---------------------------------------------------------------------

BEFORE = "report_tallies_before"  # session.info: what the flushed cases counted for before


def _values(case: Case) -> dict[str, Any]:
    values = {name: getattr(case, name) for name in FIELDS}
    if values["ministry_id"] is None and case.ministry is not None:
        values["ministry_id"] = case.ministry.id
    return values


def _stored(session: Session, case_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The cases as the database holds them (``FIELDS`` per id)."""
    wanted = sorted(set(case_ids))
    found: dict[int, dict[str, Any]] = {}
    columns = [getattr(Case, name) for name in FIELDS]
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = session.connection().execute(select(Case.id, *columns).where(Case.id.in_(chunk)))
        found.update({row[0]: dict(zip(FIELDS, row[1:], strict=True)) for row in rows})
    return found


def _changed(case: Case) -> bool:
    attrs = inspect(case).attrs
    return any(attrs[name].history.has_changes() for name in FIELDS)


def _from_history(case: Case) -> dict[str, Any] | None:
    """The case's ``FIELDS`` as they were loaded, when the history knows every one."""
    state = inspect(case)
    if state.unloaded & set(FIELDS):
        return None
    values: dict[str, Any] = {}
    for name in FIELDS:
        history = state.attrs[name].history
        if history.deleted:
            values[name] = history.deleted[0]
        elif history.added:
            return None  # set before it was loaded: the old value is not known here
        else:
            values[name] = history.unchanged[0] if history.unchanged else None
    return values


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    before: dict[int, dict[str, Any]] = {}
    unknown: list[int] = []
    changed = [o for o in session.dirty if isinstance(o, Case) and _changed(o)]
    deleted = [o for o in session.deleted if isinstance(o, Case)]
    for case in (*changed, *deleted):
        known = _from_history(case)
        if known is None:
            unknown.append(case.id)
        else:
            before[case.id] = known
    before.update(_stored(session, unknown))
    session.info[BEFORE] = before


def _after_flush(session: Session, _context: Any) -> None:
    before: dict[int, dict[str, Any]] = session.info.pop(BEFORE, {})
    share = Share()
    for case in (o for o in session.new if isinstance(o, Case)):
        share.add(_values(case), 1)
    for case in (o for o in session.dirty if isinstance(o, Case)):
        if case.id in before:
            share.add(before[case.id], -1)
            share.add(_values(case), 1)
    for case in (o for o in session.deleted if isinstance(o, Case)):
        if case.id in before:
            share.add(before[case.id], -1)
    _apply(session, share)


def _touches_fields(state: ORMExecuteState) -> bool:
    """Whether a bulk UPDATE may change what a case counts for (when its SET can't be read:
    yes)."""
    given = getattr(state.statement, "_values", None)
    if not given:
        parameters = state.parameters
        if isinstance(parameters, Sequence) and parameters and isinstance(parameters[0], Mapping):
            return bool(set(parameters[0]) & set(FIELDS))
        return True
    names = {getattr(k, "key", None) or getattr(k, "name", None) or str(k) for k in given}
    return bool(names & set(FIELDS))


def _bulk(state: ORMExecuteState) -> Any:
    """ORM bulk statements on cases: read the rows they touch before and after."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return None
    mapper = state.bind_arguments.get("mapper")
    if mapper is None or mapper.class_ is not Case:
        return None
    session = state.session
    if state.is_insert:
        result = state.invoke_statement()
        rows = state.parameters
        given = [rows] if isinstance(rows, Mapping) else list(rows or ())
        share = Share()
        for row in given:
            if isinstance(row, Mapping) and "ministry_id" in row:
                share.add({name: row.get(name) for name in FIELDS}, 1)
        _apply(session, share)
        return result
    if state.is_update and not _touches_fields(state):
        return None
    ids = _touched_ids(state)
    old = _stored(session, ids)
    result = state.invoke_statement()
    new = _stored(session, ids) if state.is_update else {}
    share = Share()
    for case_id, values in old.items():
        share.add(values, -1)
        if case_id in new:
            share.add(new[case_id], 1)
    _apply(session, share)
    return result


def _touched_ids(state: ORMExecuteState) -> list[int]:
    parameters = state.parameters
    if isinstance(parameters, Sequence) and parameters and isinstance(parameters[0], Mapping):
        return [int(p["id"]) for p in parameters if "id" in p]  # bulk UPDATE by primary key
    where = getattr(state.statement, "whereclause", None)
    query = select(Case.id) if where is None else select(Case.id).where(where)
    return list(state.session.connection().execute(query).scalars())


def _insert(session: Session) -> Any:
    dialect = session.connection().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _apply(session: Session, share: Share) -> None:
    """Add the deltas: one upsert per table for all its changed rows (executemany), sorted,
    so two transactions changing the same rows lock them in the same order."""
    insert_into = _insert(session)
    connection = session.connection()
    names = ("section", "year", "ministry_id", "case_type", "workflow_version", "status")
    keys = (*names, "province_id")
    counted = [
        dict(zip(keys, key, strict=True)) | {"n": n, "fte": fte}
        for key, (n, fte) in sorted(share.cases.items())
        if n or fte
    ]
    if counted:
        statement = insert_into(ReportTally)
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=list(keys),
                set_={
                    "n": ReportTally.n + statement.excluded.n,
                    "fte": ReportTally.fte + statement.excluded.fte,
                },
            ),
            counted,
        )
    effect_keys = ("section", "year", "basis", "province_id")
    moved = [
        dict(zip(effect_keys, key, strict=True)) | {"n": int(n), "fte": fte}
        for key, (n, fte) in sorted(share.effects.items())
        if n or fte
    ]
    if moved:
        statement = insert_into(ReportEffect)
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=list(effect_keys),
                set_={
                    "n": ReportEffect.n + statement.excluded.n,
                    "fte": ReportEffect.fte + statement.excluded.fte,
                },
            ),
            moved,
        )


def init_app(_app: Flask) -> None:
    """Follow the cases from now on; registered once per process (on the session class)."""
    for name, hook in (
        ("before_flush", _before_flush),
        ("after_flush", _after_flush),
        ("do_orm_execute", _bulk),
    ):
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)


def recount(session: Session | None = None, batch: int = 5_000) -> int:
    """Rebuild every row from the cases (no commit), reading them in batches of ``batch`` by
    id and writing each row once at the end (a few thousand rows, whatever the number of
    cases); returns the number of rows kept. ``session``: another than the app's (a
    migration's)."""
    session = session or db.session()
    session.execute(delete(ReportTally))
    session.execute(delete(ReportEffect))
    columns = [getattr(Case, name) for name in FIELDS]
    query = select(Case.id, *columns).order_by(Case.id)
    share, after = Share(), 0
    while rows := session.execute(query.where(Case.id > after).limit(batch)).all():
        for row in rows:
            share.add(dict(zip(FIELDS, row[1:], strict=True)), 1)
        after = rows[-1][0]
    _apply(session, share)
    kept = [
        session.scalar(select(func.count()).select_from(t)) for t in (ReportTally, ReportEffect)
    ]
    return sum(n or 0 for n in kept)


# --- reading ---------------------------------------------------------------------------------


def tally_rows(section: str, year: int, province_id: int | None = None) -> Select[Any]:
    """The kept rows of a section (and year), for one province (the ``_provincie`` sections)
    or all; province_id 0 is read as None."""
    query = select(
        ReportTally.ministry_id,
        ReportTally.case_type,
        ReportTally.workflow_version,
        ReportTally.status,
        func.nullif(ReportTally.province_id, NO_PROVINCE).label("province_id"),
        ReportTally.n,
        ReportTally.fte,
    ).where(ReportTally.section == section, ReportTally.year == year, ReportTally.n > 0)
    if province_id is not None:
        query = query.where(ReportTally.province_id == province_id)
    return query


def effects(section: str, year: int, basis: str) -> dict[int, float]:
    """Net fte per province id of a section's cases counted per ``basis``."""
    query = select(ReportEffect.province_id, ReportEffect.fte).where(
        ReportEffect.section == section,
        ReportEffect.year == year,
        ReportEffect.basis == basis,
        ReportEffect.n > 0,
    )
    return {int(row[0]): float(row[1]) for row in db.session.execute(query)}


def computed(
    cases: Iterable[Values],
) -> tuple[dict[TallyKey, tuple[int, int]], dict[EffectKey, tuple[int, float]]]:
    """What the kept rows should hold for these cases (for checks and tests)."""
    share = Share()
    for values in cases:
        share.add(values, 1)
    return (
        {k: (n, fte) for k, (n, fte) in share.cases.items() if n or fte},
        {k: (int(n), fte) for k, (n, fte) in share.effects.items() if n or fte},
    )


def kept() -> tuple[dict[TallyKey, tuple[int, int]], dict[EffectKey, tuple[int, float]]]:
    """The rows as kept, without the emptied ones."""
    tallies = {
        (
            t.section,
            t.year,
            t.ministry_id,
            t.case_type,
            t.workflow_version,
            t.status,
            t.province_id,
        ): (
            t.n,
            t.fte,
        )
        for t in db.session.scalars(select(ReportTally))
        if t.n or t.fte
    }
    found = {
        (e.section, e.year, e.basis, e.province_id): (e.n, e.fte)
        for e in db.session.scalars(select(ReportEffect))
        if e.n or e.fte
    }
    return tallies, found


def current_cases() -> Iterator[dict[str, Any]]:
    """Every case's ``FIELDS`` as stored."""
    columns = [getattr(Case, name) for name in FIELDS]
    for row in db.session.execute(select(*columns)):
        yield dict(zip(FIELDS, row, strict=True))
