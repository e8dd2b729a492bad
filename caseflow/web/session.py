"""The logged-in user, typed."""

from __future__ import annotations

from flask_login import current_user

from caseflow.models import User


def actor() -> User:
    user: User = current_user._get_current_object()
    return user
