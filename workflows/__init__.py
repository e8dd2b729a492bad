"""Declarative state-machine definitions, one module per case type (and per later version).

``REGISTRY`` maps (case type, version) to its definition; a running case keeps the
version it started with (``Case.workflow_version``, read through ``definition``), so an old
version stays here as long as cases use it. New cases start on ``latest``. A new version is a
new module that builds on the previous one (``omvangswijziging_v2``: an optional
*vooroverleg* before filing).
"""

from workflows import (
    masterplan,
    nieuwe_dienst,
    omvangswijziging,
    omvangswijziging_v2,
    zbo_gesprek,
)
from workflows.base import WorkflowDefinition

_ALL: tuple[WorkflowDefinition, ...] = (
    omvangswijziging.DEFINITION,
    omvangswijziging_v2.DEFINITION,
    nieuwe_dienst.DEFINITION,
    masterplan.DEFINITION,
    zbo_gesprek.DEFINITION,
)
REGISTRY: dict[tuple[str, int], WorkflowDefinition] = {(d.code, d.version): d for d in _ALL}
# Each case type once, in the order above (a type with several versions is listed once).
CASE_TYPES: tuple[str, ...] = tuple(dict.fromkeys(d.code for d in _ALL))


def latest(code: str) -> WorkflowDefinition:
    """The newest version of a case type: new cases start on it."""
    versions = [d for (c, _), d in REGISTRY.items() if c == code]
    if not versions:
        raise KeyError(code)
    return max(versions, key=lambda d: d.version)


def definition(code: str, version: int) -> WorkflowDefinition:
    """The version a case started on: it keeps that version to the end."""
    return REGISTRY[(code, version)]
