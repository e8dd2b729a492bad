"""Declarative state-machine definitions, one module per case type.

``REGISTRY`` maps (case type, version) to its definition; a running case keeps the
version it started with, so an old version stays here as long as cases use it.
"""

from workflows import masterplan, nieuwe_dienst, omvangswijziging, zbo_gesprek
from workflows.base import WorkflowDefinition

_ALL: tuple[WorkflowDefinition, ...] = (
    omvangswijziging.DEFINITION,
    nieuwe_dienst.DEFINITION,
    masterplan.DEFINITION,
    zbo_gesprek.DEFINITION,
)
REGISTRY: dict[tuple[str, int], WorkflowDefinition] = {(d.code, d.version): d for d in _ALL}
CASE_TYPES: tuple[str, ...] = tuple(d.code for d in _ALL)


def latest(code: str) -> WorkflowDefinition:
    """The newest version of a case type: new cases start on it."""
    versions = [d for (c, _), d in REGISTRY.items() if c == code]
    if not versions:
        raise KeyError(code)
    return max(versions, key=lambda d: d.version)


def definition(code: str, version: int) -> WorkflowDefinition:
    return REGISTRY[(code, version)]
