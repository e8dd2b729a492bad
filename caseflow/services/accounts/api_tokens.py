"""Personal API tokens (issue #13): a user makes, lists and revokes their own; the JSON API
authenticates a request's bearer token to its user.

The token is ``cf_<prefix>_<secret>`` with a random 32-byte secret; only the SHA-256 of the
whole token is stored, so the database never holds a usable token. It is shown once, when
made. A token acts as its user, through the same permissions table as the screens, and no
further than its scope: ``lezen`` reads, ``lezen-schrijven`` may also write. It is refused
once expired (after its ``expires_on`` day), revoked, or when its user is deactivated.
The last use is written at most once a minute, so reading is not a write per request.
An API client's access token (``api_clients``) is a token of its technical user with
``expires_at`` an hour ahead; it is refused from that moment."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import joinedload

from caseflow.domain.clock import local_today, utcnow
from caseflow.domain.errors import NotAllowed, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.models import ApiToken, User
from caseflow.models.api_token import READ, READ_WRITE, SCOPES
from caseflow.services import permissions
from caseflow.services.accounts import security_log
from caseflow.services.unit_of_work import transaction

__all__ = ["READ", "READ_WRITE", "SCOPES", "ApiToken"]

PREFIX = "cf_"
NAME_LENGTH = 80
# How often the last use is written at most.
USE_RESOLUTION = timedelta(minutes=1)
SCOPE_LABELS = {READ: "Lezen", READ_WRITE: "Lezen en schrijven"}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
NO_TOKEN = "Dit API-token bestaat niet of is niet van u."  # noqa: S105 - a message
READ_ONLY = "Dit API-token mag alleen lezen; maak een token met het bereik lezen en schrijven."


@dataclass(frozen=True)
class NewToken:
    """A token just made: ``secret`` is the whole token, shown this once and never again."""

    token: ApiToken
    secret: str


@dataclass(frozen=True)
class Bearer:
    """Who a valid bearer token speaks for, and how far."""

    user: User
    token_id: int
    scope: str
    api_client_id: int | None = None

    @property
    def may_write(self) -> bool:
        return self.scope == READ_WRITE

    @property
    def limit_key(self) -> str:
        """What the rate limit counts: the token, or an API client's all tokens together."""
        if self.api_client_id is not None:
            return f"client:{self.api_client_id}"
        return str(self.token_id)


def latest_expiry(today: date) -> date:
    """A token lives at most one year: the same day next year (28 February for the 29th)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def create(user: User, name: str, scope: str, expires_on: date | None) -> NewToken:
    """Make a token for ``user`` itself; ValidationFailed names the fields that are wrong."""
    permissions.require(user, "api_token.manage")
    name = " ".join(name.split())
    today = local_today()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Geef het token een naam, bijvoorbeeld het systeem dat het gebruikt."
    elif len(name) > NAME_LENGTH:
        errors["name"] = f"De naam is te lang: hoogstens {NAME_LENGTH} tekens."
    if scope not in SCOPES:
        errors["scope"] = "Kies het bereik: lezen, of lezen en schrijven."
    if expires_on is None:
        errors["expires_on"] = "Geef de datum waarop het token verloopt."
    elif expires_on <= today:
        errors["expires_on"] = "De vervaldatum moet na vandaag liggen."
    elif expires_on > latest_expiry(today):
        errors["expires_on"] = "Een token geldt hoogstens een jaar."
    if errors or expires_on is None:
        raise ValidationFailed("Het token is niet gemaakt; verbeter de gemarkeerde velden.", errors)
    prefix = secrets.token_hex(6)
    secret = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user_id=user.id,
        name=name,
        prefix=prefix,
        secret_hash=_digest(secret),
        scope=scope,
        expires_on=expires_on,
    )
    with transaction():
        db.session.add(token)
    security_log.event(
        "api_token_created", "ok", actor=user, obj=f"api_token:{token.id}", scope=scope
    )
    return NewToken(token, secret)


def own_tokens(user: User) -> list[ApiToken]:
    """The user's tokens, newest first (revoked and expired ones too, marked as such)."""
    permissions.require(user, "api_token.manage")
    query = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    return list(db.session.scalars(query))


def revoke(user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (again: no change); another's is NotFound."""
    permissions.require(user, "api_token.manage")
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(NO_TOKEN)
    if token.revoked_at is None:
        with transaction():
            token.revoked_at = utcnow()
        security_log.event("api_token_revoked", "ok", actor=user, obj=f"api_token:{token.id}")
    return token


def is_usable(token: ApiToken, today: date, now: datetime | None = None) -> bool:
    if token.expires_at is not None and token.expires_at <= (now or utcnow()):
        return False
    return token.revoked_at is None and token.expires_on >= today


def issue_access_token(user: User, api_client_id: int, scope: str, expires_at: datetime) -> str:
    """An API client's access token (``services.accounts.api_clients.grant``): a token of
    its technical user that stops working at ``expires_at``; returns the token itself."""
    prefix = secrets.token_hex(6)
    secret = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user_id=user.id,
        name="Toegangstoken van de systeemkoppeling",
        prefix=prefix,
        secret_hash=_digest(secret),
        scope=scope,
        # The day after the moment, so the date never ends it first; ``expires_at`` does.
        expires_on=local_today() + timedelta(days=1),
        expires_at=expires_at,
        api_client_id=api_client_id,
    )
    with transaction():
        db.session.add(token)
    return secret


def authenticate(raw: str) -> Bearer | None:
    """The user a bearer token speaks for; None for anything but a valid, unexpired,
    unrevoked token of an active user (the caller answers 401 without saying which)."""
    found = _parse(raw)
    if found is None:
        return None
    query = select(ApiToken).where(ApiToken.prefix == found).options(joinedload(ApiToken.user))
    token = db.session.scalars(query).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _digest(raw)):
        return None
    user, now = token.user, utcnow()
    if not is_usable(token, local_today(), now) or not user.active:
        return None
    bearer = Bearer(user, token.id, token.scope, token.api_client_id)
    if token.last_used_at is None or token.last_used_at < now - USE_RESOLUTION:
        _note_use(token.id, now)
    return bearer


def require_scope(bearer: Bearer, method: str) -> None:
    """A read-only token may not write (NotAllowed, 403)."""
    if method.upper() not in SAFE_METHODS and not bearer.may_write:
        raise NotAllowed(READ_ONLY)


def _parse(raw: str) -> str | None:
    """The prefix of a well-formed token, else None."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    prefix, _, rest = raw[len(PREFIX) :].partition("_")
    if len(prefix) != 12 or not rest:
        return None
    return prefix


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _note_use(token_id: int, now: datetime) -> None:
    """Stamp the last use; the condition repeats the check, so of two parallel requests
    only one writes."""
    with transaction():
        db.session.execute(
            update(ApiToken)
            .where(
                ApiToken.id == token_id,
                or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - USE_RESOLUTION),
            )
            .values(last_used_at=now)
        )
