"""Checkpoints of the audit chain. A checkpoint records, per case whose newest event changed
since the previous checkpoint, that event's id and hash, and chains to the previous
checkpoint with a MAC keyed with ``AUDIT_KEY``: the newest MAC is the global head. Each
checkpoint also goes to the ``caseflow.security`` log and, with ``AUDIT_CHECKPOINT_FILE``,
to a file outside the database, so removing the newest events of a case, or the newest
checkpoints with them, shows up in verification."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from itertools import groupby
from pathlib import Path

from flask import current_app
from sqlalchemy import func, insert, select

from caseflow.domain.audit_breaks import CHANGED, REMOVED, UNKNOWN_KEY, Break
from caseflow.domain.clock import utcnow
from caseflow.extensions import db
from caseflow.models import AuditCheckpoint, AuditCheckpointHead, CaseEvent
from caseflow.services.accounts import security_log
from caseflow.services.audit import chain_keys
from caseflow.services.unit_of_work import transaction

# (case_id, event_id, hash)
HeadRow = tuple[int, int, str]


def write() -> AuditCheckpoint:
    """Take a checkpoint of every case's newest event and commit it. Two writers at once
    cannot both succeed: the second gets the same number and fails on the primary key."""
    previous = latest()
    recorded = latest_heads()
    changed = [row for row in current_heads() if recorded.get(row[0]) != (row[1], row[2])]
    key_id, key = chain_keys.current()
    checkpoint = AuditCheckpoint(
        id=previous.id + 1 if previous else 1,
        created_at=utcnow(),
        last_event_id=db.session.scalar(select(func.max(CaseEvent.id))) or 0,
        heads=len(changed),
        key_id=key_id,
        prev_mac=previous.mac if previous else "",
    )
    checkpoint.mac = checkpoint_mac(key, checkpoint, heads_digest(changed))
    with transaction():
        db.session.add(checkpoint)
        db.session.flush()
        if changed:
            rows = [_head(checkpoint.id, r) for r in changed]
            db.session.execute(insert(AuditCheckpointHead), rows)
    _publish(checkpoint, changed)
    return checkpoint


def latest() -> AuditCheckpoint | None:
    query = select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(1)
    return db.session.scalars(query).first()


def current_heads() -> list[HeadRow]:
    """Every case's newest event, read from the (case_id, id) index."""
    newest = (
        select(CaseEvent.case_id, func.max(CaseEvent.id).label("event_id"))
        .group_by(CaseEvent.case_id)
        .subquery()
    )
    query = (
        select(CaseEvent.case_id, CaseEvent.id, CaseEvent.hash)
        .join(newest, CaseEvent.id == newest.c.event_id)
        .order_by(CaseEvent.case_id)
    )
    return [(row[0], row[1], row[2]) for row in db.session.execute(query)]


def latest_heads(case_id: int | None = None) -> dict[int, tuple[int, str]]:
    """case id → (event id, hash) of its newest checkpointed event."""
    query = select(
        AuditCheckpointHead.case_id, AuditCheckpointHead.event_id, AuditCheckpointHead.hash
    ).order_by(AuditCheckpointHead.checkpoint_id)
    if case_id is not None:
        query = query.where(AuditCheckpointHead.case_id == case_id)
    return {row[0]: (row[1], row[2]) for row in db.session.execute(query)}


def latest_checkpoint_of(case_id: int) -> int | None:
    """The checkpoint that holds the case's newest head, to name it in a report."""
    query = select(func.max(AuditCheckpointHead.checkpoint_id)).where(
        AuditCheckpointHead.case_id == case_id
    )
    return db.session.scalar(query)


def sealed_heads(case_id: int | None = None) -> dict[int, int] | None:
    """case id → newest event id in the first checkpoint, which vouches for the events
    written before the chain was keyed; None while no checkpoint exists."""
    if db.session.get(AuditCheckpoint, 1) is None:
        return None
    query = select(AuditCheckpointHead.case_id, AuditCheckpointHead.event_id).where(
        AuditCheckpointHead.checkpoint_id == 1
    )
    if case_id is not None:
        query = query.where(AuditCheckpointHead.case_id == case_id)
    return {row[0]: row[1] for row in db.session.execute(query)}


def checkpoint_mac(key: str, checkpoint: AuditCheckpoint, digest: str) -> str:
    return chain_keys.mac(
        key,
        [
            checkpoint.id,
            checkpoint.created_at.isoformat(timespec="microseconds"),
            checkpoint.last_event_id,
            checkpoint.heads,
            checkpoint.prev_mac,
            digest,
        ],
    )


def heads_digest(rows: Iterable[HeadRow]) -> str:
    ordered = sorted([case_id, event_id, hash_] for case_id, event_id, hash_ in rows)
    return hashlib.sha256(chain_keys.canonical(ordered)).hexdigest()


def verify_chain() -> tuple[int, Break | None]:
    """(number of checkpoints, first broken one): each must follow the previous one by
    number and MAC, and match its own heads."""
    digests = _digests()
    keys = chain_keys.known()
    previous: AuditCheckpoint | None = None
    macs: dict[int, str] = {}
    for checkpoint in db.session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id)):
        found = _check(checkpoint, previous, digests.get(checkpoint.id, heads_digest([])), keys)
        if found is not None:
            return len(macs) + 1, found
        macs[checkpoint.id] = checkpoint.mac
        previous = checkpoint
    return len(macs), _compare_file(macs)


def _check(
    checkpoint: AuditCheckpoint,
    previous: AuditCheckpoint | None,
    digest: str,
    keys: dict[str, str],
) -> Break | None:
    expected_id = previous.id + 1 if previous else 1
    if checkpoint.id != expected_id or checkpoint.prev_mac != (previous.mac if previous else ""):
        return Break(REMOVED, checkpoint_id=expected_id, detail="controlepunt ontbreekt")
    key = keys.get(checkpoint.key_id)
    if key is None:
        return Break(UNKNOWN_KEY, checkpoint_id=checkpoint.id)
    if not hmac.compare_digest(checkpoint.mac, checkpoint_mac(key, checkpoint, digest)):
        return Break(CHANGED, checkpoint_id=checkpoint.id)
    return None


def _digests() -> dict[int, str]:
    query = select(
        AuditCheckpointHead.checkpoint_id,
        AuditCheckpointHead.case_id,
        AuditCheckpointHead.event_id,
        AuditCheckpointHead.hash,
    ).order_by(AuditCheckpointHead.checkpoint_id, AuditCheckpointHead.case_id)
    rows = db.session.execute(query.execution_options(yield_per=5000))
    return {
        checkpoint_id: heads_digest((r[1], r[2], r[3]) for r in group)
        for checkpoint_id, group in groupby(rows, key=lambda r: int(r[0]))
    }


def _compare_file(in_database: dict[int, str]) -> Break | None:
    """Every checkpoint in the file outside the database must still be in the database."""
    path = _file()
    if path is None or not path.exists():
        return None
    with path.open(encoding="utf-8") as lines:
        for line_number, line in enumerate(lines, start=1):
            try:
                entry = json.loads(line)
                number, mac = int(entry["checkpoint"]), str(entry["mac"])
            except (ValueError, KeyError, TypeError):
                return Break(CHANGED, detail=f"regel {line_number} van {path.name} is onleesbaar")
            if number not in in_database:
                return Break(REMOVED, checkpoint_id=number, detail=f"wel in {path.name}")
            if not hmac.compare_digest(in_database[number], mac):
                return Break(CHANGED, checkpoint_id=number, detail=f"wijkt af van {path.name}")
    return None


def _publish(checkpoint: AuditCheckpoint, heads: list[HeadRow]) -> None:
    """After the commit: the log line and the file line (never a checkpoint the database
    does not have)."""
    security_log.event(
        "audit_checkpoint",
        "ok",
        obj=f"audit_checkpoint:{checkpoint.id}",
        last_event_id=checkpoint.last_event_id,
        heads=checkpoint.heads,
        head=checkpoint.mac,
    )
    path = _file()
    if path is None:
        return
    entry = {
        "checkpoint": checkpoint.id,
        "created_at": checkpoint.created_at.isoformat(timespec="microseconds"),
        "last_event_id": checkpoint.last_event_id,
        "key_id": checkpoint.key_id,
        "prev_mac": checkpoint.prev_mac,
        "mac": checkpoint.mac,
        "heads": [list(row) for row in heads],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(entry, separators=(",", ":")) + "\n")


def _file() -> Path | None:
    configured = str(current_app.config.get("AUDIT_CHECKPOINT_FILE") or "")
    return Path(configured) if configured else None


def _head(checkpoint_id: int, row: HeadRow) -> dict[str, object]:
    return {"checkpoint_id": checkpoint_id, "case_id": row[0], "event_id": row[1], "hash": row[2]}
