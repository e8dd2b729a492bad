"""Reminders of the actions agreed in talks (issue #12, item 1): the one who recorded the
talk is told once when an open action falls due within SOON_WORKING_DAYS working days, and
once when it is overdue; a changed due date is reminded of anew. An action's owner is a
name or function typed in the talk, not a user, so the recorder (BZK) is the one told; a
recorder no longer active gets nothing (the open actions stay listed on /gesprekken).

Run by the reminder scan (``caseflow.tasks.scan_reminders``). Each message has a unique key
(follow-up, step, due date, user): running the scan twice, or twice at once, sends once.
Overdue actions more than LOOKBACK_DAYS past their date are not reminded of any more."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from caseflow.domain.clock import local_today
from caseflow.domain.dutch import date_text
from caseflow.extensions import db
from caseflow.models import Notification, Talk, TalkFollowUp, User
from caseflow.services.caselists.queries import SOON_WORKING_DAYS
from caseflow.services.deadlines import tracking
from caseflow.services.messaging import notifications
from caseflow.services.network.talks import talk_label
from caseflow.services.unit_of_work import transaction

LOOKBACK_DAYS = 30
BATCH = 500
DUE = "binnenkort"
OVERDUE = "verlopen"

Due = tuple[TalkFollowUp, Talk, User]


def _due(day: date) -> list[Due]:
    horizon = tracking.calendar().add_working_days(day, SOON_WORKING_DAYS)
    query = (
        select(TalkFollowUp, Talk, User)
        .join(Talk, TalkFollowUp.talk_id == Talk.id)
        .join(User, Talk.recorded_by_id == User.id)
        .where(
            TalkFollowUp.done_on.is_(None),
            TalkFollowUp.due_on <= horizon,
            TalkFollowUp.due_on >= day - timedelta(days=LOOKBACK_DAYS),
            User.active.is_(True),
        )
        .order_by(TalkFollowUp.due_on, TalkFollowUp.id)
        .limit(BATCH)
    )
    return [(f, t, u) for f, t, u in db.session.execute(query)]


def _key(follow_up: TalkFollowUp, day: date) -> str:
    step = OVERDUE if follow_up.due_on < day else DUE
    return f"gesprek-actie:{follow_up.id}:{step}:{follow_up.due_on.isoformat()}"


def reminder_text(follow_up: TalkFollowUp, talk: Talk, day: date) -> str:
    when = "is verlopen op" if follow_up.due_on < day else "verloopt op"
    return (
        f"De actie «{follow_up.action}» (eigenaar: {follow_up.owner}) uit het gesprek van "
        f"{date_text(talk.held_on)} met {talk_label(talk)} {when} {date_text(follow_up.due_on)}."
    )


def remind(today: date | None = None) -> int:
    """Queue the reminders due today; returns how many were queued."""
    day = today or local_today()
    due = _due(day)
    keys = {f"{_key(f, day)}:u{u.id}" for f, _t, u in due}
    sent = set(db.session.scalars(select(Notification.key).where(Notification.key.in_(keys))))
    todo = [(f, t, u) for f, t, u in due if f"{_key(f, day)}:u{u.id}" not in sent]
    try:
        with transaction():
            for follow_up, talk, user in todo:
                subject = f"[caseflow] Actie uit gesprek: {follow_up.action[:80]}"
                text = reminder_text(follow_up, talk, day)
                link = (f"/gesprekken/{talk.id}", "Bekijk het gesprek")
                notifications.notify_user(user, _key(follow_up, day), text, subject, link)
    except IntegrityError:
        return 0  # a scan running at the same time queued them first (the keys are unique)
    return len(todo)
