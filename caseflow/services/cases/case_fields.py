"""The filing fields of the case types as the screens need them: which definition a filing
form follows (a new case the newest version of its type, a running case its own version),
the kinds of field (``workflows.fields``) and the option lists of choice fields. The web
layer asks here instead of importing ``workflows`` (an import contract forbids that).
"""

from __future__ import annotations

from typing import Protocol

import workflows
from caseflow.services.cases.filing import OPTION_LISTS
from workflows.base import WorkflowDefinition
from workflows.fields import (
    BOOLEAN,
    CHOICE,
    DATE,
    FTE,
    LONGTEXT,
    MASTERPLAN,
    ORGANISATION,
    PROVINCE,
    SIGNED_FTE,
    TEXT,
    Field,
)

__all__ = [
    "BOOLEAN",
    "CHOICE",
    "DATE",
    "FTE",
    "LONGTEXT",
    "MASTERPLAN",
    "OPTION_LISTS",
    "ORGANISATION",
    "PROVINCE",
    "SIGNED_FTE",
    "TEXT",
    "Field",
    "WorkflowDefinition",
    "filing_definition",
    "registered_definitions",
]


class VersionedCase(Protocol):
    @property
    def case_type(self) -> str: ...

    @property
    def workflow_version(self) -> int: ...


def filing_definition(case_type: str, case: VersionedCase | None) -> WorkflowDefinition:
    """The definition whose fields the filing form of ``case`` (or a new case) shows."""
    if case is not None:
        return workflows.definition(case.case_type, case.workflow_version)
    return workflows.latest(case_type)


def registered_definitions() -> tuple[WorkflowDefinition, ...]:
    return tuple(workflows.REGISTRY.values())
