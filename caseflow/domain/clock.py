"""Time in one place: the database stores naive UTC; working days use Dutch local dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def local_today() -> date:
    return datetime.now(AMSTERDAM).date()


def to_local(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(AMSTERDAM)
