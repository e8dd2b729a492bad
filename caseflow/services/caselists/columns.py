"""The columns a case table shows besides the case's own (kenmerk, titel, zaaktype, status,
ministerie, behandelaar, uiterste datum, gewijzigd): the filing fields marked ``in_list`` in
the workflow definitions.

A list mixes case types, so the decision is: the columns are the union of the ``in_list``
fields of every registered definition (every version: old cases are still listed), each
column once, in the order the definitions declare them; a case whose type has no such field
shows a dash. The columns do not change with the type filter, so the table keeps its shape
and headings while one filters, as it always did. Today that is the organisation and the
fte change, the two columns the list has always had.
"""

from __future__ import annotations

from typing import Any

import workflows
from caseflow.models import Case
from caseflow.services.cases.filing import OPTION_LISTS
from workflows import fields
from workflows.fields import Field

__all__ = ["Field", "list_columns", "list_relations", "list_value"]


def list_columns() -> tuple[Field, ...]:
    """The in-list fields of all definitions, a column name once (its first declaration)."""
    columns: dict[str, Field] = {}
    for definition in workflows.REGISTRY.values():
        for item in definition.list_fields:
            columns.setdefault(item.name, item)
    return tuple(columns.values())


def list_relations() -> tuple[str, ...]:
    """The relations of ``Case`` the columns show a name of (loaded with the page's rows, so
    that rendering the table reads nothing)."""
    return tuple(
        c.name.removesuffix("_id")
        for c in list_columns()
        if c.kind in (fields.PROVINCE, fields.MASTERPLAN)
    )


def list_value(case: Case, column: Field) -> Any:
    """What the cell shows before formatting: a name for a reference, the Dutch label of a
    choice or a yes/no (the table translates those); None where the case's type lacks the
    field (the table shows a dash)."""
    definition = workflows.definition(case.case_type, case.workflow_version)
    if definition.filing_field(column.name) is None:
        return None
    if column.kind == fields.ORGANISATION:
        return case.organisation_label or None
    value = getattr(case, column.name)
    if value in (None, ""):
        return None
    if column.kind in (fields.PROVINCE, fields.MASTERPLAN):
        return getattr(getattr(case, column.name.removesuffix("_id")), "name", None)
    if column.kind == fields.CHOICE:
        entries, _refusal = OPTION_LISTS[column.options]
        return entries.get(value, value)
    if column.kind == fields.BOOLEAN:
        return "ja" if value else "nee"
    return value
