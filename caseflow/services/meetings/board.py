"""The escalation board's read model (``/ministerraad``): the cases to place on the agenda,
the agenda per meeting and the meeting calendar, gathered and checked by one call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from caseflow.domain.clock import local_today
from caseflow.models import AgendaItem, Case, Meeting, User
from caseflow.services import permissions
from caseflow.services.caselists import queries
from caseflow.services.meetings import schedule

TO_PLACE_SHOWN = 50
NO_AGREEMENT = "geen_overeenstemming"


@dataclass(frozen=True)
class MeetingBoard:
    to_place: Sequence[Case]  # no agreement, not yet on an agenda
    next_deadlines: dict[int, queries.NextDeadline]  # per case to place
    items: list[AgendaItem]  # the agenda, newest meeting first
    meetings: list[Meeting]
    may_edit: bool  # the secretariat plans, moves and cancels meetings
    today: date


def meeting_board(user: User) -> MeetingBoard:
    """NotAllowed for anyone but BZK and the secretariat (the agenda is confidential)."""
    schedule.require_reader(user)
    to_place = queries.page(user, queries.CaseFilter(state=NO_AGREEMENT), None, TO_PLACE_SHOWN)
    return MeetingBoard(
        to_place.cases,
        queries.nearest_deadlines(c.id for c in to_place.cases),
        schedule.agenda(user),
        schedule.all_meetings(),
        permissions.can(user, "meeting.manage"),
        local_today(),
    )
