"""Where the text of a PDF lands on its pages, read with pdfminer.six's layout analysis: a
character outside the page box (or in the margin the stylesheet keeps free) is text a reader
of the printed document never sees."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO

from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTComponent, LTPage

# Points per centimetre.
CM = 72 / 2.54


@dataclass(frozen=True)
class Stray:
    page: int
    text: str
    x0: float
    x1: float
    page_width: float


def _chars(item: LTComponent) -> Iterator[LTChar]:
    if isinstance(item, LTChar):
        yield item
    for child in getattr(item, "_objs", ()):
        yield from _chars(child)


def text_outside(pdf: bytes, margin_cm: float = 0.5) -> list[Stray]:
    """Characters that end beyond the right edge or start before the left edge of the page,
    less ``margin_cm``: office printers leave about 5 mm at the edge unprinted. (The page
    number sits in the margin box at the bottom right, inside that.)"""
    strays = []
    for number, page in enumerate(extract_pages(BytesIO(pdf)), start=1):
        assert isinstance(page, LTPage)
        low, high = page.x0 + margin_cm * CM, page.x1 - margin_cm * CM
        for char in _chars(page):
            if char.get_text().strip() and (char.x0 < low or char.x1 > high):
                strays.append(Stray(number, char.get_text(), char.x0, char.x1, page.width))
    return strays


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [(page.width, page.height) for page in extract_pages(BytesIO(pdf))]


def summary(strays: list[Stray]) -> str:
    """The stray characters joined per page and line of the page, for an assertion message."""
    lines: dict[tuple[int, int], str] = {}
    for s in strays:
        key = (s.page, round(s.x0))
        lines[key] = lines.get(key, "") + s.text
    return "; ".join(f"p{page} x={x}: {text[:60]}" for (page, x), text in lines.items())
