"""The offices layer of the province map, computed by hand."""

from __future__ import annotations

from caseflow.domain.office_layer import layer_svg, path_centre


def test_the_centre_of_the_largest_part() -> None:
    # Part 1 from (10,10): (30,10), (30,20): box 10..30 × 10..20, area 200, centre (20,15).
    # After z the pen is back at (10,10); part 2 starts at (110,110): a 1 × 1 island.
    path = "m 10,10 20,0 0,10 z m 100,100 1,0 0,1 z"
    assert path_centre(path) == (20.0, 15.0)
    # The island first changes nothing: the largest part still decides.
    assert path_centre("m 110,110 1,0 0,1 z m -100,-100 20,0 0,10 z") == (20.0, 15.0)
    assert path_centre("") == (0.0, 0.0)


def test_a_marker_per_province_with_lines() -> None:
    svg = layer_svg(
        {"Overijssel": (100.0, 50.0), "Drenthe": (0.0, 0.0)},
        {"Overijssel": 1},
        {"Overijssel": ["Zwolle: ruimte voor 120 werkplekken"], "Drenthe": [], "Atlantis": ["x"]},
    )
    assert svg.count("<circle") == 1
    assert '<circle cx="100" cy="50" r="11"' in svg
    assert '<text x="100" y="55"' in svg  # the number sits 5 below the centre line
    assert "<title>Overijssel: Zwolle: ruimte voor 120 werkplekken</title>" in svg
    assert ">1</text>" in svg
    assert layer_svg({}, {}, {"<b>": ["&"]}) == '<g class="province-map__offices"></g>'
