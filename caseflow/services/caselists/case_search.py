"""Free-text search over cases: reference, title, organisation (name or abbreviation),
unit, and the current and proposed place (and province).

Every word must occur in one of those fields, case-insensitively. The fields are kept
together, lower-cased, in ``cases.search_text`` (``filing.search_text``), so each word is
one ``LIKE '%word%'`` on one column: on PostgreSQL the trigram GIN index
``ix_cases_search_text_trgm`` (extension ``pg_trgm``) answers it, and several words combine
as a bitmap AND on that index instead of a scan of every case. A query shaped like a
reference (``OW-2026-0007``) is an equality on the unique reference index instead.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, and_

from caseflow.models import Case

MAX_QUERY_LENGTH = 100
MAX_WORDS = 6
REFERENCE = re.compile(r"[A-Z]{2,4}-\d{4}-\d{1,9}", re.IGNORECASE)
ESCAPE = "\\"


def normalise(text: str) -> str:
    """Whitespace collapsed, capped: what the search box shows back."""
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search_clause(text: str) -> ColumnElement[bool] | None:
    """The WHERE clause for ``text``; None for an empty search."""
    query = normalise(text)
    if not query:
        return None
    if REFERENCE.fullmatch(query):
        return Case.reference == query.upper()
    return and_(*(_word(word) for word in query.split()[:MAX_WORDS]))


def _like(word: str) -> str:
    escaped = word.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")
    return f"%{escaped}%"


def _word(word: str) -> ColumnElement[bool]:
    return Case.search_text.like(_like(word.lower()), escape=ESCAPE)
