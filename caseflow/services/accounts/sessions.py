"""Login sessions that the server can end. The session generation (``User.session_token``,
the Flask-Login alternative id in the cookie) is rotated at every login, logout, password
change, deactivation and by the administrator's "end all sessions": a cookie of an earlier
generation no longer logs anyone in."""

from __future__ import annotations

import secrets

from flask import session

from caseflow.domain.clock import utcnow
from caseflow.extensions import db
from caseflow.models import User

# Keys in the signed session cookie: when this login began and when it was last used.
LOGIN_AT = "login_at"
SEEN_AT = "seen_at"


def new_generation() -> str:
    return secrets.token_hex(32)


def begin(user: User) -> None:
    """A login has fully succeeded (password and, where required, the second factor):
    a new generation, so any older cookie of this user stops working."""
    now = utcnow()
    user.session_token = new_generation()
    user.last_login_at = now
    db.session.commit()
    stamp = now.timestamp()
    session[LOGIN_AT] = stamp
    session[SEEN_AT] = stamp


def end(user: User) -> None:
    """Every session of ``user`` ends (logout, password change, deactivation, admin)."""
    user.session_token = new_generation()
    db.session.commit()
