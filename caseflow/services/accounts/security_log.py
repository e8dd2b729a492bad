"""Security events as JSON log lines (BIO / ASVS V7): one line per login, failed login,
logout, two-factor step, throttled request, refusal, CSRF failure, export, role change and
ended session. Each line names actor, action, object, result, address and UTC time, never a
password, code, token or secret; a log shipper can forward the ``caseflow.security`` logger
as it is."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

from flask import Flask, has_request_context, request

from caseflow.domain.clock import utcnow

logger = logging.getLogger("caseflow.security")
# Keys that must never reach a log line, whatever a caller passes.
_HANDLER = "caseflow-security-lines"
_SECRET_KEYS = frozenset({"password", "wachtwoord", "code", "token", "secret", "totp"})


def init_app(app: Flask) -> None:
    """Security events are written at INFO, one bare JSON line each, to stderr (journald or
    the container runtime collects it) or to ``SECURITY_LOG_FILE``; they do not also go
    through the application's own log with its prefix. Under test they only propagate, so
    pytest's log capture sees them."""
    logger.setLevel(logging.INFO)
    logger.disabled = False  # a logging.config call elsewhere (Alembic) may have disabled it
    if app.testing or any(h.get_name() == _HANDLER for h in logger.handlers):
        return
    path = app.config.get("SECURITY_LOG_FILE") or ""
    handler = logging.FileHandler(path) if path else logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.set_name(_HANDLER)
    logger.addHandler(handler)
    logger.propagate = False


def event(
    action: str,
    result: str,
    *,
    actor: Any = None,
    obj: str = "",
    **details: Any,
) -> dict[str, Any]:
    """Write one security event and return it (tests read the returned record).

    ``actor`` is a User, an e-mail string (for failed logins of unknown accounts) or None;
    ``result`` is a short word such as ``ok``, ``failed``, ``refused``, ``throttled``."""
    record: dict[str, Any] = {
        "time": utcnow().isoformat(timespec="seconds") + "Z",
        "action": action,
        "result": result,
        "actor": _actor(actor),
        "object": obj,
        "address": request.remote_addr if has_request_context() else None,
    }
    record.update({k: v for k, v in details.items() if k.lower() not in _SECRET_KEYS})
    logger.info(json.dumps(record, ensure_ascii=False, default=str))
    return record


def _actor(actor: Any) -> str | None:
    if actor is None:
        return None
    if isinstance(actor, str):
        return actor[:200]
    email = getattr(actor, "email", None)
    return str(email) if email else str(getattr(actor, "id", ""))
