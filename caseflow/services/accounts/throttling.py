"""Throttling of failed logins (ASVS V2.2.1) per account and per client address, counted in
Flask-Limiter's storage: in memory per process for development and tests, on Redis in
production, so every web process sees the same counts.

Only failures count (a wrong password or code, a form the CSRF check refused), so a person
who logs in correctly is never slowed down. The limits are tiers of moving windows
(``5 per 1 minute``, ``10 per 15 minutes``, ...): each tier that fills makes the wait longer,
which is the back-off, and every tier empties with time, so there is no permanent lock-out
that an attacker could use to shut a user out."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter, RateLimiter

# The login steps counted separately: the password, and the second factor (code or enrolment).
PASSWORD_STEP = "password"  # noqa: S105 - the name of a step, not a password
CODE_STEP = "code"
_EXTENSION = "caseflow.login_throttle"
logger = logging.getLogger(__name__)
T = TypeVar("T")
# Seconds the in-memory counts stand in after the shared store failed.
_AWAY = 30.0


@dataclass
class LoginThrottle:
    limiter: Limiter
    account_limits: list[RateLimitItem]
    address_limits: list[RateLimitItem]
    # Used while the shared store is away: throttling goes on per process.
    fallback: RateLimiter = field(default_factory=lambda: MovingWindowRateLimiter(MemoryStorage()))
    # Until when the shared store counts as away (not tried again before, so a login does
    # not wait for a timeout at every count).
    away_until: float = 0.0


def init_app(app: Flask) -> None:
    """One Flask-Limiter per application, used only for its storage and moving-window
    strategy: the login views decide what counts, so CSRF-refused posts count too."""
    uri = app.config["THROTTLE_STORAGE_URL"] or app.config["REDIS_URL"] or "memory://"
    options: dict[str, str | int] = {}
    if uri.startswith(("redis://", "rediss://")):
        # A login must not hang on an unreachable store: after a second, count in memory.
        options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    limiter = Limiter(
        get_remote_address,
        storage_uri=uri,
        storage_options=options,
        strategy="moving-window",
        key_prefix="caseflow-login",
    )
    limiter.init_app(app)
    app.extensions[_EXTENSION] = LoginThrottle(
        limiter=limiter,
        account_limits=_limits(app.config["THROTTLE_ACCOUNT_LIMITS"]),
        address_limits=_limits(app.config["THROTTLE_ADDRESS_LIMITS"]),
    )


def _limits(specs: list[str]) -> list[RateLimitItem]:
    return [item for spec in specs for item in parse_many(spec)]


def _throttle() -> LoginThrottle:
    throttle: LoginThrottle = current_app.extensions[_EXTENSION]
    return throttle


def _subjects(step: str, account: str, address: str) -> list[tuple[RateLimitItem, list[str]]]:
    throttle = _throttle()
    pairs = [(item, [step, "address", address]) for item in throttle.address_limits]
    if account:
        pairs += [(item, [step, "account", account]) for item in throttle.account_limits]
    return pairs


def retry_after(step: str, account: str, address: str) -> int | None:
    """Seconds until this account and address may try ``step`` again; None when they may."""
    wait = 0.0
    for item, identifiers in _subjects(step, account, address):
        if not _call(lambda s: s.test(item, *identifiers)):  # noqa: B023 - called at once
            reset_at = _call(lambda s: s.get_window_stats(item, *identifiers)[0])  # noqa: B023
            wait = max(wait, reset_at - time.time(), 1.0)
    return int(wait) + 1 if wait else None


def count_failure(step: str, account: str, address: str) -> None:
    for item, identifiers in _subjects(step, account, address):
        _call(lambda s: s.hit(item, *identifiers))  # noqa: B023 - called at once


def forget_account(account: str) -> None:
    """After a completed login the account's earlier failures no longer count."""
    for step in (PASSWORD_STEP, CODE_STEP):
        for item in _throttle().account_limits:
            _call(lambda s: s.clear(item, step, "account", account))  # noqa: B023


def within_limits(limits: list[RateLimitItem], *identifiers: str) -> int | None:
    """Count one request of ``identifiers`` (an API token) against every limit in the same
    storage as the login counts: None when it may go on, else the seconds to wait."""
    wait = 0.0
    for item in limits:
        if not _call(lambda s: s.hit(item, *identifiers)):  # noqa: B023 - called at once
            reset_at = _call(lambda s: s.get_window_stats(item, *identifiers)[0])  # noqa: B023
            wait = max(wait, reset_at - time.time(), 1.0)
    return int(wait) + 1 if wait else None


def parse_limits(specs: list[str]) -> list[RateLimitItem]:
    """``["120 per minute", ...]`` as limit items (an invalid spec fails at start-up)."""
    return _limits(specs)


def _call(action: Callable[[RateLimiter], T]) -> T:
    throttle = _throttle()
    if time.time() < throttle.away_until:
        return action(throttle.fallback)
    try:
        return action(throttle.limiter.limiter)
    except Exception:  # any storage failure: keep throttling in memory
        logger.warning("Opslag voor inlogpogingen onbereikbaar; %s s tellen in het geheugen", _AWAY)
        throttle.away_until = time.time() + _AWAY
        return action(throttle.fallback)
