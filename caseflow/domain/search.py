"""The text free-text search matches for a case: its fields lower-cased in one string."""

from __future__ import annotations

from collections.abc import Iterable

# No search word can contain it (words are split on whitespace), so a word never matches
# across two fields.
SEPARATOR = " \n "


def search_text(fields: Iterable[str | None]) -> str:
    return SEPARATOR.join(field for field in fields if field).lower()
