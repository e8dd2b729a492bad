"""Interface language: Dutch by default, English per user (Flask-Babel).

The catalogues live in ``caseflow/translations``; only the ``.po`` files are kept in version
control. ``compile_catalogs`` writes the ``.mo`` files at start-up when they are missing or
older than their ``.po``, so a fresh checkout works without an extra build step.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask_login import current_user

from workflows.base import WorkflowDefinition

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


def extract_labels(
    fileobj: BinaryIO, keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extraction method: every label of the workflow definitions and the fixed label
    tables, read from the objects themselves.

    ``workflows`` stays free of Flask and Babel, so its labels are plain Dutch strings; the
    templates translate them at render time (``_(state.label)``). Reading them here instead of
    marking each literal means a label added to a workflow can never be missed by the catalogue.
    """
    del fileobj, keywords, comment_tags, options
    import workflows
    from caseflow.domain.filetypes import ALLOWED_TEXT
    from caseflow.domain.impact import CHANGE_KINDS
    from caseflow.models.document import KINDS
    from caseflow.services.caselists.case_sort import SORT_COLUMNS
    from caseflow.services.caselists.queries import QUEUE_LABELS
    from caseflow.services.cases.filing import FIELD_LABELS, LABOUR_MARKET_OUTCOMES
    from workflows.base import ROLE_LABELS

    for text in sorted(set(_workflow_texts(workflows.REGISTRY.values()))):
        yield 0, "gettext", text, ["workflow"]
    tables = (
        ROLE_LABELS,
        FIELD_LABELS,
        LABOUR_MARKET_OUTCOMES,
        CHANGE_KINDS,
        QUEUE_LABELS,
        KINDS,
        SORT_COLUMNS,
    )
    for table in tables:
        for text in table.values():
            yield 0, "gettext", text, []
    yield 0, "gettext", ALLOWED_TEXT, []


def _workflow_texts(definitions: Iterable[WorkflowDefinition]) -> Iterator[str]:
    for definition in definitions:
        yield definition.label
        yield from (state.label for state in definition.states)
        yield from (policy.label for policy in definition.deadlines)
        for item in definition.fields:
            texts = (item.label, item.form_label, item.list_label)
            yield from (t for t in (*texts, item.description, item.empty_option) if t)
        for action in definition.actions:
            yield action.label
            if action.description:
                yield action.description
            yield from (guard.message for guard in action.guards)
            yield from (b.when.message for b in action.branches if b.when is not None)
