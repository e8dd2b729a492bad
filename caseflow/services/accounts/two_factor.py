"""Two-factor login with a time-based code (TOTP, RFC 6238) from an authenticator app, and
ten one-time recovery codes for a lost phone (ASVS V2.7/V2.8).

A code is accepted in its own 30-second window and one window either side (clock drift), but
never twice: ``totp_last_step`` remembers the newest window used, and only a later one is
accepted, so a code seen over someone's shoulder cannot be replayed. Recovery codes are
random (60 bits), so a SHA-256 hash is enough to keep them unreadable in the database."""

from __future__ import annotations

import hashlib
import re
import secrets
import time

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, select, update

from caseflow.domain.clock import utcnow
from caseflow.extensions import db
from caseflow.models import RecoveryCode, User
from caseflow.services.accounts import security_log
from caseflow.services.unit_of_work import transaction

RECOVERY_CODES = 10
_STEP_SECONDS = 30
_DRIFT_STEPS = 1
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read from paper
_RECOVERY_LENGTH = 12  # 12 of 31 symbols: 59 bits


def required_for(user: User) -> bool:
    """The roles set in TWO_FACTOR_ROLES must use a second factor; the others may."""
    return user.role in current_app.config["TWO_FACTOR_ROLES"]


def enrolled(user: User) -> bool:
    return user.totp_enabled_at is not None and bool(user.totp_secret)


def enrolment_secret(user: User, seen: str | None) -> str:
    """The secret to put in the app. ``seen`` is the fingerprint of the secret this browser
    was shown: a reload keeps it, but any other session gets a new one, so a secret shown
    to someone else (who had the password) is never the one the user confirms."""
    if enrolled(user):
        raise ValueError("De tweestapsverificatie is al ingesteld.")
    if not user.totp_secret or seen != fingerprint(user.totp_secret):
        with transaction():
            user.totp_secret = pyotp.random_base32(32)
    return user.totp_secret


def fingerprint(secret: str) -> str:
    """Names a secret in the session cookie without revealing it."""
    return hashlib.sha256(f"caseflow-totp:{secret}".encode()).hexdigest()[:32]


def provisioning_uri(user: User, secret: str) -> str:
    issuer = current_app.config["TWO_FACTOR_ISSUER"]
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_code(uri: str) -> str:
    """The QR code as an SVG data URI, drawn here: the secret never goes to a QR service."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=4))


def confirm_enrolment(user: User, code: str) -> list[str] | None:
    """With a correct code from the app the factor is on; returns the new recovery codes
    (shown once), or None when the code is wrong."""
    if enrolled(user) or not user.totp_secret or not _accept_totp(user, code):
        return None
    with transaction():
        user.totp_enabled_at = utcnow()
        codes = _new_recovery_codes(user)
    security_log.event("2fa.enrolled", "ok", actor=user)
    return codes


def verify(user: User, code: str) -> bool:
    """A code from the app, or else a recovery code (used up by this)."""
    if not enrolled(user):
        return False
    if _looks_like_totp(code):
        with transaction():
            return _accept_totp(user, code)
    return _use_recovery_code(user, code)


def renew_recovery_codes(user: User, code: str) -> list[str] | None:
    """Ten new recovery codes in place of the old ones, for a code from the app (proof that
    the phone is at hand); None when the code is wrong."""
    with transaction():  # a code that was used stays used, also when it renews nothing
        if not enrolled(user) or not _accept_totp(user, code):
            return None
        codes = _new_recovery_codes(user)
    security_log.event("2fa.recovery_codes_renewed", "ok", actor=user)
    return codes


def reset(user: User) -> None:
    """The factor is off and the recovery codes are gone (the administrator's reset): a user
    of a role that requires it enrols again at the next login."""
    with transaction():
        user.totp_secret = None
        user.totp_enabled_at = None
        user.totp_last_step = None
        db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def remaining_recovery_codes(user: User) -> int:
    unused = select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
    )
    return len(db.session.scalars(unused).all())


def _looks_like_totp(code: str) -> bool:
    return re.fullmatch(r"\d{6}", _compact(code)) is not None


def _compact(code: str) -> str:
    return re.sub(r"[\s-]", "", code)[:64].lower()


def _accept_totp(user: User, code: str) -> bool:
    """True for a code of a window later than the last one used; that window is then used."""
    digits = _compact(code)
    if not user.totp_secret or not re.fullmatch(r"\d{6}", digits):
        return False
    totp = pyotp.TOTP(user.totp_secret)
    now_step = int(time.time()) // _STEP_SECONDS
    for step in range(now_step - _DRIFT_STEPS, now_step + _DRIFT_STEPS + 1):
        fresh = user.totp_last_step is None or step > user.totp_last_step
        if fresh and secrets.compare_digest(totp.at(step * _STEP_SECONDS), digits):
            user.totp_last_step = step
            return True
    return False


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_random_recovery_code() for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    return codes


def _random_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _RECOVERY_LENGTH, 4))


def _hash(code: str) -> str:
    return "sha256:" + hashlib.sha256(_compact(code).encode()).hexdigest()


def _use_recovery_code(user: User, code: str) -> bool:
    """Marks the code used with a conditional UPDATE, so two requests cannot both use it."""
    with transaction():
        used = db.session.execute(
            update(RecoveryCode)
            .where(
                RecoveryCode.user_id == user.id,
                RecoveryCode.code_hash == _hash(code),
                RecoveryCode.used_at.is_(None),
            )
            .values(used_at=utcnow())
        )
    if not used.rowcount:  # type: ignore[attr-defined]
        return False
    security_log.event("2fa.recovery_code", "ok", actor=user, left=remaining_recovery_codes(user))
    return True
