"""Schema comparison (Alembic autogenerate and the migration tests) per database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def include_object_for(dialect: str) -> Callable[..., bool]:
    """An Alembic ``include_object`` hook that skips what the models create only on another
    database (``Index.ddl_if``), such as the PostgreSQL trigram index: autogenerate does not
    read ``ddl_if`` itself and would report it missing on SQLite."""

    def include_object(obj: Any, name: str, type_: str, reflected: bool, compare_to: Any) -> bool:
        only_on = getattr(getattr(obj, "_ddl_if", None), "dialect", None)
        return only_on is None or only_on == dialect

    return include_object
