"""Who is told what. A notification and its e-mail are rows written in the transaction of
the event that causes them; the e-mail leaves after the commit (see ``mail``)."""

from __future__ import annotations

from flask import current_app, has_request_context, request
from sqlalchemy import select

from caseflow.domain import terms
from caseflow.domain.clock import local_today
from caseflow.domain.dutch import dutch_date
from caseflow.extensions import db
from caseflow.models import Case, Deadline, MailMessage, Notification, User
from caseflow.models.deadline import RUNNING
from caseflow.services import permissions
from caseflow.services.cases.access import held_by
from caseflow.services.deadlines import tracking
from workflows.base import ADVISEUR, MINISTERIE, WorkflowDefinition

# Links in mail that no request caused (reminders, the audit watch) when BASE_URL is not
# set: the development server's address (`make run` passes its own to the worker).
FALLBACK_BASE_URL = "http://127.0.0.1:5000"


def users_in_role(case: Case, role: str) -> list[User]:
    """The people behind a role for this case: the own ministry, the assigned adviser.
    Role data, not a permission: who is told (what they read still obeys the table)."""
    if role == ADVISEUR and case.assignee_id is not None:
        # The assigned handler, who may be a coordinator; all advisers if no longer active.
        assignee = db.session.get(User, case.assignee_id)
        if assignee is not None and assignee.active:
            return [assignee]
    query = select(User).where(User.active.is_(True), User.role == role).order_by(User.id)
    if role == MINISTERIE:
        query = query.where(User.ministry_id.in_(sorted(held_by(case.holder_ministry_id))))
    return list(db.session.scalars(query))


def notify(users: list[User], case: Case, key: str, text: str, subject: str) -> int:
    """One notification and one e-mail per distinct user; ``key`` names the cause."""
    seen: set[int] = set()
    for user in users:
        if user.id in seen or not permissions.can(user, "case.view", case):
            continue
        seen.add(user.id)
        _queue(user, key, text, subject, case.id, (f"/zaken/{case.id}", "Bekijk de zaak"))
    return len(seen)


def notify_user(user: User, key: str, text: str, subject: str, link: tuple[str, str]) -> str:
    """One notification and one e-mail about something other than a case; ``link`` is the
    path to it and the words before it in the mail. Returns the stored key (``key:u<id>``):
    a key already stored is a duplicate the caller must skip."""
    return _queue(user, key, text, subject, None, link)


def _queue(
    user: User, key: str, text: str, subject: str, case_id: int | None, link: tuple[str, str]
) -> str:
    unique = f"{key}:u{user.id}"
    db.session.add(Notification(key=unique, user_id=user.id, case_id=case_id, text=text))
    db.session.add(
        MailMessage(
            key=unique,
            user_id=user.id,
            case_id=case_id,
            to_address=user.email,
            subject=subject,
            body=_body(user, text, link),
        )
    )
    return unique


def case_moved(case: Case, definition: WorkflowDefinition, actor: User, event_id: int) -> int:
    """Tell the roles that can now act on the case, except the person who moved it. Whoever
    answers for a running deadline reads its due date in the same message: the reminder
    planned for this day is left out (``deadlines.follow_case(announced=True)``)."""
    roles = {role for a in definition.actions_from(case.state) if not a.side for role in a.roles}
    users = [u for role in sorted(roles) for u in users_in_role(case, role) if u.id != actor.id]
    notices = _deadline_notices(case)
    sent = 0
    for user in users:
        # Each recipient reads the state as the need-to-know table shows it to their role.
        label = definition.state_label(permissions.shown_state(user.role, case.state))
        text = f"Zaak {case.reference} ({case.title}) staat op '{label}' en wacht op u."
        text = " ".join([text, *(n for d, n in notices if user.id in _answering(case, d))])
        subject = f"[caseflow] {case.reference}: {label}"
        sent += notify([user], case, f"event:{event_id}", text, subject)
    return sent


def _deadline_notices(case: Case) -> list[tuple[Deadline, str]]:
    today = local_today()
    notices = []
    for deadline in tracking.open_deadlines(case.id):
        if deadline.status != RUNNING:
            continue
        left = terms.days_left(tracking.calendar(), today, deadline.due_on)
        when = f"nog {_working_days(left)}" if left > 0 else "vandaag"
        notices.append(
            (
                deadline,
                f"De termijn '{deadline.label}' verloopt op {dutch_date(deadline.due_on)} "
                f"({when}).",
            )
        )
    return notices


def _answering(case: Case, deadline: Deadline) -> set[int]:
    return {u.id for u in users_in_role(case, deadline.responsible_role)}


def _working_days(n: int) -> str:
    return f"{n} werkdag" if n == 1 else f"{n} werkdagen"


def base_url() -> str:
    """Where the application is served, for links in mail: BASE_URL when it is set
    explicitly, else the address of the request that causes the mail (so a mail caused on
    another host or port links there), else the default."""
    configured = str(current_app.config.get("BASE_URL") or "")
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return FALLBACK_BASE_URL


def _body(user: User, text: str, link: tuple[str, str]) -> str:
    path, words = link
    return (
        f"Beste {user.name},\n\n{text}\n\n{words}: {base_url()}{path}\n\n"
        "Dit bericht is automatisch verstuurd door caseflow, het zaaksysteem voor de "
        "spreiding van rijksdiensten (BZK).\n"
    )
