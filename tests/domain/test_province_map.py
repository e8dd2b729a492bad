"""The province map: 12 provinces from the vendored data, bins, legend, Dutch labels."""

from __future__ import annotations

import json
from xml.etree import ElementTree

from caseflow.domain.impact import SHARE_BINS
from caseflow.domain.province_map import (
    BIN_FILLS,
    DATA_FILE,
    NO_DATA_FILL,
    ProvinceValue,
    TrendPoint,
    fte_text,
    load_map,
    map_svg,
    percent,
    trend_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


def test_vendored_data_has_twelve_provinces_with_frysian_name() -> None:
    names = {p.name for p in load_map().provinces}
    assert len(names) == 12
    assert "Fryslân" in names and "Friesland" not in names
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert raw["viewBox"] == "0 0 613 724"
    assert DATA_FILE.with_name("netherlands_provinces.LICENSE.txt").read_text().count("CC-BY-4.0")


def test_map_is_well_formed_with_a_title_per_province_and_bin_fills() -> None:
    values = {
        "Zuid-Holland": ProvinceValue(fte=2500.0, share=0.25),
        "Fryslân": ProvinceValue(fte=300.0, share=0.03, illustrative=True),
        "Utrecht": ProvinceValue(fte=1000.0, share=0.10),
    }
    svg = map_svg(values, title="Kaart", description="Beschrijving")
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "kaart-titel kaart-beschrijving"
    assert "style" not in svg
    paths = root.findall(f"{SVG}path")
    assert len(paths) == 12
    titles = {p.findtext(f"{SVG}title") for p in paths}
    assert "Zuid-Holland: 2.500 fte, 25,0% van het landelijk totaal (klasse > 20%)" in titles
    assert "Fryslân: 300 fte, 3,0% van het landelijk totaal (klasse < 5%), illustratief" in titles
    assert "Utrecht: 1.000 fte, 10,0% van het landelijk totaal (klasse 10–15%)" in titles
    assert "Groningen: geen cijfers" in titles
    fills = {p.findtext(f"{SVG}title", "").split(":")[0]: p.get("fill") for p in paths}
    assert fills["Zuid-Holland"] == BIN_FILLS["> 20%"]
    assert fills["Fryslân"] == BIN_FILLS["< 5%"]
    assert fills["Groningen"] == NO_DATA_FILL
    legend = [t.text for t in root.iter(f"{SVG}text")]
    assert [*SHARE_BINS, "geen cijfers"] == legend[1:]


def test_dutch_formats_and_trend_chart() -> None:
    assert percent(0.0525) == "5,2%" or percent(0.0525) == "5,3%"
    assert percent(0.851485) == "85,1%"
    assert fte_text(1234.0) == "1.234"
    assert fte_text(1234.56) == "1.234,6"
    svg = trend_svg([TrendPoint("2024", 0.5), TrendPoint("2025", 0.48)], title="T", description="D")
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output
    assert len(root.findall(f"{SVG}rect")) == 2
    assert "48,0%" in svg and "style" not in svg
