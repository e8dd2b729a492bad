"""Verification of the whole audit record: the checkpoint chain, then every case's chain
against its newest checkpoint, naming the first broken link of each.

Events written before the chain was keyed (``key_id`` empty, plain SHA-256) cannot vouch
for themselves: whoever can write the database could recompute them. So an unkeyed event
must come before every keyed event, and once the first checkpoint (keyed) exists, no later
than its case's head in that checkpoint: checkpoint 1 seals them. A keyed event after an
unkeyed one vouches for it as well, since its MAC covers the predecessor's hash. What stays
open until checkpoint 1 exists is a wholesale unkeyed rewrite of the case holding the
oldest keyed events; hence ``caseflow audit-checkpoint`` right after the upgrade."""

from __future__ import annotations

import hmac
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from sqlalchemy import func, select

from caseflow.domain.audit_breaks import (
    CHANGED,
    MISSING_AFTER_CHECKPOINT,
    REMOVED,
    REORDERED,
    UNKNOWN_KEY,
    UNSEALED,
    Break,
)
from caseflow.extensions import db
from caseflow.models import Case, CaseEvent
from caseflow.services.accounts import security_log
from caseflow.services.audit import chain_keys, checkpoints, trail


@dataclass
class Report:
    cases: int = 0
    events: int = 0
    checkpoints: int = 0
    # Unkeyed events not yet sealed by a first checkpoint (only before it exists).
    unsealed: int = 0
    breaks: list[Break] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.breaks


@dataclass(frozen=True)
class _Context:
    keys: dict[str, str]
    heads: dict[int, tuple[int, str]]
    # None while there is no checkpoint: unkeyed events are then not yet sealed.
    sealed: dict[int, int] | None
    # The first keyed event: nothing unkeyed can legitimately come after it.
    first_keyed: int | None


def verify() -> Report:
    """Check everything and log the outcome as a security event."""
    report = Report()
    report.checkpoints, broken = checkpoints.verify_chain()
    if broken is not None:
        report.breaks.append(broken)
    context = _Context(
        chain_keys.known(),
        checkpoints.latest_heads(),
        checkpoints.sealed_heads(),
        _first_keyed(),
    )
    seen: set[int] = set()
    for case_id, events in _events_by_case():
        seen.add(case_id)
        report.cases += 1
        report.events += len(events)
        if context.sealed is None:
            report.unsealed += sum(1 for e in events if e.key_id == chain_keys.UNKEYED)
        found = _walk(case_id, events, context)
        if found is not None:
            report.breaks.append(found)
    report.breaks += _without_events(seen, context)
    report.breaks = _named(report.breaks)
    _log(report)
    return report


def verify_case(case_id: int) -> Break | None:
    """The first broken link of one case, or None when its chain is intact."""
    context = _Context(
        chain_keys.known(),
        checkpoints.latest_heads(case_id),
        checkpoints.sealed_heads(case_id),
        _first_keyed(),
    )
    events = trail.timeline(case_id)
    found = _walk(case_id, events, context) if events else _head_missing(case_id, context)
    return _named([found])[0] if found is not None else None


def _walk(case_id: int, events: Sequence[CaseEvent], context: _Context) -> Break | None:
    prev = ""
    for index, event in enumerate(events):
        problem = _problem(event, prev, context)
        if problem == REMOVED and any(e.hash == event.prev_hash for e in events[index + 1 :]):
            problem = REORDERED  # its predecessor comes later: moved, not removed
        if problem is not None:
            return Break(problem, case_id=case_id, event_id=event.id)
        prev = event.hash
    return _check_head(case_id, {e.id: e.hash for e in events}, context)


def _problem(event: CaseEvent, prev: str, context: _Context) -> str | None:
    if event.key_id == chain_keys.UNKEYED and not _may_be_unkeyed(event, context):
        return UNSEALED
    expected = trail.expected_hash(event, context.keys)
    if expected is None:
        return UNKNOWN_KEY
    if not hmac.compare_digest(expected, event.hash):
        return CHANGED
    return REMOVED if event.prev_hash != prev else None


def _may_be_unkeyed(event: CaseEvent, context: _Context) -> bool:
    """Written before the chain was keyed: older than every keyed event, and covered by
    the first checkpoint once that exists."""
    if context.first_keyed is not None and event.id > context.first_keyed:
        return False
    if context.sealed is None:
        return True
    seal = context.sealed.get(event.case_id)
    return seal is not None and event.id <= seal


def _first_keyed() -> int | None:
    query = select(func.min(CaseEvent.id)).where(CaseEvent.key_id != chain_keys.UNKEYED)
    return db.session.scalar(query)


def _check_head(case_id: int, hashes: dict[int, str], context: _Context) -> Break | None:
    head = context.heads.get(case_id)
    if head is None:
        return None
    event_id, hash_ = head
    if event_id not in hashes:
        checkpoint = checkpoints.latest_checkpoint_of(case_id)
        return Break(
            MISSING_AFTER_CHECKPOINT, case_id=case_id, event_id=event_id, checkpoint_id=checkpoint
        )
    if not hmac.compare_digest(hashes[event_id], hash_):
        return Break(CHANGED, case_id=case_id, event_id=event_id, detail="anders dan gecontroleerd")
    return None


def _head_missing(case_id: int, context: _Context) -> Break | None:
    return _check_head(case_id, {}, context) or _no_events(case_id)


def _without_events(seen: set[int], context: _Context) -> list[Break]:
    """Cases whose every event has gone: checkpointed ones by their head, others because a
    case is never filed without its first event."""
    found = []
    for case_id in db.session.scalars(select(Case.id).order_by(Case.id)):
        if case_id not in seen:
            gone = _head_missing(case_id, context)
            if gone is not None:
                found.append(gone)
    return found


def _no_events(case_id: int) -> Break:
    return Break(REMOVED, case_id=case_id, detail="de zaak heeft geen enkele gebeurtenis meer")


def _events_by_case() -> Iterator[tuple[int, list[CaseEvent]]]:
    """Every event, case by case, as plain rows turned into detached events: a walk over
    millions must not fill the session's identity map."""
    query = (
        select(*CaseEvent.__table__.columns)
        .order_by(CaseEvent.case_id, CaseEvent.id)
        .execution_options(yield_per=2000)
    )
    rows = db.session.execute(query)
    for case_id, group in groupby(rows, key=lambda row: int(row.case_id)):
        yield case_id, [CaseEvent(**row._asdict()) for row in group]


def _named(breaks: list[Break]) -> list[Break]:
    """The same breaks with the case reference filled in, checkpoint breaks first."""
    ids = {b.case_id for b in breaks if b.case_id is not None}
    query = select(Case.id, Case.reference).where(Case.id.in_(ids))
    references = {row[0]: row[1] for row in db.session.execute(query)}
    named = [
        Break(
            b.problem,
            b.case_id,
            references.get(b.case_id, ""),
            b.event_id,
            b.checkpoint_id,
            b.detail,
        )
        if b.case_id is not None
        else b
        for b in breaks
    ]
    return sorted(named, key=lambda b: (b.case_id is not None, b.case_id or 0))


def _log(report: Report) -> None:
    security_log.event(
        "audit_verify",
        "ok" if report.intact else "failed",
        obj="audit_record",
        cases=report.cases,
        events=report.events,
        checkpoints=report.checkpoints,
        unsealed=report.unsealed,
        breaks=len(report.breaks),
        first_break=report.breaks[0].describe() if report.breaks else None,
    )
