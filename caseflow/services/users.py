"""User administration by the application administrator (beheerder)."""

from __future__ import annotations

from sqlalchemy import func, select

from caseflow.domain.errors import NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import LOCALES
from caseflow.models import Ministry, User
from caseflow.services.auth import hash_password, new_session_token
from workflows.base import BEHEERDER, MINISTERIE, ROLES


def _require_admin(actor: User) -> None:
    if actor.role != BEHEERDER:
        raise NotAllowed("Alleen de beheerder beheert gebruikers.")


def list_users(actor: User) -> list[User]:
    _require_admin(actor)
    return list(db.session.scalars(select(User).order_by(User.role, User.name)))


def create_user(
    actor: User, email: str, name: str, role: str, ministry_id: int | None, password: str
) -> User:
    _require_admin(actor)
    errors: dict[str, str] = {}
    if role not in ROLES:
        errors["role"] = "Kies een rol."
    ministry = db.session.get(Ministry, ministry_id) if ministry_id else None
    if role == MINISTERIE and ministry is None:
        errors["ministry_id"] = "Een ministeriegebruiker hoort bij een ministerie."
    if role != MINISTERIE and ministry is not None:
        errors["ministry_id"] = "Alleen de rol Ministerie hoort bij een ministerie."
    taken = select(User.id).where(func.lower(User.email) == email.strip().lower())
    if db.session.scalars(taken).first():
        errors["email"] = "Dit e-mailadres is al in gebruik."
    if errors:
        raise ValidationFailed("Controleer de gemarkeerde velden.", errors)
    user = User(
        email=email.strip().lower(),
        name=name.strip(),
        role=role,
        ministry=ministry,
        password_hash=hash_password(password),
        session_token=new_session_token(),
    )
    db.session.add(user)
    db.session.commit()
    return user


def set_own_locale(actor: User, locale: str) -> User:
    """A user chooses their own interface language (Dutch or English)."""
    if locale not in LOCALES:
        raise ValidationFailed("Kies Nederlands of English.", {"locale": "Kies een taal."})
    actor.locale = locale
    db.session.commit()
    return actor
