"""Tests for the inline SVG state-diagram renderer."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from caseflow.domain.diagram import DiagramEdge, DiagramState, render_state_diagram

NS = "{http://www.w3.org/2000/svg}"

STATES = [
    DiagramState("concept", "Concept"),
    DiagramState("ingediend", "Ingediend"),
    DiagramState("intake", "Intake en volledigheidstoets"),
    DiagramState("behandeling", "In behandeling"),
    DiagramState("advies", "Advies gevraagd bij betrokken departementen"),
    DiagramState("advies_ontvangen", "Advies ontvangen"),
    DiagramState("goedkeuring", "Ter goedkeuring"),
    DiagramState("goedgekeurd", "Goedgekeurd"),
    DiagramState("afgewezen", "Afgewezen", final=True),
    DiagramState("ingetrokken", "Ingetrokken", final=True),
    DiagramState("uitvoering", "In uitvoering"),
    DiagramState("afgerond", "Afgerond", final=True),
    DiagramState("oud", "Gearchiveerd (oud proces)", final=True),
]
EDGES = [
    DiagramEdge("concept", "ingediend", "Indienen"),
    DiagramEdge("concept", "ingetrokken", "Intrekken"),
    DiagramEdge("ingediend", "intake", "Intake starten"),
    DiagramEdge("ingediend", "ingetrokken", "Intrekken"),
    DiagramEdge("intake", "behandeling", "In behandeling nemen"),
    DiagramEdge("intake", "concept", "Terugsturen voor aanvulling"),
    DiagramEdge("behandeling", "behandeling", "Notitie toevoegen"),
    DiagramEdge("behandeling", "advies", "Advies vragen"),
    DiagramEdge("behandeling", "goedkeuring", "Voorleggen"),
    DiagramEdge("advies", "advies_ontvangen", "Advies uitbrengen"),
    DiagramEdge("advies", "advies_ontvangen", "Advies uitbrengen (na termijn)"),
    DiagramEdge("advies_ontvangen", "goedkeuring", "Voorleggen"),
    DiagramEdge("goedkeuring", "goedgekeurd", "Goedkeuren"),
    DiagramEdge("goedkeuring", "afgewezen", "Afwijzen"),
    DiagramEdge("goedkeuring", "behandeling", "Terug naar behandelaar"),
    DiagramEdge("goedgekeurd", "uitvoering", "Uitvoering starten"),
    DiagramEdge("uitvoering", "afgerond", "Afronden"),
]


def render(current: str | None = "goedkeuring") -> str:
    return render_state_diagram(STATES, EDGES, "concept", current, title="Spreidingsdossier")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def state_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{NS}g") if "state" in g.get("class", "").split()]


def group_text(group: ET.Element) -> str:
    text = group.find(f"{NS}text")
    assert text is not None
    return " ".join(t.text or "" for t in text.iter(f"{NS}tspan"))


def rect_box(group: ET.Element) -> tuple[float, float, float, float]:
    rect = group.find(f"{NS}rect")
    assert rect is not None
    return tuple(float(rect.get(k, "nan")) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def test_root_is_accessible_svg() -> None:
    root = parse(render())
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("viewBox")
    title = root.find(f"{NS}title")
    desc = root.find(f"{NS}desc")
    assert title is not None and title.text == "Spreidingsdossier"
    assert desc is not None and desc.text
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert "Huidige status: Ter goedkeuring." in desc.text
    assert desc.text.index("Concept") < desc.text.index("Ingediend") < desc.text.index("Afgerond")


def test_exactly_one_current_state() -> None:
    root = parse(render())
    marked = [el for el in root.iter() if el.get("aria-current") is not None]
    assert len(marked) == 1
    (group,) = marked
    assert group.get("aria-current") == "step"
    assert group.get("class") == "state state--current"
    assert group.get("data-state") == "goedkeuring"
    title = group.find(f"{NS}title")
    assert title is not None and title.text == "Ter goedkeuring (huidige status)"
    assert "(huidige status)" not in group_text(group)


def test_no_current_state() -> None:
    svg = render(None)
    assert "aria-current" not in svg
    assert "huidige status" not in svg.lower()


def test_all_states_drawn_with_labels_including_unreachable() -> None:
    groups = state_groups(parse(render()))
    assert [g.get("data-state") for g in groups] == [s.code for s in STATES]
    for group, state in zip(groups, STATES, strict=True):
        assert group_text(group) == state.label
    oud = groups[-1]
    assert "state--unreachable" in oud.get("class", "")


def test_final_states_have_double_border() -> None:
    for group, state in zip(state_groups(parse(render())), STATES, strict=True):
        classes = group.get("class", "").split()
        assert ("state--final" in classes) == state.final
        assert len(group.findall(f"{NS}rect")) == (2 if state.final else 1)


def test_csp_safe_output() -> None:
    svg = render()
    root = parse(svg)
    assert "<script" not in svg.lower()
    for el in root.iter():
        assert "style" not in el.attrib
        assert not any(name.lower().startswith("on") for name in el.attrib)


def test_edges_titles_collapse_parallel_and_no_canvas_labels() -> None:
    root = parse(render())
    edges = [g for g in root.iter(f"{NS}g") if "edge" in g.get("class", "").split()]
    assert len(edges) == len({(e.source, e.dest) for e in EDGES})
    titles = [t.text or "" for g in edges for t in g.iter(f"{NS}title")]
    assert "Advies gevraagd bij betrokken departementen → Advies ontvangen: " in "".join(titles)
    assert any("Advies uitbrengen; Advies uitbrengen (na termijn)" in t for t in titles)
    kinds = {c for g in edges for c in g.get("class", "").split()}
    assert {"edge--loop", "edge--back", "edge--forward"} <= kinds
    assert all(g.find(f"{NS}text") is None for g in edges)
    assert len(root.findall(f".//{NS}marker")) == 1


def test_deterministic() -> None:
    assert render() == render()


def test_unknown_codes_raise() -> None:
    with pytest.raises(ValueError, match="bestaat_niet"):
        render_state_diagram(STATES, EDGES, "concept", "bestaat_niet")
    with pytest.raises(ValueError):
        render_state_diagram(STATES, EDGES, "bestaat_niet")
    with pytest.raises(ValueError):
        render_state_diagram(STATES, [DiagramEdge("concept", "x", "Naar x")], "concept")
    with pytest.raises(ValueError):
        render_state_diagram([*STATES, STATES[0]], EDGES, "concept")


def test_text_is_escaped() -> None:
    states = [DiagramState("a", 'A & <b> "x"'), DiagramState("b", "B'</desc>", final=True)]
    edges = [DiagramEdge("a", "b", "<script>alert(1)</script>"), DiagramEdge("b", "a", "Terug")]
    svg = render_state_diagram(states, edges, "a", "b", title="<Titel & co>")
    root = parse(svg)
    assert "<script" not in svg
    assert root.find(f"{NS}title") is not None
    assert [group_text(g) for g in state_groups(root)] == ['A & <b> "x"', "B'</desc>"]


def test_self_loop_and_back_edge_small_graph() -> None:
    states = [DiagramState("a", "Open"), DiagramState("b", "Dicht", final=True)]
    edges = [
        DiagramEdge("a", "a", "Bijwerken"),
        DiagramEdge("a", "b", "Sluiten"),
        DiagramEdge("b", "a", "Heropenen"),
    ]
    root = parse(render_state_diagram(states, edges, "a", "a"))
    assert len(state_groups(root)) == 2


def test_layout_fits_viewbox_without_overlap() -> None:
    root = parse(render())
    min_x, min_y, width, height = map(float, root.get("viewBox", "").split())
    assert width <= 900
    boxes = [rect_box(g) for g in state_groups(root)]
    assert len(boxes) == 13
    for x, y, w, h in boxes:
        assert min_x <= x and x + w <= min_x + width
        assert min_y <= y and y + h <= min_y + height
    for (ax, ay, aw, ah), (bx, by, bw, bh) in itertools.combinations(boxes, 2):
        assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay
    # Bezier curves stay inside the hull of their points, so checking the points suffices.
    for path in root.iter(f"{NS}path"):
        for point in re.findall(r"-?[\d.]+,-?[\d.]+", path.get("d", "")):
            x, y = map(float, point.split(","))
            assert min_x <= x <= min_x + width and min_y <= y <= min_y + height


def test_same_layer_edges_both_ways_do_not_coincide() -> None:
    states = [DiagramState(c, c.upper()) for c in "abc"]
    edges = [DiagramEdge("a", "b", "x"), DiagramEdge("a", "c", "y")]
    edges += [DiagramEdge("b", "c", "heen"), DiagramEdge("c", "b", "terug")]
    root = parse(render_state_diagram(states, edges, "a"))
    paths = [
        g.find(f"{NS}path")
        for g in root.iter(f"{NS}g")
        if "edge--sibling" in g.get("class", "").split()
    ]
    assert len(paths) == 2
    assert paths[0] is not None and paths[1] is not None
    assert paths[0].get("d") != paths[1].get("d")


def test_wide_layers_wrap_into_rows() -> None:
    states = [DiagramState("start", "Start")]
    states += [DiagramState(f"s{i}", f"Status {i}") for i in range(9)]
    edges = [DiagramEdge("start", s.code, "Ga") for s in states[1:]]
    root = parse(render_state_diagram(states, edges, "start"))
    assert float(root.get("viewBox", "").split()[2]) <= 900
    boxes = [rect_box(g) for g in state_groups(root)]
    for (ax, ay, aw, ah), (bx, by, bw, bh) in itertools.combinations(boxes, 2):
        assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay


def test_side_paths_are_listed_not_drawn_and_placed_below() -> None:
    states = [
        DiagramState("a", "Concept"),
        DiagramState("b", "Ingediend"),
        DiagramState("c", "Afgerond", final=True),
        DiagramState("x", "Ingetrokken", final=True),
    ]
    edges = [
        DiagramEdge("a", "b", "Indienen"),
        DiagramEdge("b", "c", "Afronden"),
        DiagramEdge("a", "x", "Intrekken", drawn=False),
        DiagramEdge("b", "x", "Intrekken", drawn=False),
    ]
    root = parse(render_state_diagram(states, edges, "a", "b"))
    titles = [
        t.text or ""
        for g in root.iter(f"{NS}g")
        if "edge" in g.get("class", "").split()
        for t in g.findall(f"{NS}title")
    ]
    assert len(titles) == 2 and not any("Intrekken" in t for t in titles)
    boxes = {g.get("data-state"): rect_box(g) for g in state_groups(root)}
    assert boxes["x"][1] > boxes["c"][1]  # below the last drawn step
    groups = {g.get("data-state"): g for g in state_groups(root)}
    assert "state--unreachable" not in groups["x"].get("class", "")
    desc = root.find(f"{NS}desc")
    assert desc is not None and desc.text
    assert "Intrekken naar Ingetrokken (vanuit Concept, Ingediend)" in desc.text
