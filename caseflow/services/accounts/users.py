"""User administration by the application administrator (beheerder): create and edit
accounts, deactivate and reactivate them, reset a password or the second factor, end a
user's sessions. Every act is checked here (not only in the views) and written to the
security log; the administrator can never lock themselves out (no own deactivation or
demotion). A user changes their own password here too."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from caseflow.domain.clock import utcnow
from caseflow.domain.errors import NotAllowed, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import LOCALES
from caseflow.models import Ministry, User
from caseflow.services import permissions
from caseflow.services.accounts import passwords, security_log, sessions, two_factor
from caseflow.services.accounts.credentials import hash_password
from caseflow.services.unit_of_work import transaction
from workflows.base import MINISTERIE, ROLES

# Verification reads the cost parameters from the stored hash, so any hasher will do.
_verifier = PasswordHasher()
# Temporary passwords: no look-alike characters (0/O, 1/l/I), read out or typed over.
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
NOT_ADMIN = "Alleen de beheerder beheert gebruikers."


def _require_admin(actor: User, action: str = "user_admin", obj: str = "") -> None:
    if not permissions.can(actor, "users.manage"):
        security_log.event(action, "refused", actor=actor, obj=obj)
        raise NotAllowed(NOT_ADMIN)


def list_users(actor: User) -> list[User]:
    """Every account with its ministry, which the list shows (one query, not one per ministry)."""
    _require_admin(actor)
    query = select(User).options(joinedload(User.ministry)).order_by(User.role, User.name)
    return list(db.session.scalars(query))


def get_user(actor: User, user_id: int) -> User:
    _require_admin(actor, "user_view", f"user:{user_id}")
    return _target(user_id)


def _target(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("Deze gebruiker bestaat niet.")
    return user


def _field_errors(
    email: str,
    name: str,
    role: str,
    ministry: Ministry | None,
    ministry_id: int | None,
    *,
    user_id: int | None = None,
) -> dict[str, str]:
    """The checks an account must pass, at creation and at every edit."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Vul een naam in."
    if role not in ROLES:
        errors["role"] = "Kies een rol."
    # Role data of the account being edited (a ministry user belongs to a ministry), not a
    # permission of the one editing it.
    if ministry_id and ministry is None:
        errors["ministry_id"] = "Kies een bestaand ministerie."
    elif role == MINISTERIE and ministry is None:
        errors["ministry_id"] = "Een ministeriegebruiker hoort bij een ministerie."
    elif role != MINISTERIE and ministry is not None:
        errors["ministry_id"] = "Alleen de rol Ministerie hoort bij een ministerie."
    taken = select(User.id).where(func.lower(User.email) == email.strip().lower())
    if user_id is not None:
        taken = taken.where(User.id != user_id)
    if db.session.scalars(taken).first():
        errors["email"] = "Dit e-mailadres is al in gebruik."
    return errors


def create_user(
    actor: User, email: str, name: str, role: str, ministry_id: int | None, password: str
) -> User:
    _require_admin(actor, "user_create", email.strip().lower())
    ministry = db.session.get(Ministry, ministry_id) if ministry_id else None
    # The administrator chose this password, so it is theirs as much as the user's: the
    # user replaces it at the first login.
    with transaction():
        user = add_user(
            email,
            name,
            role,
            ministry,
            password,
            must_change_password=True,
            ministry_id=ministry_id,
        )
    security_log.event("user_create", "ok", actor=actor, obj=f"user:{user.id}", role=role)
    return user


def add_user(
    email: str,
    name: str,
    role: str,
    ministry: Ministry | None,
    password: str,
    *,
    must_change_password: bool = False,
    ministry_id: int | None = None,
) -> User:
    """The one way an account comes into being (the administrator's screen, the command line
    and the demo data): the same field checks and password rule everywhere. The caller
    commits."""
    errors = _field_errors(
        email, name, role, ministry, ministry_id or (ministry.id if ministry else None)
    )
    weak = passwords.problems(password, name=name, email=email)
    if weak:
        errors["password"] = weak[0]
    if errors:
        raise ValidationFailed("Controleer de gemarkeerde velden.", errors)
    user = User(
        email=email.strip().lower(),
        name=name.strip(),
        role=role,
        ministry=ministry,
        password_hash=hash_password(password),
        session_token=sessions.new_generation(),
        must_change_password=must_change_password,
    )
    db.session.add(user)
    db.session.flush()
    return user


def update_user(
    actor: User, user_id: int, email: str, name: str, role: str, ministry_id: int | None
) -> User:
    """Name, e-mail address, role and ministry, with the same checks as at creation."""
    _require_admin(actor, "user_update", f"user:{user_id}")
    user = _target(user_id)
    ministry = db.session.get(Ministry, ministry_id) if ministry_id else None
    errors = _field_errors(email, name, role, ministry, ministry_id, user_id=user.id)
    if user.id == actor.id and not permissions.role_holds(role, "users.manage"):
        errors["role"] = "U kunt uw eigen rol niet wijzigen: dan kan niemand u terugzetten."
    if errors:
        security_log.event("user_update", "refused", actor=actor, obj=f"user:{user.id}")
        raise ValidationFailed("Controleer de gemarkeerde velden.", errors)
    old_role, old_ministry = user.role, user.ministry_id
    with transaction():
        user.email, user.name = email.strip().lower(), name.strip()
        user.role, user.ministry = role, ministry
    security_log.event("user_update", "ok", actor=actor, obj=f"user:{user.id}")
    if (old_role, old_ministry) != (user.role, user.ministry_id):
        # A running session was logged in under the old role's rules (a ministry user has no
        # second factor to pass): the new role starts with a new login.
        sessions.end(user)
        security_log.event(
            "role_change",
            "ok",
            actor=actor,
            obj=f"user:{user.id}",
            old_role=old_role,
            new_role=user.role,
            old_ministry_id=old_ministry,
            new_ministry_id=user.ministry_id,
        )
    return user


def set_active(actor: User, user_id: int, active: bool) -> User:
    """Deactivation ends every session of the user at once; reactivation lets them log in."""
    action = "user_reactivate" if active else "user_deactivate"
    _require_admin(actor, action, f"user:{user_id}")
    user = _target(user_id)
    if user.id == actor.id and not active:
        security_log.event(action, "refused", actor=actor, obj=f"user:{user.id}")
        raise NotAllowed("U kunt uw eigen account niet deactiveren.")
    with transaction():
        user.active = active
    if not active:
        sessions.end(user)
    security_log.event(action, "ok", actor=actor, obj=f"user:{user.id}")
    return user


def end_sessions(actor: User, user_id: int) -> User:
    _require_admin(actor, "sessions_end", f"user:{user_id}")
    user = _target(user_id)
    sessions.end(user)
    security_log.event("sessions_end", "ok", actor=actor, obj=f"user:{user.id}")
    return user


def reset_password(actor: User, user_id: int) -> str:
    """A temporary password, returned once for the administrator to pass on; the user must
    choose their own at the next login. Their sessions end."""
    _require_admin(actor, "password_reset", f"user:{user_id}")
    user = _target(user_id)
    temporary = _temporary_password(user)
    with transaction():
        user.password_hash = hash_password(temporary)
        user.must_change_password = True
    sessions.end(user)
    security_log.event("password_reset", "ok", actor=actor, obj=f"user:{user.id}")
    return temporary


def _temporary_password(user: User) -> str:
    while True:
        groups = ("".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(4)) for _ in "1234")
        candidate = "-".join(groups)
        if not passwords.problems(candidate, name=user.name, email=user.email):
            return candidate


def reset_two_factor(actor: User, user_id: int) -> User:
    """Forget the authenticator and the recovery codes: the user enrols again at the next
    login. Their sessions end."""
    _require_admin(actor, "two_factor_reset", f"user:{user_id}")
    user = _target(user_id)
    two_factor.reset(user)
    sessions.end(user)
    security_log.event("two_factor_reset", "ok", actor=actor, obj=f"user:{user.id}")
    return user


def change_own_password(actor: User, current: str, new: str) -> User:
    """The current password proves it is them; the new one follows the password rules.
    Every other session of the user ends, this one goes on."""
    obj = f"user:{actor.id}"
    if not _password_matches(actor, current):
        security_log.event("password_change", "failed", actor=actor, obj=obj)
        raise ValidationFailed(
            "Controleer de gemarkeerde velden.",
            {"current_password": "Uw huidige wachtwoord klopt niet."},
        )
    weak = passwords.problems(new, name=actor.name, email=actor.email)
    if not weak and _password_matches(actor, new):
        weak = ["Kies een ander wachtwoord dan uw huidige."]
    if weak:
        security_log.event("password_change", "refused", actor=actor, obj=obj)
        raise ValidationFailed("Controleer de gemarkeerde velden.", {"new_password": weak[0]})
    with transaction():
        actor.password_hash = hash_password(new)
        actor.password_changed_at = utcnow()
        actor.must_change_password = False
    sessions.renew(actor)
    security_log.event("password_change", "ok", actor=actor, obj=obj)
    return actor


def _password_matches(user: User, password: str) -> bool:
    try:
        return _verifier.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def set_own_locale(actor: User, locale: str) -> User:
    """A user chooses their own interface language (Dutch or English)."""
    if locale not in LOCALES:
        raise ValidationFailed("Kies Nederlands of English.", {"locale": "Kies een taal."})
    with transaction():
        actor.locale = locale
    return actor
