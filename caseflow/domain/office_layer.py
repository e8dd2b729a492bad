"""The offices layer of the province map on the spreading dashboard: per province a marker
near its centre with the number of rijksontmoetingspleinen (open or announced), its
``<title>`` naming each place with its room ("Zwolle: ruimte voor 120 werkplekken,
rijksontmoetingsplein opent in 2026"). The places have no coordinates in the register, so
the marker stands for the province, not a spot. Pure: no Flask, no database.

The outlines of the bundled map use only ``m`` (relative move, then implicit relative
lines) and ``z``; :func:`path_centre` reads just that."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

_NUMBER = re.compile(r"[mMzZ]|-?\d+(?:\.\d+)?(?:e-?\d+)?")
MARKER_FILL, MARKER_INK, MARKER_STROKE = "#ffb612", "#000000", "#000000"


def _subpaths(path: str) -> list[list[tuple[float, float]]]:
    tokens = _NUMBER.findall(path)
    shapes: list[list[tuple[float, float]]] = []
    x = y = start_x = start_y = 0.0
    numbers: list[float] = []
    for part in tokens:
        if part in "mM":
            shapes.append([])
            numbers = []
            continue
        if part in "zZ":
            x, y = start_x, start_y
            continue
        numbers.append(float(part))
        if len(numbers) == 2 and shapes:
            x, y = x + numbers[0], y + numbers[1]
            if not shapes[-1]:
                start_x, start_y = x, y
            shapes[-1].append((x, y))
            numbers = []
    return [shape for shape in shapes if shape]


def _area(points: Sequence[tuple[float, float]]) -> float:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


def path_centre(path: str) -> tuple[float, float]:
    """The centre of the bounding box of the path's largest part (by bounding box), so
    that islands do not pull a province's marker into the sea."""
    shapes = _subpaths(path)
    if not shapes:
        return 0.0, 0.0
    largest = max(shapes, key=_area)
    xs, ys = [p[0] for p in largest], [p[1] for p in largest]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def _f(value: float) -> str:
    return f"{round(value, 1):g}"


def layer_svg(
    centres: Mapping[str, tuple[float, float]],
    meeting_places: Mapping[str, int],
    titles: Mapping[str, Sequence[str]],
) -> str:
    """One marker per province that has a line in ``titles``: a circle at its centre with
    its number of meeting places, and a ``<title>`` of the province and its lines."""
    parts = ['<g class="province-map__offices">']
    for province in sorted(titles):
        if province not in centres or not titles[province]:
            continue
        x, y = centres[province]
        title = f"{province}: " + "; ".join(titles[province])
        parts.append(
            f'<g class="province-map__office"><title>{escape(title)}</title>'
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="11" fill="{MARKER_FILL}" '
            f'stroke="{MARKER_STROKE}" stroke-width="1.5"/>'
            f'<text x="{_f(x)}" y="{_f(y + 5)}" text-anchor="middle" fill="{MARKER_INK}" '
            f'font-family="sans-serif" font-size="14" font-weight="bold">'
            f"{meeting_places.get(province, 0)}</text></g>"
        )
    parts.append("</g>")
    return "".join(parts)
