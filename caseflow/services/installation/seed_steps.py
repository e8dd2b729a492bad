"""Naming the step of a seed that failed, so the operator reads what went wrong in one
sentence instead of a traceback; the seed itself runs in one transaction (``seeding``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class SeedFailed(Exception):
    """A step of the seed failed; nothing of the seed was stored."""


def _cause(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


@contextmanager
def step(what: str) -> Iterator[None]:
    """Turn any error inside into a SeedFailed that names ``what`` was being loaded."""
    try:
        yield
    except SeedFailed:
        raise
    except Exception as exc:
        raise SeedFailed(
            f"Laden mislukt bij {what} ({_cause(exc)}): er is niets opgeslagen, "
            "de database is zoals hij was."
        ) from exc
