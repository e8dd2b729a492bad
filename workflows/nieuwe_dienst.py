"""Nieuwe dienst of nieuw organisatieonderdeel (>= 100 fte); BZK proposes a location."""

from workflows.location import location_workflow

DEFINITION = location_workflow(
    code="nieuwe_dienst",
    label="Nieuwe dienst of nieuw organisatieonderdeel",
    prefix="ND",
    product="voorstel",
    threshold=100,
)
