"""Province map and Randstad trend chart as accessible, CSP-safe inline SVG.

The province outlines come from ``caseflow/data/netherlands_provinces.json``, extracted once
from the npm package ``@svg-maps/netherlands`` 1.0.0 (CC-BY-4.0, based on MapSVG; see
``netherlands_provinces.LICENSE.txt``), with "Friesland" relabelled "Fryslân".

Provinces are coloured by their share of the national total in the bins of the yearly
letter (:data:`caseflow.domain.impact.SHARE_BINS`). No ``style`` attributes or scripts
(strict CSP): fills are presentation attributes. Every province has a ``<title>`` with its
name, fte and share in Dutch notation; the legend names each bin in text, so colour is
never the only carrier of meaning. Pure functions apart from reading the bundled JSON.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from caseflow.domain.dutch import fte_text as dutch_fte_text
from caseflow.domain.dutch import percent_text
from caseflow.domain.impact import SHARE_BINS, share_bin

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "netherlands_provinces.json"
ATTRIBUTION = (
    "Kaart: @svg-maps/netherlands 1.0.0 (gebaseerd op MapSVG), licentie CC-BY-4.0; "
    "Friesland hernoemd tot Fryslân."
)
# Light to dark blue (Rijkshuisstijl-like); dark enough steps to tell apart, but the legend
# and the titles name the bin in text as well.
BIN_FILLS: dict[str, str] = dict(
    zip(SHARE_BINS, ("#e5eef7", "#b2cde8", "#6f9fd1", "#2f6db0", "#0b2e5c"), strict=True)
)
NO_DATA_FILL = "#ffffff"
STROKE, INK = "#333333", "#000000"
FONT_ATTRS = 'font-family="sans-serif" font-size="14"'


@dataclass(frozen=True)
class ProvinceShape:
    id: str
    name: str
    path: str


@dataclass(frozen=True)
class ProvinceMap:
    view_box: str
    provinces: tuple[ProvinceShape, ...]


@dataclass(frozen=True)
class ProvinceValue:
    """Fte of one province and its share of the national total (fraction 0..1)."""

    fte: float
    share: float
    illustrative: bool = False


@cache
def load_map() -> ProvinceMap:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    shapes = tuple(
        ProvinceShape(id=str(p["id"]), name=str(p["name"]), path=str(p["path"]))
        for p in raw["provinces"]
    )
    return ProvinceMap(view_box=str(raw["viewBox"]), provinces=shapes)


def percent(share: float) -> str:
    """A share (fraction) as a Dutch percentage with one decimal: 0.052 -> "5,2%"."""
    return percent_text(share)


def fte_text(value: float) -> str:
    """Fte rounded to one decimal, without a trailing ",0": 1234.0 -> "1.234"."""
    return dutch_fte_text(value)


def province_title(name: str, value: ProvinceValue | None) -> str:
    if value is None:
        return f"{name}: geen cijfers"
    text = (
        f"{name}: {fte_text(value.fte)} fte, {percent(value.share)} van het landelijk "
        f"totaal (klasse {share_bin(value.share)})"
    )
    return text + (", illustratief" if value.illustrative else "")


def _f(value: float) -> str:
    return f"{round(value, 1):g}"


def _legend(x: float, y: float) -> list[str]:
    parts = [
        f'<g class="province-map__legend"><text x="{_f(x)}" y="{_f(y)}" fill="{INK}" '
        f'{FONT_ATTRS} font-weight="bold">Aandeel landelijk totaal</text>'
    ]
    for index, label in enumerate((*SHARE_BINS, "geen cijfers")):
        top = y + 12 + index * 24
        fill = BIN_FILLS.get(label, NO_DATA_FILL)
        parts.append(
            f'<rect x="{_f(x)}" y="{_f(top)}" width="18" height="18" fill="{fill}" '
            f'stroke="{STROKE}" stroke-width="1"/>'
            f'<text x="{_f(x + 26)}" y="{_f(top + 14)}" fill="{INK}" {FONT_ATTRS}>'
            f"{escape(label)}</text>"
        )
    parts.append("</g>")
    return parts


def map_svg(
    values: Mapping[str, ProvinceValue],
    *,
    title: str,
    description: str,
    id_prefix: str = "kaart",
    layer: str = "",
) -> str:
    """The 12 provinces coloured by share bin; provinces without figures stay white.
    ``layer``: SVG drawn over the provinces, built from escaped parts (the offices layer,
    :mod:`caseflow.domain.office_layer`)."""
    shape_map = load_map()
    title_id, desc_id = f"{id_prefix}-titel", f"{id_prefix}-beschrijving"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{shape_map.view_box}" '
        f'class="province-map" role="img" aria-labelledby="{title_id} {desc_id}" '
        'focusable="false">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    for shape in shape_map.provinces:
        value = values.get(shape.name)
        fill = BIN_FILLS[share_bin(value.share)] if value else NO_DATA_FILL
        parts.append(
            f'<path d={quoteattr(shape.path)} fill="{fill}" stroke="{STROKE}" '
            f'stroke-width="1" class="province-map__province" data-province="{shape.id}">'
            f"<title>{escape(province_title(shape.name, value))}</title></path>"
        )
    parts.append(layer)
    parts.extend(_legend(8, 24))
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class TrendPoint:
    label: str
    share: float


def trend_svg(
    points: Sequence[TrendPoint], *, title: str, description: str, id_prefix: str = "trend"
) -> str:
    """A simple bar chart of the Randstad share per peildatum (values printed on the bars)."""
    bar_w, gap, height, left, top, bottom = 56, 24, 200, 60, 28, 32
    width = left + max(1, len(points)) * (bar_w + gap) + gap
    scale_max = max([0.5, *(p.share for p in points)])
    title_id, desc_id = f"{id_prefix}-titel", f"{id_prefix}-beschrijving"
    base = top + height
    parts = [
        # Drawn at its natural size (width/height): scaled up, its labels would grow too.
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {base + bottom}" '
        f'width="{width}" height="{base + bottom}" class="trend-chart" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" focusable="false">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        f'<line x1="{left}" y1="{base}" x2="{width}" y2="{base}" stroke="{STROKE}"/>',
    ]
    for tick in (0.0, scale_max / 2, scale_max):
        y = base - tick / scale_max * height
        parts.append(
            f'<text x="{left - 6}" y="{_f(y + 5)}" text-anchor="end" fill="{INK}" '
            f"{FONT_ATTRS}>{escape(percent(tick))}</text>"
        )
    for index, point in enumerate(points):
        x = left + gap + index * (bar_w + gap)
        bar_h = point.share / scale_max * height
        parts.append(
            f'<rect x="{x}" y="{_f(base - bar_h)}" width="{bar_w}" height="{_f(bar_h)}" '
            f'fill="{BIN_FILLS[SHARE_BINS[3]]}" class="trend-chart__bar">'
            f"<title>{escape(point.label)}: {escape(percent(point.share))}</title></rect>"
            f'<text x="{_f(x + bar_w / 2)}" y="{_f(base - bar_h - 6)}" text-anchor="middle" '
            f'fill="{INK}" {FONT_ATTRS}>{escape(percent(point.share))}</text>'
            f'<text x="{_f(x + bar_w / 2)}" y="{base + 20}" text-anchor="middle" '
            f'fill="{INK}" {FONT_ATTRS}>{escape(point.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
