"""The English catalogue is complete and in step with the code: every marked string and every
workflow label has a translation, so an English user never meets a stray Dutch label."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

import workflows
from caseflow.i18n import TRANSLATIONS, extract_labels

ROOT = Path(__file__).resolve().parent.parent


def _catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _ids(catalog: Catalog) -> set[str]:
    return {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            str(TRANSLATIONS / "babel.cfg"),
            "-k",
            "_l",
            "-o",
            str(pot),
            str(ROOT),
        ]
    )
    return _catalog(pot)


def test_every_marked_string_is_in_the_english_catalogue(extracted: Catalog) -> None:
    english = _catalog(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po", "en")
    missing = _ids(extracted) - _ids(english)
    assert not missing, f"run pybabel extract/update: {sorted(missing)[:10]}"


def test_every_english_message_is_translated() -> None:
    english = _catalog(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po", "en")
    untranslated = [
        m.id
        for m in english
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]
    assert not untranslated, untranslated[:10]


def test_workflow_labels_are_extracted_from_the_definitions() -> None:
    texts = {message for _line, _func, message, _comments in extract_labels(None, (), (), {})}  # type: ignore[arg-type]
    for definition in workflows.REGISTRY.values():
        assert definition.label in texts
        assert {state.label for state in definition.states} <= texts
        assert {action.label for action in definition.actions} <= texts
        assert {policy.label for policy in definition.deadlines} <= texts
    assert (
        "Vier-ogenprincipe: u heeft dit concept zelf opgesteld en mag het niet goedkeuren." in texts
    )
    assert "BZK-coördinator" in texts
