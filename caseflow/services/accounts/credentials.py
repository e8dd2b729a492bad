"""Passwords (argon2id): hashing and checking a login's e-mail and password. Sessions are
``accounts.sessions``, two-factor login ``accounts.two_factor``."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models import ApiClient, User

_hasher = PasswordHasher()
# Verifying against a dummy hash keeps the response time the same for unknown e-mails.
_DUMMY_HASH = _hasher.hash("onbekende-gebruiker")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalars(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).first()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active or is_system_user(user):
        return None
    return user


def is_system_user(user: User) -> bool:
    """The technical user of an API client (``api_clients``): it never logs in on the
    screens, whatever its password hash says (an administrator's reset included)."""
    found = db.session.scalar(select(ApiClient.id).where(ApiClient.user_id == user.id))
    return found is not None
