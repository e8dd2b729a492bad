"""The words of the workflows that screens show: case types, states and roles, in Dutch as the
definitions declare them (the web translates them with ``_()``; ``caseflow.i18n`` catalogues
them). The web layer asks here instead of importing ``workflows`` (an import contract in
pyproject.toml forbids that), so a case is always labelled by the version it runs on.
"""

from __future__ import annotations

from typing import Protocol

import workflows
from caseflow.models.document import KINDS as DOCUMENT_KINDS
from caseflow.models.notification import DELIVERED, FAILED, QUEUED, SENDING
from workflows.base import ROLE_LABELS

__all__ = [
    "CASE_TYPES",
    "DELIVERED",
    "DOCUMENT_KINDS",
    "FAILED",
    "QUEUED",
    "ROLE_LABELS",
    "SENDING",
    "state_label",
    "type_label",
]
# Also the codes of records that screens label: the kinds of document (DOCUMENT_KINDS, in
# Dutch) and the statuses of an e-mail in the outbox (QUEUED ... FAILED).

CASE_TYPES: tuple[str, ...] = workflows.CASE_TYPES


class VersionedCase(Protocol):
    """What labelling needs of a case (a ``Case`` or a row of a case list)."""

    @property
    def case_type(self) -> str: ...

    @property
    def workflow_version(self) -> int: ...


def state_label(case: VersionedCase, state: str) -> str:
    """The Dutch label of ``state`` in the workflow version ``case`` runs on."""
    return workflows.definition(case.case_type, case.workflow_version).state_label(state)


def type_label(code: str) -> str | None:
    """The Dutch name of a case type (its newest version's), None for an unknown code."""
    if code not in CASE_TYPES:
        return None
    return workflows.latest(code).label
