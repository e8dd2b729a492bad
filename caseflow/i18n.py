"""Interface language: Dutch by default, English per user (Flask-Babel).

The catalogues live in ``caseflow/translations``; only the ``.po`` files are kept in version
control. ``compile_catalogs`` writes the ``.mo`` files at start-up when they are missing or
older than their ``.po``, so a fresh checkout works without an extra build step.
"""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask_login import current_user

DEFAULT_LOCALE = "nl"
LOCALES = {"nl": "Nederlands", "en": "English"}
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def select_locale() -> str:
    """The logged-in user's choice, else Dutch. Accept-Language is deliberately ignored:
    this is a Dutch government application."""
    if current_user and current_user.is_authenticated:
        chosen = getattr(current_user, "locale", None)
        if chosen in LOCALES:
            return str(chosen)
    return DEFAULT_LOCALE


def compile_catalogs(directory: Path = TRANSLATIONS) -> list[Path]:
    """Compile every ``<lang>/LC_MESSAGES/*.po`` whose ``.mo`` is missing or stale."""
    written: list[Path] = []
    for po_path in sorted(directory.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        tmp = mo_path.with_name(f"{mo_path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        tmp.replace(mo_path)
        written.append(mo_path)
    return written
