"""Passwords (argon2id) and login sessions that die at logout."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models import User

_hasher = PasswordHasher()
# Verifying against a dummy hash keeps the response time the same for unknown e-mails.
_DUMMY_HASH = _hasher.hash("onbekende-gebruiker")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def new_session_token() -> str:
    return secrets.token_hex(32)


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalars(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).first()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    return user


def user_by_session_token(token: str) -> User | None:
    return db.session.scalars(select(User).where(User.session_token == token)).first()


def end_session(user: User) -> None:
    """Rotate the token so a copied session cookie no longer logs anyone in."""
    user.session_token = new_session_token()
    db.session.commit()
