"""Every setting with its default. Any key can be overridden by an environment variable
``CASEFLOW_<KEY>`` (e.g. ``CASEFLOW_DATABASE_URL``) or by the mapping given to
``create_app``."""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {
    # "production" on the production machines: `flask caseflow check-config` (run by the
    # systemd units before they start) then also refuses a secret key from the instance file.
    "ENV": "development",
    # SQLAlchemy URL; empty means a SQLite file in the instance folder.
    "DATABASE_URL": "",
    # Connections each process keeps open to the database, and how many more it may open
    # for a moment (docs/deploy.md gives the arithmetic against max_connections).
    "DATABASE_POOL_SIZE": 5,
    "DATABASE_MAX_OVERFLOW": 10,
    # Owner of the schema, used only by migrations and `caseflow grant-app-role`; empty means
    # DATABASE_URL. On PostgreSQL DATABASE_URL is then a role that owns nothing.
    "MIGRATION_DATABASE_URL": "",
    # Signing key for sessions and CSRF; generated once into instance/secret_key if unset.
    "SECRET_KEY": "",
    # HMAC key of the audit chain, kept out of the database (and its backups); generated once
    # into instance/audit_key if unset. Earlier keys, to verify events signed before a change.
    "AUDIT_KEY": "",
    "AUDIT_PREVIOUS_KEYS": [],
    # File outside the database to which every audit checkpoint is appended; empty: none.
    "AUDIT_CHECKPOINT_FILE": "",
    # The application log on standard error: "json" (one object per line, for a log
    # shipper) or "text"; every line carries the request id (services/operations/logs.py).
    "LOG_FORMAT": "text",
    # Bearer token Prometheus scrapes /metrics with; empty: /metrics does not exist (404).
    "METRICS_TOKEN": "",
    # File for the security events (JSON lines); empty: standard error, for journald.
    "SECURITY_LOG_FILE": "",
    # Provinces counted as the Randstad (Flevoland is sometimes included: a setting).
    "RANDSTAD_PROVINCES": ["Noord-Holland", "Zuid-Holland", "Utrecht"],
    # Fte threshold above which a size change or new service must pass BZK.
    "THRESHOLD_FTE": 100,
    # A move across a province border of at least this many fte is reported yearly.
    "REPORT_BORDER_MOVE_FTE": 50,
    # Rows per page in case lists.
    "PAGE_SIZE": 25,
    # Lists and queues count matches up to this many and then say "meer dan …": an exact
    # count of a large result reads every matching row.
    "COUNT_CAP": 10000,
    # Enforce CSRF tokens on every form (only tests that exercise other things switch it off).
    "WTF_CSRF_ENABLED": True,
    # Session cookies only over HTTPS, never readable by script, not sent along with
    # cross-site posts. `make run` switches Secure off for the plain-HTTP dev server
    # (CASEFLOW_SESSION_COOKIE_SECURE=0); nothing else should.
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # A login ends after this many minutes without a request, and after this many hours
    # whatever happens (ASVS V3.3); the user logs in again.
    "SESSION_IDLE_MINUTES": 30,
    "SESSION_MAX_HOURS": 10,
    # Strict-Transport-Security max-age in seconds; 0 sends no HSTS header (set it once the
    # site is only reachable over HTTPS, e.g. 31536000).
    "HSTS_SECONDS": 0,
    # Reverse proxies in front of the application whose X-Forwarded-For/-Proto are trusted
    # (ProxyFix); 0 trusts none, so a client cannot choose its own address.
    "TRUSTED_PROXIES": 0,
    # Address of the application as users reach it, for links in e-mails. Empty: the address
    # of the request that causes the mail; a mail no request caused (reminders) links to
    # http://127.0.0.1:5000. Set it in production, where a proxy may rewrite the host.
    "BASE_URL": "",
    # Extra closed days (ISO dates) beyond the Algemene termijnenwet and its decree pattern.
    "EXTRA_CLOSED_DAYS": [],
    # Days the decree pattern would close but the actual decree does not (2026-2028 decree).
    "EXTRA_OPEN_DAYS": ["2026-05-04", "2027-04-26"],
    # Working days per deadline kind, overriding the workflow defaults, e.g. {"advies": 25}.
    "DEADLINE_WORKING_DAYS": {},
    # Reminders: this many working days before a deadline, and every so many once overdue.
    "REMINDER_DAYS_BEFORE": 5,
    "REMINDER_OVERDUE_EVERY": 5,
    # Redis URL for the Celery broker; empty means an embedded filesystem broker in instance/.
    "REDIS_URL": "",
    # Seconds between two reminder scans by Celery beat.
    "REMINDER_SCAN_SECONDS": 60,
    # The longest a background task may run (its worker process is then replaced; a minute
    # earlier it is told to stop). Redis redelivers a task after twice this (celery_app).
    "TASK_TIME_LIMIT_SECONDS": 1800,
    # How mail leaves: "file" (instance/outbox, viewable in the app), "smtp" or "locmem".
    "MAIL_DELIVERY": "file",
    "MAIL_SERVER": "localhost",
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_DEFAULT_SENDER": "caseflow@localhost",
    # A mail claimed by a sender that died is retried after this many seconds.
    "MAIL_LEASE_SECONDS": 300,
    # Largest document upload in MB (of 1024 × 1024 bytes); requests are capped just above it.
    "MAX_UPLOAD_MB": 20,
    # Folder for uploaded documents; empty means <instance>/documents (never under static/).
    "DOCUMENTS_PATH": "",
    # Folder for the files built by export jobs ("Mijn downloads"); empty means
    # <instance>/exports. Kept EXPORT_KEEP_DAYS days, then removed with their job.
    "EXPORTS_PATH": "",
    "EXPORT_KEEP_DAYS": 7,
    # Seconds between two runs of the export builder (the waiting jobs are built then).
    "EXPORT_SCAN_SECONDS": 10,
    # Open (waiting or running) export jobs one user may have at a time.
    "EXPORT_MAX_OPEN": 3,
    # ZIP packages (DOCX/XLSX/ODT uploads, XLSX imports): at most this many members,
    "ZIP_MAX_ENTRIES": 2000,
    # at most this many MB unpacked in total (as the package declares it),
    "ZIP_MAX_UNPACKED_MB": 250,
    # and no member (over 1 MB unpacked) unpacking to more than this many times its size.
    "ZIP_MAX_RATIO": 100,
    # Figure imports (CSV/XLSX): largest file in MB; checked before anything is parsed.
    "IMPORT_MAX_MB": 5,
    # Most data rows, columns and characters per cell; reading stops at the first excess.
    "IMPORT_MAX_ROWS": 5000,
    "IMPORT_MAX_COLUMNS": 20,
    "IMPORT_MAX_CELL_CHARS": 1000,
    # An imported workbook unpacks to at most this many MB (5,000 rows take about 1 MB).
    "IMPORT_MAX_UNPACKED_MB": 20,
    # Largest fte of one figure: more than the whole central government has ever employed.
    "FIGURE_MAX_FTE": 1_000_000,
    # Archiefwet: years a closed case is kept, counted from its closing day (the selection
    # list decides; 20 is the transfer term of the Archiefwet 1995).
    "RETENTION_YEARS": 20,
    # Login throttling (Flask-Limiter storage): empty means REDIS_URL when set, else memory
    # (counts per process: development and tests only); e.g. "redis://redis.internal:6379/2".
    "THROTTLE_STORAGE_URL": "",
    # Failed logins per account (the e-mail tried) before a wait; each tier that fills makes
    # the wait longer (back-off), and every tier expires, so no account is locked for good.
    "THROTTLE_ACCOUNT_LIMITS": ["5 per 1 minute", "10 per 15 minutes", "20 per 1 hour"],
    # Failed logins per client address, over all accounts (higher: offices share an address).
    "THROTTLE_ADDRESS_LIMITS": ["20 per 1 minute", "60 per 15 minutes", "200 per 1 hour"],
    # Roles that must log in with a second factor (TOTP); others may enrol if they want.
    "TWO_FACTOR_ROLES": ["adviseur", "coordinator", "secretariaat", "beheerder"],
    # Name of the service in authenticator apps.
    "TWO_FACTOR_ISSUER": "caseflow BZK",
    # Seconds a user has between a correct password and the second step (code or enrolment).
    "LOGIN_STEP_SECONDS": 600,
    # The Minister of BZK who signs the advice letters (name under the title), and the title.
    "BZK_MINISTER_NAME": "",
    "BZK_MINISTER_TITLE": "De Minister van Binnenlandse Zaken en Koninkrijksrelaties",
    # Contact for accessibility problems (e-mail address or web form URL) on /toegankelijkheid.
    "ACCESSIBILITY_CONTACT": "",
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
    if not config["AUDIT_KEY"]:
        config["AUDIT_KEY"] = _instance_secret(instance_path, "audit_key")
    return config


def _parse(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes", "ja"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, dict):
        return json.loads(raw)
    if isinstance(default, list):
        return json.loads(raw) if raw.startswith("[") else [p.strip() for p in raw.split(",")]
    return raw


def _instance_secret(instance_path: Path, name: str = "secret_key") -> str:
    """A random key kept outside the repository, so no secret is ever committed."""
    path = instance_path / name
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        # Created with mode 0600 from the start: never readable by others, not even briefly.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process of the same instance was first
            return _read_when_written(path)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def _read_when_written(path: Path) -> str:
    for _ in range(50):
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.02)
    raise RuntimeError(f"{path} is empty")
