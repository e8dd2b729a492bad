"""The audit trail: a hash chain per case, append-only in the database itself."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from caseflow.extensions import db
from caseflow.models import CaseEvent, User
from caseflow.services.audit import trail
from tests.audit_attacks import walked_case

Users = dict[str, User]


def test_events_form_a_verifiable_hash_chain(users: Users) -> None:
    case_id = walked_case(users)
    other_id = walked_case(users)
    events = trail.timeline(case_id)
    assert [e.kind for e in events] == ["aanmaak"] + ["transitie"] * 4
    assert events[0].prev_hash == ""
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    assert len({e.hash for e in events}) == len(events)
    assert trail.verify_chain(case_id)
    assert trail.verify_chain(other_id)  # chains are per case, interleaving does not matter


def test_a_changed_event_breaks_the_chain(users: Users) -> None:
    case_id = walked_case(users)
    event = trail.timeline(case_id)[2]
    with db.session.no_autoflush:  # change it only in memory: the database would refuse
        event.comment = "Achteraf aangepast"
        assert not trail.verify_chain(case_id)
    db.session.rollback()
    assert trail.verify_chain(case_id)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE case_events SET comment = 'vervalst' WHERE case_id = :case_id",
        "DELETE FROM case_events WHERE case_id = :case_id",
    ],
    ids=["update", "delete"],
)
def test_database_refuses_to_change_or_remove_events(users: Users, statement: str) -> None:
    case_id = walked_case(users)
    hashes = [e.hash for e in trail.timeline(case_id)]
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(statement), {"case_id": case_id})
        db.session.flush()
    db.session.rollback()
    assert [e.hash for e in trail.timeline(case_id)] == hashes
    assert trail.verify_chain(case_id)


def test_orm_changes_to_events_are_refused_too(users: Users) -> None:
    case_id = walked_case(users)
    event = trail.timeline(case_id)[-1]
    event.comment = "vervalst"
    with pytest.raises(DBAPIError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(trail.timeline(case_id)[-1])
    with pytest.raises(DBAPIError):
        db.session.commit()
    db.session.rollback()
    count = select(func.count(CaseEvent.id)).where(CaseEvent.case_id == case_id)
    assert db.session.scalar(count) == 5
    assert trail.verify_chain(case_id)
