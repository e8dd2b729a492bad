"""Free-text search over cases: reference, title, organisation (name or abbreviation),
unit, and the current and proposed place (and province).

Every word must occur in one of those fields (case-insensitive ``ILIKE '%word%'``). A
query shaped like a reference (``OW-2026-0007``) is an equality on the unique reference
index instead, so it finds its case directly.

Scale: ``ILIKE '%…%'`` cannot use a B-tree index, so on a million cases every search is a
sequential scan. On PostgreSQL the remedy is the ``pg_trgm`` extension with GIN trigram
indexes, which ILIKE then uses as is, e.g.
``CREATE INDEX ix_cases_title_trgm ON cases USING gin (title gin_trgm_ops)`` (and the same
for reference, unit_name, current_place, proposed_place). Not added yet: it needs the
extension installed by a superuser and does nothing for SQLite.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, and_, or_, select

from caseflow.models import Case, Organisation, Province

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
    pattern = _like(word)
    # Reference tables are small: an uncorrelated IN over them, so that an export that
    # joins organisations and provinces for its columns does not change the search.
    organisations = (
        select(Organisation.id)
        .where(
            or_(
                Organisation.name.ilike(pattern, escape=ESCAPE),
                Organisation.abbreviation.ilike(pattern, escape=ESCAPE),
            )
        )
        .correlate(None)
    )
    provinces = select(Province.id).where(Province.name.ilike(pattern, escape=ESCAPE))
    provinces = provinces.correlate(None)
    return or_(
        Case.reference.ilike(pattern, escape=ESCAPE),
        Case.title.ilike(pattern, escape=ESCAPE),
        Case.unit_name.ilike(pattern, escape=ESCAPE),
        Case.current_place.ilike(pattern, escape=ESCAPE),
        Case.proposed_place.ilike(pattern, escape=ESCAPE),
        Case.organisation_id.in_(organisations),
        Case.current_province_id.in_(provinces),
        Case.proposed_province_id.in_(provinces),
    )
