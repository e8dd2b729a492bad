"""The keys of the audit chain. ``AUDIT_KEY`` lives outside the database, so someone who can
rewrite the database (or a backup of it) cannot recompute a MAC that verifies. A record
names its key by fingerprint, so events signed before a key change still verify when the
old key is listed in ``AUDIT_PREVIOUS_KEYS``."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from flask import current_app

# key_id of the events written before the chain was keyed: plain SHA-256.
UNKEYED = ""


def fingerprint(key: str) -> str:
    """A short public name of a key; says nothing usable about the key itself."""
    return hashlib.sha256(b"caseflow-audit-key-id:" + key.encode()).hexdigest()[:16]


def current() -> tuple[str, str]:
    """(key_id, key) used for everything written now."""
    key = str(current_app.config["AUDIT_KEY"])
    return fingerprint(key), key


def known() -> dict[str, str]:
    """Every key that may have signed a record: the current one and the previous ones."""
    keys = [str(current_app.config["AUDIT_KEY"])]
    keys += [str(k) for k in current_app.config.get("AUDIT_PREVIOUS_KEYS") or [] if k]
    return {fingerprint(key): key for key in keys}


def mac(key: str, parts: list[Any]) -> str:
    """HMAC-SHA256 over a canonical JSON rendering of ``parts``."""
    return hmac.new(key.encode(), canonical(parts), hashlib.sha256).hexdigest()


def canonical(parts: list[Any]) -> bytes:
    return json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()
