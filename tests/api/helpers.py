"""Tokens for the API tests, made through the service as a user would on the token screen."""

from __future__ import annotations

from datetime import timedelta

from caseflow.domain.clock import local_today
from caseflow.models import User
from caseflow.services.accounts import api_tokens


def token_for(user: User, scope: str = api_tokens.READ, days: int = 30) -> str:
    made = api_tokens.create(user, "systeem", scope, local_today() + timedelta(days=days))
    return made.secret


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
