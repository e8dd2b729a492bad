"""Who is told what. A notification and its e-mail are rows written in the transaction of
the event that causes them; the e-mail leaves after the commit (see ``mail``)."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import Case, MailMessage, Notification, User
from caseflow.services import permissions
from caseflow.services.access import held_by
from workflows.base import ADVISEUR, MINISTERIE, WorkflowDefinition


def users_in_role(case: Case, role: str) -> list[User]:
    """The people behind a role for this case: the own ministry, the assigned adviser."""
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
        unique = f"{key}:u{user.id}"
        db.session.add(Notification(key=unique, user_id=user.id, case_id=case.id, text=text))
        db.session.add(
            MailMessage(
                key=unique,
                user_id=user.id,
                case_id=case.id,
                to_address=user.email,
                subject=subject,
                body=_body(user, case, text),
            )
        )
    return len(seen)


def case_moved(case: Case, definition: WorkflowDefinition, actor: User, event_id: int) -> int:
    """Tell the roles that can now act on the case, except the person who moved it."""
    roles = {role for a in definition.actions_from(case.state) if not a.side for role in a.roles}
    users = [u for role in sorted(roles) for u in users_in_role(case, role) if u.id != actor.id]
    sent = 0
    for role in sorted({u.role for u in users}):
        # Each recipient reads the state as the need-to-know table shows it to their role.
        label = definition.state_label(permissions.shown_state(role, case.state))
        text = f"Zaak {case.reference} ({case.title}) staat op '{label}' en wacht op u."
        subject = f"[caseflow] {case.reference}: {label}"
        addressed = [u for u in users if u.role == role]
        sent += notify(addressed, case, f"event:{event_id}", text, subject)
    return sent


def _body(user: User, case: Case, text: str) -> str:
    link = f"{current_app.config['BASE_URL'].rstrip('/')}/zaken/{case.id}"
    return (
        f"Beste {user.name},\n\n{text}\n\nBekijk de zaak: {link}\n\n"
        "Dit bericht is automatisch verstuurd door caseflow, het zaaksysteem voor de "
        "spreiding van rijksdiensten (BZK).\n"
    )
