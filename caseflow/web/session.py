"""The logged-in user, typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_login import current_user

if TYPE_CHECKING:
    from caseflow.models import User


def actor() -> User:
    user: User = current_user._get_current_object()
    return user
