"""Would this configuration be safe to run in production? ``flask caseflow check-config``
(the web, worker and beat units run it before they start) lists every problem in Dutch
and English and exits non-zero; the application itself does not refuse to start, so a
developer's machine keeps working with the defaults.

The secret key: in production (``CASEFLOW_ENV=production``) it must come from the
environment (the units' EnvironmentFile or a secret store), never from the key the
application generates into ``instance/secret_key`` on first start: with more than one web
machine each would generate its own and sessions would break between them, and the instance
folder travels with backups and copies of the machine. Outside production the generated
key is the intended convenience. A key is also refused when it is short (fewer than 32
characters), a known default, or made of a handful of characters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PRODUCTION = "production"
MIN_SECRET_LENGTH = 32
# Values that appear in examples, tutorials and our own tests: never a production key.
KNOWN_DEFAULTS = frozenset(
    {"dev", "development", "secret", "changeme", "change-me", "test-secret-key", "secret-key"}
)


@dataclass(frozen=True)
class Problem:
    setting: str
    dutch: str
    english: str

    def line(self) -> str:
        return f"- {self.setting}: {self.dutch} / {self.english}"


def problems(config: Mapping[str, Any], instance_path: Path, *, debug: bool) -> list[Problem]:
    """Every reason this configuration must not run in production, in a fixed order."""
    found: list[Problem] = []
    if str(config.get("ENV", "")) != PRODUCTION:
        found.append(
            Problem(
                "CASEFLOW_ENV",
                "staat niet op 'production'.",
                "is not set to 'production'.",
            )
        )
    found.extend(_secret_problems(str(config.get("SECRET_KEY") or ""), config, instance_path))
    if str(config.get("DATABASE_URL", "")).startswith("sqlite"):
        found.append(
            Problem(
                "CASEFLOW_DATABASE_URL",
                "wijst naar SQLite; gebruik PostgreSQL.",
                "points to SQLite; use PostgreSQL.",
            )
        )
    if not config.get("SESSION_COOKIE_SECURE"):
        found.append(
            Problem(
                "CASEFLOW_SESSION_COOKIE_SECURE",
                "staat uit: het sessiecookie zou ook over onversleuteld HTTP gaan.",
                "is off: the session cookie would also travel over plain HTTP.",
            )
        )
    if debug or config.get("DEBUG"):
        found.append(
            Problem(
                "DEBUG",
                "staat aan (FLASK_DEBUG of --debug): de debugger voert code uit.",
                "is on (FLASK_DEBUG or --debug): the debugger executes code.",
            )
        )
    if not config.get("REDIS_URL"):
        found.append(
            Problem(
                "CASEFLOW_REDIS_URL",
                "is leeg: de ingebouwde broker werkt alleen op één machine.",
                "is empty: the embedded broker only works on a single machine.",
            )
        )
    if not str(config.get("BASE_URL", "")).startswith("https://"):
        found.append(
            Problem(
                "CASEFLOW_BASE_URL",
                "begint niet met https://: links in e-mails moeten naar HTTPS wijzen.",
                "does not start with https://: links in e-mails must point to HTTPS.",
            )
        )
    return found


def _secret_problems(key: str, config: Mapping[str, Any], instance_path: Path) -> list[Problem]:
    setting = "CASEFLOW_SECRET_KEY"
    if not key:
        return [Problem(setting, "is leeg.", "is empty.")]
    if key.lower() in KNOWN_DEFAULTS:
        return [Problem(setting, "is een bekende standaardwaarde.", "is a well-known default.")]
    found: list[Problem] = []
    if len(key) < MIN_SECRET_LENGTH or len(set(key)) < 8:
        found.append(
            Problem(
                setting,
                f"is te kort of te eenvoudig (minstens {MIN_SECRET_LENGTH} willekeurige tekens).",
                f"is too short or too simple (at least {MIN_SECRET_LENGTH} random characters).",
            )
        )
    if str(config.get("ENV", "")) == PRODUCTION and _from_instance_file(key, instance_path):
        found.append(
            Problem(
                setting,
                "komt uit instance/secret_key; geef hem mee via de omgeving.",
                "comes from instance/secret_key; pass it through the environment.",
            )
        )
    return found


def _from_instance_file(key: str, instance_path: Path) -> bool:
    path = instance_path / "secret_key"
    try:
        return path.read_text().strip() == key
    except OSError:
        return False
