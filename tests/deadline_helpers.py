"""Shared by the deadline and reminder tests: a settable "today" and filing on a given day."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import Case, Deadline, User
from caseflow.services.cases import lifecycle
from caseflow.services.deadlines import tracking as deadline_service
from tests.factories import act, filing_data


class Clock:
    """The date the deadline service takes as today."""

    def __init__(self, day: date) -> None:
        self.day = day

    def today(self) -> date:
        return self.day


def frozen_clock(monkeypatch: pytest.MonkeyPatch, day: date) -> Clock:
    clock = Clock(day)
    monkeypatch.setattr(deadline_service, "local_today", clock.today)
    return clock


def file_on(users: dict[str, User], clock: Clock, day: date) -> Case:
    """An omvangswijziging created and filed (indienen) on ``day``."""
    clock.day = day
    ministry = users["ministerie"]
    case = lifecycle.create_case(ministry, "omvangswijziging", filing_data("omvangswijziging"))
    return act(ministry, case, "indienen")


def file_with_reminder_on_filing_day(users: dict[str, User], clock: Clock, day: date) -> Case:
    """As ``file_on``, with the intake's "before" reminder planned on the filing day itself.

    A filing leaves that reminder out, because the filing's own message already names the
    intake term (one message per event); the reminder scan is tested on it all the same,
    as it still comes when a term starts without such a message."""
    case = file_on(users, clock, day)
    intake = db.session.scalars(
        select(Deadline).where(Deadline.case_id == case.id, Deadline.kind == "intake")
    ).one()
    deadline_service.replan(intake, day)
    db.session.commit()
    return case
