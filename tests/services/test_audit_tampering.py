"""Breaks in the audit record, injected as someone with full access to the database but
without AUDIT_KEY would make them, and the first broken link verification names for each.

Every scenario injects exactly one break into the second of two cases (the first stays
intact, so a false alarm would show) and expects it to be found with its problem and event:
`pytest tests/services/test_audit_tampering.py -k injected` counts them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from caseflow.domain.audit_breaks import (
    CHANGED,
    MISSING_AFTER_CHECKPOINT,
    REMOVED,
    REORDERED,
    UNKNOWN_KEY,
    UNSEALED,
)
from caseflow.extensions import db
from caseflow.models import Case, User
from caseflow.services.audit import chain_keys, checkpoints, trail, verification
from tests.audit_attacks import event_ids, rewrite, swap, tamper, walked_case

Users = dict[str, User]
# (problem, index of the event named in ids, or None) expected for a case's events ``ids``.
Expected = tuple[str, int | None]


def _delete(*ids: int) -> None:
    for event_id in ids:
        tamper("DELETE FROM case_events WHERE id = :id", id=event_id)


def _forge_unkeyed_event(case_id: int) -> None:
    """An event appended with a plain SHA-256, as if written before the key existed."""
    last = trail.timeline(case_id)[-1]
    forged = trail.CaseEvent(
        case_id=case_id,
        at=last.at,
        actor_id=None,
        kind="notitie",
        action="",
        from_state="",
        to_state="",
        comment="Ingevoegd.",
        data={},
        prev_hash=last.hash,
        key_id="",
    )
    tamper(
        "INSERT INTO case_events (case_id, at, actor_id, kind, action, from_state, to_state, "
        "comment, data, prev_hash, hash, key_id) VALUES (:case_id, :at, NULL, 'notitie', '', "
        "'', '', 'Ingevoegd.', '{}', :prev, :hash, '')",
        case_id=case_id,
        at=last.at,
        prev=last.hash,
        hash=trail.chain_hash(last.hash, forged),
    )


# name → (take a checkpoint first?, attack on (case id, its event ids), what is expected)
SCENARIOS: dict[str, tuple[bool, Callable[[int, list[int]], None], Expected]] = {
    "comment changed": (
        False,
        lambda c, ids: tamper("UPDATE case_events SET comment = 'x' WHERE id = :id", id=ids[2]),
        (CHANGED, 2),
    ),
    "chain recomputed with plain SHA-256 from the third event": (
        False,
        lambda c, ids: rewrite(c, 2, "sha256"),
        (UNSEALED, 2),
    ),
    "whole case recomputed with plain SHA-256 after a checkpoint": (
        True,
        lambda c, ids: rewrite(c, 0, "sha256"),
        (UNSEALED, 0),
    ),
    "chain recomputed with a wrong key under the real key id": (
        False,
        lambda c, ids: rewrite(c, 1, "wrong-key"),
        (CHANGED, 1),
    ),
    "chain recomputed with a key of one's own": (
        True,
        lambda c, ids: rewrite(c, 1, "own-key"),
        (UNKNOWN_KEY, 1),
    ),
    "event in the middle deleted": (False, lambda c, ids: _delete(ids[2]), (REMOVED, 3)),
    "first event deleted": (False, lambda c, ids: _delete(ids[0]), (REMOVED, 1)),
    "two events swapped": (False, lambda c, ids: swap(ids[1], ids[2]), (REORDERED, 1)),
    "newest events deleted after a checkpoint": (
        True,
        lambda c, ids: _delete(ids[4], ids[3]),
        (MISSING_AFTER_CHECKPOINT, 4),
    ),
    "every event deleted after a checkpoint": (
        True,
        lambda c, ids: _delete(*reversed(ids)),
        (MISSING_AFTER_CHECKPOINT, 4),
    ),
    "every event deleted before any checkpoint": (
        False,
        lambda c, ids: _delete(*reversed(ids)),
        (REMOVED, None),
    ),
    "unkeyed event appended after a checkpoint": (
        True,
        lambda c, ids: _forge_unkeyed_event(c),
        (UNSEALED, 5),
    ),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_injected_break_is_found_with_its_first_broken_link(users: Users, name: str) -> None:
    checkpoint_first, attack, (problem, index) = SCENARIOS[name]
    intact_id, case_id = walked_case(users), walked_case(users)
    ids = event_ids(case_id)
    if checkpoint_first:
        checkpoints.write()
    assert verification.verify().intact

    attack(case_id, ids)

    report = verification.verify()
    found = {(b.case_id, b.problem, b.event_id) for b in report.breaks}
    if index is not None and problem == UNSEALED and index == 5:
        expected_event = max(event_ids(case_id))
    else:
        expected_event = ids[index] if index is not None else None
    assert found == {(case_id, problem, expected_event)}, report.breaks
    assert report.breaks[0].reference == db.session.get(Case, case_id).reference
    assert trail.verify_chain(intact_id)
    assert not trail.verify_chain(case_id)


def test_a_changed_checkpoint_head_is_found(users: Users) -> None:
    case_id = walked_case(users)
    checkpoint = checkpoints.write()
    tamper(
        "UPDATE audit_checkpoint_heads SET hash = :hash WHERE case_id = :case_id",
        hash="0" * 64,
        case_id=case_id,
    )
    report = verification.verify()
    assert (report.breaks[0].problem, report.breaks[0].checkpoint_id) == (CHANGED, checkpoint.id)


def test_removed_checkpoints_are_found_through_the_file(
    app: Flask, users: Users, tmp_path: Path
) -> None:
    """Removing the newest events together with the checkpoint that recorded them passes
    in the database alone; the checkpoint file outside it still has the checkpoint."""
    app.config["AUDIT_CHECKPOINT_FILE"] = str(tmp_path / "audit" / "checkpoints.jsonl")
    case_id = walked_case(users)
    checkpoints.write()
    ids = event_ids(case_id)
    walked = walked_case(users)
    second = checkpoints.write().id
    lines = (tmp_path / "audit" / "checkpoints.jsonl").read_text().splitlines()
    assert len(lines) == 2 and f'"checkpoint":{second}' in lines[1]

    tamper("DELETE FROM audit_checkpoint_heads WHERE checkpoint_id = :id", id=second)
    tamper("DELETE FROM audit_checkpoints WHERE id = :id", id=second)
    _delete(*reversed(event_ids(walked)))
    tamper("DELETE FROM cases WHERE id = :id", id=walked)

    report = verification.verify()
    assert [(b.problem, b.checkpoint_id) for b in report.breaks] == [(REMOVED, second)]
    assert "checkpoints.jsonl" in report.breaks[0].describe()
    assert ids == event_ids(case_id)


def test_events_newer_than_the_last_checkpoint_are_the_known_limit(users: Users) -> None:
    """Removing events written after the latest checkpoint, at the end of a case, is not
    detectable: the daily checkpoint bounds that window to a day (SECURITY.md)."""
    case_id = walked_case(users)
    checkpoints.write()
    case = db.session.get(Case, case_id)
    assert case is not None
    trail.record(case, users["adviseur"], "notitie", comment="Na het controlepunt.")
    db.session.commit()
    _delete(max(event_ids(case_id)))
    assert verification.verify().intact


def test_a_case_rewritten_wholesale_is_caught_by_its_checkpointed_head(users: Users) -> None:
    """The case holding the oldest keyed events, rewritten as unkeyed from its first event:
    every event precedes the other keyed ones, but the checkpoint still holds its head."""
    case_id = walked_case(users)
    walked_case(users)
    checkpoints.write()
    rewrite(case_id, 0, "sha256")
    report = verification.verify()
    head = event_ids(case_id)[-1]
    assert [(b.case_id, b.problem, b.event_id) for b in report.breaks] == [(case_id, CHANGED, head)]


def test_events_from_before_the_key_verify_and_the_first_checkpoint_seals_them(
    users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Events written before the upgrade (plain SHA-256, no key id) stay valid, followed
    by keyed ones in the same case; after the first checkpoint no new unkeyed event is."""
    with monkeypatch.context() as before_the_upgrade:
        before_the_upgrade.setattr(chain_keys, "current", lambda: (chain_keys.UNKEYED, ""))
        before_the_upgrade.setattr(trail, "keyed_hash", lambda _k, p, e: trail.chain_hash(p, e))
        old_case = walked_case(users)
    assert {e.key_id for e in trail.timeline(old_case)} == {chain_keys.UNKEYED}
    case = db.session.get(Case, old_case)
    assert case is not None
    trail.record(case, users["adviseur"], "notitie", comment="Na de upgrade.")
    db.session.commit()
    assert trail.timeline(old_case)[-1].key_id == chain_keys.current()[0]

    report = verification.verify()
    assert report.intact and report.unsealed == 5
    checkpoints.write()
    report = verification.verify()
    assert report.intact and report.unsealed == 0

    _forge_unkeyed_event(old_case)
    assert [(b.problem, b.event_id) for b in verification.verify().breaks] == [
        (UNSEALED, max(event_ids(old_case)))
    ]
