"""Sort orders of case lists and their keyset cursors.

A page continues after the (sort value, id) pair of the last row it showed. The pair is
the ``na`` parameter: the bare id for the default order (newest first, as before), and
otherwise base64url of ``["<column>", "asc"|"desc", <value>, <id>]``. A cursor that does
not decode, or that was made for another order, is ignored (first page), never an error.

Indexes behind each order (one range scan per page, no OFFSET, no sort of the whole set):
``kenmerk`` the unique index on ``cases.reference``; ``status`` ``ix_cases_state_id``;
``titel`` and ``gewijzigd`` ``(title, id)`` and ``(updated_at, id)``; ``uiterste_datum``
``(next_due_on, id)``, the nearest open deadline kept on the case. Cases without an open
deadline have no due date and come last in both directions, ordered by id; a NULL cannot
take part in a row-value comparison, so their cursor holds ``null`` and the list reads them
in a second range scan (``queries.sorted_page``).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, SQLColumnExpression, and_, literal, tuple_

from caseflow.domain.bounds import INT_MAX, parse_id
from caseflow.models import Case

# Sortable columns: URL value -> column header as the case table shows it.
SORT_COLUMNS: dict[str, str] = {
    "kenmerk": "Kenmerk",
    "titel": "Titel",
    "status": "Status",
    "uiterste_datum": "Uiterste datum",
    "gewijzigd": "Gewijzigd",
}
# The direction a column sorts in when first chosen: the most recent changes first.
DESCENDING_FIRST = frozenset({"gewijzigd"})
# Sort columns that may be empty (NULL): those rows come last, in both directions.
EMPTY_LAST = frozenset({"uiterste_datum"})
MAX_CURSOR_LENGTH = 1200


@dataclass(frozen=True)
class Sort:
    column: str = ""  # one of SORT_COLUMNS; "" is the default: newest first (by id)
    descending: bool = True

    @classmethod
    def parse(cls, column: str | None, direction: str | None) -> Sort:
        """From ``?sort=<column>&dir=asc|desc``; anything unknown gives the default."""
        if column not in SORT_COLUMNS:
            return NEWEST
        if direction in ("asc", "desc"):
            return cls(column, direction == "desc")
        return cls(column, column in DESCENDING_FIRST)

    @property
    def direction(self) -> str:
        return "desc" if self.descending else "asc"


NEWEST = Sort()


def sort_key(sort: Sort) -> SQLColumnExpression[Any]:
    if sort.column == "kenmerk":
        return Case.reference
    if sort.column == "titel":
        return Case.title
    if sort.column == "status":
        return Case.state  # the stored code, in the order of the (state, id) index
    if sort.column == "gewijzigd":
        return Case.updated_at
    if sort.column == "uiterste_datum":
        return Case.next_due_on
    return Case.id


def after_clause(sort: Sort, value: Any, last_id: int) -> ColumnElement[bool]:
    """Rows strictly after (value, last_id) in ``sort`` order, as a row-value comparison
    ``(key, id) < (:value, :id)``: PostgreSQL (and SQLite) start the index scan there."""
    if not sort.column:
        return Case.id < last_id if sort.descending else Case.id > last_id
    key = sort_key(sort)
    if value is None:  # among the rows without a value (EMPTY_LAST): by id alone
        return and_(key.is_(None), Case.id < last_id if sort.descending else Case.id > last_id)
    pair = tuple_(key, Case.id)
    last = tuple_(literal(value), literal(last_id, Integer()))  # decode_cursor typed value
    return pair < last if sort.descending else pair > last


def encode_cursor(sort: Sort, value: Any, last_id: int) -> str:
    if not sort.column:
        return str(last_id)
    if isinstance(value, datetime | date):
        value = value.isoformat()
    raw = json.dumps([sort.column, sort.direction, value, last_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(sort: Sort, cursor: str | None) -> tuple[Any, int] | None:
    """(sort value, id) from a cursor made for ``sort``; None when it is not valid."""
    if not cursor or len(cursor) > MAX_CURSOR_LENGTH:
        return None
    if not sort.column:
        last_id = parse_id(cursor)
        return None if last_id is None else (None, last_id)
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        column, direction, value, last_id = json.loads(base64.urlsafe_b64decode(padded))
        typed = _typed(sort.column, value)
    except (ValueError, TypeError, binascii.Error):
        return None
    valid = (column, direction) == (sort.column, sort.direction)
    if not valid or type(last_id) is not int or not 0 < last_id <= INT_MAX:
        return None
    return typed, last_id


def _typed(column: str, value: object) -> Any:
    """The cursor's value as the sort key's Python type; ValueError when it is not one.
    None is a value only for a column whose rows may be empty."""
    if value is None and column in EMPTY_LAST:
        return None
    if not isinstance(value, str):
        raise ValueError(value)
    if column == "gewijzigd":
        return datetime.fromisoformat(value)
    if column == "uiterste_datum":
        return date.fromisoformat(value)
    return value
