"""Security events as JSON log lines (BIO / ASVS V7): one line per login, failed login,
logout, two-factor step, throttled request, refusal, CSRF failure, export, role change and
ended session. Each line names actor, action, object, result, address and UTC time, never a
password, code, token or secret; a log shipper can forward the ``caseflow.security`` logger
as it is."""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import has_request_context, request

from caseflow.domain.clock import utcnow

logger = logging.getLogger("caseflow.security")
# Keys that must never reach a log line, whatever a caller passes.
_SECRET_KEYS = frozenset({"password", "wachtwoord", "code", "token", "secret", "totp"})


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
