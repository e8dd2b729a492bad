"""Machine-checkable PDF/UA-1 conditions (a subset of the Matterhorn Protocol), read with pypdf.

No full validator (veraPDF) can be installed here; these are the checks of it that decide
whether assistive technology can use the document at all: identification, title shown,
language, tagging, embedded fonts, a heading structure that starts at H1 without skipped
levels, table headers, alternative text on figures, and tab order by structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO
from itertools import pairwise
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


def _children(node: Any) -> Iterator[DictionaryObject]:
    kids = node.get("/K")
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        kid = kid.get_object() if isinstance(kid, IndirectObject) else kid
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            yield kid


def _elements(node: DictionaryObject) -> Iterator[DictionaryObject]:
    for kid in _children(node):
        yield kid
        yield from _elements(kid)


def _metadata_findings(root: DictionaryObject) -> list[str]:
    if "/Metadata" not in root:
        return ["no XMP metadata (06-001)"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    findings = []
    if not re.search(r'pdfuaid:part(="1"|>1<)', xmp):
        findings.append("no PDF/UA identification pdfuaid:part=1 (06-002)")
    if "<dc:title>" not in xmp:
        findings.append("no dc:title in the metadata (06-003)")
    return findings


def _catalog_findings(root: DictionaryObject) -> list[str]:
    findings = _metadata_findings(root)
    if not root.get("/ViewerPreferences", {}).get("/DisplayDocTitle"):
        findings.append("DisplayDocTitle is not true (07-001)")
    if not root.get("/MarkInfo", {}).get("/Marked"):
        findings.append("MarkInfo/Marked is not true (01-002)")
    if not str(root.get("/Lang", "")).strip():
        findings.append("no document language (11-006)")
    if "/StructTreeRoot" not in root:
        findings.append("no structure tree (01-001)")
    return findings


def _structure_findings(tree: DictionaryObject) -> list[str]:
    findings = []
    elements = list(_elements(tree))
    levels = [int(str(e["/S"])[2:]) for e in elements if re.fullmatch(r"/H[1-6]", str(e["/S"]))]
    if not levels or levels[0] != 1:
        findings.append(f"the first heading is not H1: {levels[:1]} (14-002)")
    for before, after in pairwise(levels):
        if after > before + 1:
            findings.append(f"heading level skipped: H{before} to H{after} (14-003)")
    for table in (e for e in elements if e["/S"] == "/Table"):
        if not any(e["/S"] == "/TH" for e in _elements(table)):
            findings.append("a table without header cells (15-005)")
    for figure in (e for e in elements if e["/S"] == "/Figure"):
        if not str(figure.get("/Alt", "")).strip():
            findings.append("a figure without alternative text (13-004)")
    return findings


def _font_findings(reader: PdfReader) -> list[str]:
    findings = []
    for number, page in enumerate(reader.pages, start=1):
        for name, font in page.get("/Resources", {}).get("/Font", {}).items():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            source = descendants[0].get_object() if descendants else font
            descriptor = source.get("/FontDescriptor")
            files = {"/FontFile", "/FontFile2", "/FontFile3"}
            if descriptor is None or not files & set(descriptor.get_object().keys()):
                findings.append(f"font {name} on page {number} is not embedded (31-009)")
        if page.get("/Annots") and page.get("/Tabs") != "/S":
            findings.append(f"page {number} has annotations but no structure tab order (19-003)")
    return findings


def pdf_ua_findings(pdf: bytes) -> list[str]:
    """What keeps ``pdf`` from meeting the checked PDF/UA-1 conditions; empty when none."""
    reader = PdfReader(BytesIO(pdf))
    root = reader.trailer["/Root"]
    findings = _catalog_findings(root)
    if "/StructTreeRoot" in root:
        findings += _structure_findings(root["/StructTreeRoot"].get_object())
    return findings + _font_findings(reader)
