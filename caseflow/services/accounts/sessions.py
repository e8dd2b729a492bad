"""Login sessions that the server can end. The session generation (``User.session_token``,
the Flask-Login alternative id in the cookie) is rotated at every login, logout, password
change, deactivation and by the administrator's "end all sessions": a cookie of an earlier
generation no longer logs anyone in."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import session
from sqlalchemy import select

from caseflow.domain.clock import utcnow
from caseflow.extensions import db
from caseflow.models import User
from caseflow.services.unit_of_work import transaction

# Keys in the signed session cookie: when this login began and when it was last used.
LOGIN_AT = "login_at"
SEEN_AT = "seen_at"


def new_generation() -> str:
    return secrets.token_hex(32)


def begin(user: User) -> None:
    """A login has fully succeeded (password and, where required, the second factor):
    a new generation, so any older cookie of this user stops working."""
    now = utcnow()
    with transaction():
        user.session_token = new_generation()
        user.last_login_at = now
    stamp = now.timestamp()
    session[LOGIN_AT] = stamp
    session[SEEN_AT] = stamp


def end(user: User) -> None:
    """Every session of ``user`` ends (logout, password change, deactivation, admin)."""
    with transaction():
        user.session_token = new_generation()


def renew(user: User) -> None:
    """Every other session of ``user`` ends, this one goes on (own password change): the
    generation rotates and this session's cookie carries the new one."""
    end(user)
    # Flask-Login keeps the alternative id of the logged-in user under this key.
    session["_user_id"] = user.get_id()


def user_for(generation: str) -> User | None:
    """The user a session cookie of this generation belongs to; an inactive user has none."""
    user = db.session.scalars(select(User).where(User.session_token == generation)).first()
    return user if user is not None and user.active else None


def pending_user(user_id: int, generation: object) -> User | None:
    """The active user whose password was right in a session of ``generation``, between the
    password and the second step (a logout or an ended session elsewhere voids it)."""
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.session_token != generation:
        return None
    return user


@dataclass(frozen=True)
class Limits:
    """How long a login lasts: idle seconds and absolute seconds."""

    idle: float
    absolute: float


def stamp_login() -> None:
    """The stamps of a fresh login in this session."""
    stamp = utcnow().timestamp()
    session[LOGIN_AT] = stamp
    session[SEEN_AT] = stamp


def forget() -> None:
    session.pop(LOGIN_AT, None)
    session.pop(SEEN_AT, None)


def expiry(limits: Limits) -> str | None:
    """Why this session has expired ("idle" or "absolute"), or None while it lasts; a
    session without stamps (older than these rules, or tampered with) counts as expired."""
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if not isinstance(login_at, int | float) or not isinstance(seen_at, int | float):
        return "absolute"
    now = utcnow().timestamp()
    if now - login_at > limits.absolute:
        return "absolute"
    if now - seen_at > limits.idle:
        return "idle"
    return None


def touch() -> None:
    """This session was just used: the idle clock starts again."""
    session[SEEN_AT] = utcnow().timestamp()
