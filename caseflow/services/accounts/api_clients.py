"""API clients per ministry ("systeemkoppelingen", issue #13): a ministry's system gets
its own credentials from the administrator and fetches access tokens with the OAuth2
client-credentials grant (RFC 6749, section 4.4) at ``POST /api/v1/token``.

The smallest design that keeps one permissions table and one token system:

- A client belongs to one ministry and acts as a technical user of that ministry with role
  ``ministerie``, made together with the client. Every permission and need-to-know rule
  applies to it unchanged: it sees only its ministry's cases, never BZK's drafts. The
  technical user has no usable password (the stored hash is not an argon2 hash) and
  ``credentials.authenticate`` refuses any user with a client, even after a password reset,
  so it never logs in on the screens.
- Its credentials: a public ``client_id`` (``cfc_<hex>``) and a secret shown once; only the
  SHA-256 of the secret is stored. Scope ``lezen`` or ``lezen-schrijven``; optional expiry
  (after its ``expires_on`` day the grant is refused).
- The grant issues an ordinary ``ApiToken`` row of the technical user with the client's
  scope, ``api_client_id`` set and ``expires_at`` an hour later; the bearer check is the
  personal tokens' own (``api_tokens.authenticate``). The rate limit of an access token is
  counted per client, not per token, so fetching new tokens does not reset it; the grant
  itself counts against the same limit. Expired access tokens of the client are deleted at
  the next grant.
- A grant is refused when the technical user is deactivated, or no longer a ministry user
  (the administrator's user screens can change it).
- Revoking a client revokes its access tokens at once; a revoked or expired client gets no
  new ones (401 ``invalid_client``)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from caseflow.domain.clock import local_today, utcnow
from caseflow.domain.errors import NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.models import ApiClient, ApiToken, Ministry, User
from caseflow.services import permissions
from caseflow.services.accounts import api_tokens, security_log
from caseflow.services.accounts.sessions import new_generation
from caseflow.services.unit_of_work import transaction
from workflows.base import MINISTERIE

CLIENT_PREFIX = "cfc_"
NAME_LENGTH = 80
ACCESS_LIFETIME = timedelta(hours=1)
# Not an argon2 hash: no password ever matches it.
NO_PASSWORD = "!systeemkoppeling"  # noqa: S105 - a marker, not a password
SYSTEM_DOMAIN = "systeemkoppeling.invalid"
NO_CLIENT = "Deze systeemkoppeling bestaat niet."


@dataclass(frozen=True)
class NewClient:
    """A client just made: ``secret`` is shown this once and never again."""

    client: ApiClient
    secret: str


@dataclass(frozen=True)
class AccessToken:
    """The answer of a successful grant."""

    token: str
    scope: str
    expires_in: int


def create(
    admin: User, name: str, ministry_id: int | None, scope: str, expires_on: date | None
) -> NewClient:
    """Make a client and its technical user; ValidationFailed names the wrong fields."""
    permissions.require(admin, "api_client.manage")
    name = " ".join(name.split())
    today = local_today()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Geef de koppeling een naam, bijvoorbeeld het systeem dat haar gebruikt."
    elif len(name) > NAME_LENGTH:
        errors["name"] = f"De naam is te lang: hoogstens {NAME_LENGTH} tekens."
    ministry = db.session.get(Ministry, ministry_id) if ministry_id is not None else None
    if ministry is None or not ministry.valid_on(today):
        errors["ministry_id"] = "Kies het ministerie waarvoor het systeem werkt."
    if scope not in api_tokens.SCOPES:
        errors["scope"] = "Kies het bereik: lezen, of lezen en schrijven."
    if expires_on is not None and expires_on <= today:
        errors["expires_on"] = "De vervaldatum moet na vandaag liggen."
    if errors or ministry is None:
        raise ValidationFailed(
            "De koppeling is niet gemaakt; verbeter de gemarkeerde velden.", errors
        )
    client_id = f"{CLIENT_PREFIX}{secrets.token_hex(12)}"
    secret = secrets.token_urlsafe(32)
    user = User(
        email=f"{client_id}@{SYSTEM_DOMAIN}",
        name=f"Systeemkoppeling {name}"[:120],
        password_hash=NO_PASSWORD,
        role=MINISTERIE,
        ministry_id=ministry.id,
        active=True,
        session_token=new_generation(),
    )
    client = ApiClient(
        user=user,
        name=name,
        client_id=client_id,
        secret_hash=_digest(secret),
        scope=scope,
        expires_on=expires_on,
    )
    with transaction():
        db.session.add(user)
        db.session.add(client)
    security_log.event(
        "api_client_created", "ok", actor=admin, obj=f"api_client:{client.id}", scope=scope
    )
    return NewClient(client, secret)


def clients(admin: User) -> list[ApiClient]:
    """All clients, newest first (revoked and expired ones too)."""
    permissions.require(admin, "api_client.manage")
    query = (
        select(ApiClient)
        .options(joinedload(ApiClient.user).joinedload(User.ministry))
        .order_by(ApiClient.id.desc())
    )
    return list(db.session.scalars(query))


def revoke(admin: User, client_pk: int) -> ApiClient:
    """Revoke a client and its access tokens (again: no change)."""
    permissions.require(admin, "api_client.manage")
    client = db.session.get(ApiClient, client_pk)
    if client is None:
        raise NotFound(NO_CLIENT)
    if client.revoked_at is None:
        now = utcnow()
        with transaction():
            client.revoked_at = now
            db.session.execute(
                update(ApiToken)
                .where(ApiToken.api_client_id == client.id, ApiToken.revoked_at.is_(None))
                .values(revoked_at=now)
            )
        security_log.event("api_client_revoked", "ok", actor=admin, obj=f"api_client:{client.id}")
    return client


def is_usable(client: ApiClient, today: date) -> bool:
    return client.revoked_at is None and (client.expires_on is None or client.expires_on >= today)


def find(client_id: str) -> ApiClient | None:
    """The client with this public id (for counting the grant against its limit)."""
    if not client_id.startswith(CLIENT_PREFIX) or len(client_id) > 40:
        return None
    return db.session.scalars(select(ApiClient).where(ApiClient.client_id == client_id)).first()


def grant(client: ApiClient | None, secret: str) -> AccessToken | None:
    """An access token for a usable client whose secret matches; None otherwise (the
    caller answers 401 without saying which)."""
    if client is None or not hmac.compare_digest(client.secret_hash, _digest(secret)):
        return None
    user = client.user
    # Still the ministry user it was made as (the user screens could change the role).
    if not is_usable(client, local_today()) or not user.active or not user.is_ministry:
        return None
    now = utcnow()
    made = api_tokens.issue_access_token(
        client.user, client.id, client.scope, now + ACCESS_LIFETIME
    )
    with transaction():
        db.session.execute(
            delete(ApiToken).where(ApiToken.api_client_id == client.id, ApiToken.expires_at < now)
        )
    security_log.event("api_client_grant", "ok", actor=client.user, obj=f"api_client:{client.id}")
    return AccessToken(made, client.scope, int(ACCESS_LIFETIME.total_seconds()))


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
