"""The workflow diagram of a case type as SVG, from its declarative definition. The title
names the version: cases of an older version keep their own diagram."""

from __future__ import annotations

from caseflow.domain.diagram import DiagramEdge, DiagramState, render_state_diagram
from workflows.base import WorkflowDefinition


def diagram_svg(definition: WorkflowDefinition, current: str | None) -> str:
    states = [DiagramState(s.code, s.label, s.final) for s in definition.states]
    edges = [
        DiagramEdge(source, dest, action.label, drawn=not action.side)
        for action in definition.actions
        for source in action.sources
        for dest in action.destinations(source)
    ]
    title = f"Werkstroom {definition.label}, versie {definition.version}"
    return render_state_diagram(states, edges, definition.initial, current, title=title)


def side_paths(definition: WorkflowDefinition) -> list[tuple[str, list[str]]]:
    """Side actions the diagram does not draw, with the states they start from (labels)."""
    return [
        (action.label, [definition.state_label(s) for s in action.sources])
        for action in definition.actions
        if action.side
    ]
