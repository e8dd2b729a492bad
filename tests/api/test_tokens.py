"""Personal API tokens: only a hash is stored, the token is refused once expired, revoked or
its user deactivated, a read token may not write, and the last use is written sparingly."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from caseflow.domain.clock import local_today, utcnow
from caseflow.domain.errors import NotAllowed, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.models import ApiToken, User
from caseflow.services.accounts import api_tokens
from tests.api.helpers import token_for

Users = dict[str, User]


def test_only_a_hash_of_the_token_is_stored(app: Flask, users: Users) -> None:
    secret = token_for(users["ministerie"])
    row = db.session.scalars(select(ApiToken)).one()
    assert secret.startswith(f"cf_{row.prefix}_")
    assert len(secret) > 50
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = " ".join(str(getattr(row, c.key)) for c in ApiToken.__table__.columns)
    assert secret not in stored
    assert secret.split("_")[-1] not in stored


def test_a_valid_token_speaks_for_its_user(app: Flask, users: Users) -> None:
    secret = token_for(users["ministerie"])
    bearer = api_tokens.authenticate(secret)
    assert bearer is not None
    assert bearer.user.id == users["ministerie"].id
    assert bearer.scope == api_tokens.READ


@pytest.mark.parametrize(
    "spoil",
    [
        lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"),  # one character off
        lambda s: s[:-4],  # cut short
        lambda s: "",
        lambda s: "cf_" + "0" * 12 + "_" + s.split("_", 2)[2],  # another prefix
        lambda s: s.upper(),
    ],
)
def test_a_wrong_token_is_refused(app: Flask, users: Users, spoil: object) -> None:
    secret = token_for(users["ministerie"])
    assert callable(spoil)
    assert api_tokens.authenticate(spoil(secret)) is None


def test_an_expired_token_is_refused_after_its_last_day(app: Flask, users: Users) -> None:
    secret = token_for(users["ministerie"], days=1)
    row = db.session.scalars(select(ApiToken)).one()
    row.expires_on = local_today()
    db.session.commit()
    assert api_tokens.authenticate(secret) is not None  # the last day still counts
    row.expires_on = local_today() - timedelta(days=1)
    db.session.commit()
    assert api_tokens.authenticate(secret) is None


def test_a_revoked_token_is_refused(app: Flask, users: Users) -> None:
    secret = token_for(users["ministerie"])
    row = db.session.scalars(select(ApiToken)).one()
    api_tokens.revoke(users["ministerie"], row.id)
    assert row.revoked_at is not None
    assert api_tokens.authenticate(secret) is None


def test_the_token_of_a_deactivated_user_is_refused(app: Flask, users: Users) -> None:
    secret = token_for(users["ministerie"])
    users["ministerie"].active = False
    db.session.commit()
    assert api_tokens.authenticate(secret) is None


def test_only_the_owner_revokes_a_token(app: Flask, users: Users) -> None:
    token_for(users["ministerie"])
    row = db.session.scalars(select(ApiToken)).one()
    with pytest.raises(NotFound):
        api_tokens.revoke(users["ministerie_ocw"], row.id)
    assert row.revoked_at is None
    assert api_tokens.own_tokens(users["ministerie_ocw"]) == []
    assert [t.id for t in api_tokens.own_tokens(users["ministerie"])] == [row.id]


def test_a_read_token_may_not_write(app: Flask, users: Users) -> None:
    reader = api_tokens.authenticate(token_for(users["adviseur"]))
    writer = api_tokens.authenticate(token_for(users["adviseur"], api_tokens.READ_WRITE))
    assert reader is not None and writer is not None
    for method in ("GET", "HEAD", "OPTIONS"):
        api_tokens.require_scope(reader, method)
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        with pytest.raises(NotAllowed):
            api_tokens.require_scope(reader, method)
        api_tokens.require_scope(writer, method)


def test_the_administrator_has_no_api_tokens(app: Flask, users: Users) -> None:
    with pytest.raises(NotAllowed):
        token_for(users["beheerder"])


@pytest.mark.parametrize(
    ("name", "scope", "expires_on", "field"),
    [
        ("", "lezen", date.today() + timedelta(days=5), "name"),
        ("x" * 81, "lezen", date.today() + timedelta(days=5), "name"),
        ("systeem", "alles", date.today() + timedelta(days=5), "scope"),
        ("systeem", "lezen", None, "expires_on"),
        ("systeem", "lezen", date.today() - timedelta(days=1), "expires_on"),
        ("systeem", "lezen", date.today() + timedelta(days=367), "expires_on"),
    ],
)
def test_a_token_is_made_only_with_valid_fields(
    app: Flask, users: Users, name: str, scope: str, expires_on: date | None, field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        api_tokens.create(users["ministerie"], name, scope, expires_on)
    assert field in refused.value.fields
    assert db.session.scalars(select(ApiToken)).first() is None


def test_a_token_lives_at_most_a_year() -> None:
    assert api_tokens.latest_expiry(date(2026, 12, 7)) == date(2027, 12, 7)
    assert api_tokens.latest_expiry(date(2028, 2, 29)) == date(2029, 2, 28)


def test_the_last_use_is_written_at_most_once_a_minute(app: Flask, users: Users) -> None:
    secret = token_for(users["ministerie"])
    row = db.session.scalars(select(ApiToken)).one()
    assert row.last_used_at is None
    api_tokens.authenticate(secret)
    db.session.refresh(row)
    first = row.last_used_at
    assert first is not None
    api_tokens.authenticate(secret)
    db.session.refresh(row)
    assert row.last_used_at == first  # within the minute: not written again
    row.last_used_at = utcnow() - timedelta(minutes=2)
    db.session.commit()
    api_tokens.authenticate(secret)
    db.session.refresh(row)
    assert row.last_used_at is not None
    assert row.last_used_at > utcnow() - timedelta(minutes=1)


def test_making_and_revoking_are_security_events(
    app: Flask, users: Users, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="caseflow.security")
    secret = token_for(users["ministerie"])
    row = db.session.scalars(select(ApiToken)).one()
    api_tokens.revoke(users["ministerie"], row.id)
    lines = [r.getMessage() for r in caplog.records if r.name == "caseflow.security"]
    assert any("api_token_created" in line and f"api_token:{row.id}" in line for line in lines)
    assert any("api_token_revoked" in line for line in lines)
    assert not any(secret in line for line in lines)
