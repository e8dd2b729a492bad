"""Render a workflow state machine as an accessible, CSP-safe inline SVG for the case page.

Pure Python (no Graphviz, no JavaScript): states are layered top to bottom by BFS distance
from the initial state and the case's current state is highlighted. No ``style`` attributes
or scripts (strict CSP); presentation attributes make it look right without CSS and
``class`` attributes allow restyling. Action labels only appear as ``<title>`` tooltips; a
Dutch ``<desc>`` describes the workflow for screen readers.
"""

from __future__ import annotations

import hashlib
import textwrap
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

NODE_W, GAP_X, GAP_Y, PER_ROW = 170, 36, 48, 4
MARGIN, SIDE_MARGIN, TOP_MARGIN = 20, 44, 36
CENTER = SIDE_MARGIN + (PER_ROW * NODE_W + (PER_ROW - 1) * GAP_X) / 2
FONT, LINE_H, PAD_Y, WRAP = 13, 16, 12, 20
INK, CURRENT_FILL, EDGE_INK, WHITE = "#154273", "#01689b", "#333333", "#ffffff"
FONT_ATTRS = f'text-anchor="middle" font-family="sans-serif" font-size="{FONT}"'


@dataclass(frozen=True)
class DiagramState:
    code: str
    label: str
    final: bool = False


@dataclass(frozen=True)
class DiagramEdge:
    source: str
    dest: str
    label: str
    # An undrawn edge still places its destination in the layout and is named in the text
    # alternative; used for side paths (withdraw, reopen) that would clutter the picture.
    drawn: bool = True


@dataclass(frozen=True)
class _Box:
    x: float
    y: float
    w: float
    h: float
    row: int

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


def _f(value: float) -> str:
    return f"{round(value, 1):g}"


def _validate(
    states: Sequence[DiagramState], edges: Sequence[DiagramEdge], initial: str, current: str | None
) -> dict[str, DiagramState]:
    by_code = {s.code: s for s in states}
    if not states or len(by_code) != len(states):
        raise ValueError("states must be non-empty with unique codes")
    unknown = {initial, current} | {c for e in edges for c in (e.source, e.dest)}
    unknown -= set(by_code) | {None}
    if unknown:
        raise ValueError(f"unknown state code(s): {', '.join(sorted(map(str, unknown)))}")
    return by_code


def _bfs(edges: Sequence[DiagramEdge], initial: str) -> dict[str, int]:
    depth = {initial: 0}
    queue = deque([initial])
    while queue:
        node = queue.popleft()
        for edge in edges:
            if edge.source == node and edge.dest not in depth:
                depth[edge.dest] = depth[node] + 1
                queue.append(edge.dest)
    return depth


def _layers(
    codes: list[str], edges: Sequence[DiagramEdge], initial: str
) -> tuple[list[list[str]], set[str]]:
    """BFS layers from ``initial`` over the drawn edges; states reached only by undrawn side
    paths form the next layer, unreachable states the last. Also returns the reachables."""
    depth = _bfs([e for e in edges if e.drawn], initial)
    reachable = set(_bfs(edges, initial))
    side, orphan = max(depth.values()) + 1, max(depth.values()) + 2
    layers: list[list[str]] = [[] for _ in range(orphan + 1)]
    for code in codes:
        layers[depth.get(code, side if code in reachable else orphan)].append(code)
    _order_by_barycenter(layers, edges, codes)
    return [layer for layer in layers if layer], reachable


def _order_by_barycenter(
    layers: list[list[str]], edges: Sequence[DiagramEdge], codes: list[str]
) -> None:
    """Order each layer by the mean position of its predecessors (fewer crossings)."""
    pos: dict[str, float] = {}
    for layer in layers:
        keys = {}
        for code in layer:
            preds = [pos[e.source] for e in edges if e.dest == code and e.source in pos]
            keys[code] = (sum(preds) / len(preds) if preds else 2.0, codes.index(code))
        layer.sort(key=keys.__getitem__)
        pos.update({code: (i + 0.5) / len(layer) for i, code in enumerate(layer)})


def _layout(
    layers: list[list[str]], lines: dict[str, list[str]]
) -> tuple[dict[str, _Box], float, float]:
    """Place layers top to bottom, at most PER_ROW states per row, rows centred."""
    node_h = max(len(v) for v in lines.values()) * LINE_H + 2 * PAD_Y
    boxes: dict[str, _Box] = {}
    rows = [layer[i : i + PER_ROW] for layer in layers for i in range(0, len(layer), PER_ROW)]
    for r, row in enumerate(rows):
        offset = SIDE_MARGIN + (PER_ROW - len(row)) * (NODE_W + GAP_X) / 2
        y = TOP_MARGIN + r * (node_h + GAP_Y)
        for i, code in enumerate(row):
            boxes[code] = _Box(offset + i * (NODE_W + GAP_X), y, NODE_W, node_h, r)
    width = 2 * CENTER
    height = TOP_MARGIN + len(rows) * (node_h + GAP_Y) - GAP_Y + MARGIN + 24
    return boxes, width, height


def _ports(
    pairs: list[tuple[str, str]], boxes: dict[str, _Box]
) -> dict[tuple[str, str], tuple[float, float]]:
    """Spread vertical edges over the bottom of the upper box and the top of the lower box."""
    spans = {(s, d): (s, d) if boxes[s].row < boxes[d].row else (d, s) for s, d in pairs}

    def spread(side: int) -> dict[tuple[str, str], float]:
        xs: dict[tuple[str, str], float] = {}
        for code, box in boxes.items():
            mine = [p for p in spans if spans[p][side] == code]
            mine.sort(key=lambda p: (boxes[spans[p][1 - side]].cx, p))
            xs.update({p: box.x + box.w * (k + 1) / (len(mine) + 1) for k, p in enumerate(mine)})
        return xs

    upper, lower = spread(0), spread(1)
    return {p: (upper[p], lower[p]) for p in spans}


def _xy(*c: float) -> str:
    """Space-separated "x,y" pairs for path data."""
    return " ".join(f"{_f(c[i])},{_f(c[i + 1])}" for i in range(0, len(c), 2))


def _curve(*c: float) -> str:
    """Cubic Bezier path data from start, two control points and end."""
    return f"M{_xy(*c[:2])} C{_xy(*c[2:])}"


def _s_curve(src: _Box, dst: _Box, port: tuple[float, float]) -> str:
    """Edge between adjacent rows: vertical tangents, leaving through the gap between them."""
    down = dst.row > src.row
    x1, x2 = port if down else port[::-1]
    y1, y2 = (src.y + src.h, dst.y) if down else (src.y, dst.y + dst.h)
    mid = (y1 + y2) / 2
    return _curve(x1, y1, x1, mid, x2, mid, x2, y2)


def _side_route(src: _Box, dst: _Box, boxes: dict[str, _Box]) -> str:
    """Back edge through a vertical channel beside all boxes in the rows it spans."""
    span = [b for b in boxes.values() if dst.row <= b.row <= src.row]
    gap = 4 + 8 * min(src.row - dst.row, 4)
    side = 1 if (src.cx + dst.cx) / 2 >= CENTER else -1
    chan = max(b.x + b.w for b in span) + gap if side > 0 else min(b.x for b in span) - gap
    x1, x2 = src.cx + side * src.w / 2, dst.cx + side * dst.w / 2
    y1, y2 = src.cy + src.h / 4, dst.cy
    r = min(16.0, (y1 - y2) / 2)  # rounded corners into and out of the channel
    return (
        f"M{_xy(x1, y1)} Q{_xy(chan, y1, chan, y1 - r)}"
        f" L{_xy(chan, y2 + r)} Q{_xy(chan, y2, x2, y2)}"
    )


def _route(
    src: _Box, dst: _Box, port: tuple[float, float] | None, boxes: dict[str, _Box]
) -> tuple[str, str]:
    """Path data and class modifier for one (collapsed) edge."""
    if src == dst:  # small loop over the top-right corner
        x, y = src.x + src.w, src.y
        return _curve(x - 30, y, x - 30, y - 36, x + 36, y + 8, x, y + 8), "loop"
    if src.row == dst.row:  # arc between facing corners: below going right, above going left
        right = dst.x > src.x
        y, bend, shift = (src.y + src.h, 30, 0.35 * src.w) if right else (src.y, -30, -0.35 * src.w)
        x1, x2 = src.cx + shift, dst.cx - shift
        return _curve(x1, y, x1, y + bend, x2, y + bend, x2, y), "sibling"
    path = _s_curve(src, dst, port) if port else _side_route(src, dst, boxes)
    return path, "forward" if dst.row > src.row else "back"


def _render_edges(
    edges: Sequence[DiagramEdge], by_code: dict[str, DiagramState], boxes: dict[str, _Box], uid: str
) -> str:
    """One arrow per (source, dest) pair; its tooltip lists all parallel action labels."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for edge in edges:
        labels = grouped.setdefault((edge.source, edge.dest), [])
        if edge.label not in labels:
            labels.append(edge.label)
    rows = {p: boxes[p[1]].row - boxes[p[0]].row for p in grouped}
    ports = _ports(
        [p for p, dr in rows.items() if dr > 0 or (dr == -1 and p[::-1] not in rows)], boxes
    )
    parts = []
    for (src, dst), labels in grouped.items():
        title = f"{by_code[src].label} → {by_code[dst].label}: {'; '.join(labels)}"
        path, kind = _route(boxes[src], boxes[dst], ports.get((src, dst)), boxes)
        parts.append(  # the invisible wide path makes the tooltip easy to hover
            f'<g class="edge edge--{kind}"><title>{escape(title)}</title>'
            f'<path d="{path}" fill="none" stroke="{EDGE_INK}" stroke-width="1.5"'
            f' marker-end="url(#{uid}-arrow)"/><path class="edge__hit" d="{path}"'
            ' fill="none" stroke="#000000" stroke-opacity="0" stroke-width="12"/></g>'
        )
    return "".join(parts)


def _rect(box: _Box, inset: float, attrs: str) -> str:
    x, y, w, h = box.x + inset, box.y + inset, box.w - 2 * inset, box.h - 2 * inset
    return f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" {attrs}/>'


def _render_state(
    state: DiagramState, box: _Box, lines: list[str], current: bool, reachable: bool
) -> str:
    classes = ["state"] + ["state--current"] * current + ["state--final"] * state.final
    classes += ["state--unreachable"] * (not reachable)
    fill, ink = (CURRENT_FILL, WHITE) if current else (WHITE, INK)
    title = state.label + " (huidige status)" * current
    dash = "" if reachable else ' stroke-dasharray="6 4"'
    parts = [
        f'<g class="{" ".join(classes)}" data-state={quoteattr(state.code)}'
        + ' aria-current="step"' * current
        + f"><title>{escape(title)}</title>",
        _rect(box, 0, f'rx="8" fill="{fill}" stroke="{INK}" stroke-width="2"{dash}'),
    ]
    if state.final:  # double border: inner outline
        inner = WHITE if current else INK
        parts.append(_rect(box, 4, f'rx="5" fill="none" stroke="{inner}" stroke-width="1.5"'))
    weight = ' font-weight="bold"' * current
    top = box.cy - (len(lines) - 1) * LINE_H / 2 + FONT * 0.35
    spans = "".join(
        f'<tspan x="{_f(box.cx)}" y="{_f(top + i * LINE_H)}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    parts.append(f'<text {FONT_ATTRS} fill="{ink}"{weight}>{spans}</text></g>')
    return "".join(parts)


def _describe(
    layers: list[list[str]], by_code: dict[str, DiagramState], current: str | None, orphans: bool
) -> str:
    """Dutch text alternative: states per step, final states and the current state."""
    names = [", ".join(by_code[c].label for c in layer) for layer in layers]
    steps = names[:-1] if orphans else names
    text = "Statussen per stap: " + "; ".join(f"{i}. {n}" for i, n in enumerate(steps, 1)) + "."
    if orphans:
        text += f" Niet bereikbaar vanaf de beginstatus: {names[-1]}."
    finals = [s.label for s in by_code.values() if s.final]
    if finals:
        text += f" Eindstatussen: {', '.join(finals)}."
    if current is not None:
        text += f" Huidige status: {by_code[current].label}."
    return text


def _describe_side_paths(edges: Sequence[DiagramEdge], by_code: dict[str, DiagramState]) -> str:
    sources: dict[tuple[str, str], list[str]] = {}
    for edge in edges:
        if not edge.drawn:
            sources.setdefault((edge.label, edge.dest), []).append(by_code[edge.source].label)
    paths = [
        f"{label} naar {by_code[dest].label} (vanuit {', '.join(froms)})"
        for (label, dest), froms in sources.items()
    ]
    return f" Niet getekende zijpaden: {'; '.join(paths)}." if paths else ""


def render_state_diagram(
    states: Sequence[DiagramState],
    edges: Sequence[DiagramEdge],
    initial: str,
    current: str | None = None,
    title: str = "Workflow",
) -> str:
    """Return an inline ``<svg>`` of the workflow with ``current`` highlighted."""
    by_code = _validate(states, edges, initial, current)
    layers, reachable = _layers(list(by_code), edges, initial)
    lines = {s.code: textwrap.wrap(s.label, WRAP) or [""] for s in states}
    boxes, width, height = _layout(layers, lines)
    seed = repr((title, tuple(states), tuple(edges), initial, current)).encode()
    uid = "sd-" + hashlib.sha256(seed).hexdigest()[:10]
    edge_svg = _render_edges([e for e in edges if e.drawn], by_code, boxes, uid)
    state_svg = "".join(
        _render_state(s, boxes[s.code], lines[s.code], s.code == current, s.code in reachable)
        for s in states
    )
    desc = _describe(layers, by_code, current, len(reachable) < len(by_code))
    desc += _describe_side_paths(edges, by_code)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="state-diagram" role="img"'
        f' aria-labelledby="{uid}-title" aria-describedby="{uid}-desc"'
        f' viewBox="0 0 {_f(width)} {_f(height)}" width="100%">'
        f'<title id="{uid}-title">{escape(title)}</title>'
        f'<desc id="{uid}-desc">{escape(desc)}</desc>'
        f'<defs><marker id="{uid}-arrow" viewBox="0 0 10 10" refX="10" refY="5"'
        f' markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{EDGE_INK}"/></marker></defs>'
        f"{edge_svg}{state_svg}</svg>"
    )
