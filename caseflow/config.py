"""Every setting with its default. Any key can be overridden by an environment variable
``CASEFLOW_<KEY>`` (e.g. ``CASEFLOW_DATABASE_URL``) or by the mapping given to
``create_app``."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    # SQLAlchemy URL; empty means a SQLite file in the instance folder.
    "DATABASE_URL": "",
    # Signing key for sessions and CSRF; generated once into instance/secret_key if unset.
    "SECRET_KEY": "",
    # Provinces counted as the Randstad (Flevoland is sometimes included: a setting).
    "RANDSTAD_PROVINCES": ["Noord-Holland", "Zuid-Holland", "Utrecht"],
    # Fte threshold above which a size change or new service must pass BZK.
    "THRESHOLD_FTE": 100,
    # A move across a province border of at least this many fte is reported yearly.
    "REPORT_BORDER_MOVE_FTE": 50,
    # Rows per page in case lists.
    "PAGE_SIZE": 25,
    # Enforce CSRF tokens on every form (only tests that exercise other things switch it off).
    "WTF_CSRF_ENABLED": True,
    # Send session cookies only over HTTPS; on in production behind TLS.
    "SESSION_COOKIE_SECURE": False,
}


def load_config(instance_path: Path, overrides: dict[str, Any] | None) -> dict[str, Any]:
    """Defaults, then CASEFLOW_* environment variables, then explicit overrides."""
    config = dict(DEFAULTS)
    for key, default in DEFAULTS.items():
        raw = os.environ.get(f"CASEFLOW_{key}")
        if raw is not None:
            config[key] = _parse(raw, default)
    config.update(overrides or {})
    if not config["DATABASE_URL"]:
        config["DATABASE_URL"] = f"sqlite:///{instance_path / 'caseflow.sqlite3'}"
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = _instance_secret(instance_path)
    return config


def _parse(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes", "ja"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, list):
        return json.loads(raw) if raw.startswith("[") else [p.strip() for p in raw.split(",")]
    return raw


def _instance_secret(instance_path: Path) -> str:
    """A random key kept outside the repository, so no secret is ever committed."""
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
