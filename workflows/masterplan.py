"""Masterplan rijkskantoorhuisvesting or a Verzoek tot Wijziging (VtW) on one; BZK
proposes where the office housing is realised. No fte threshold."""

from workflows.location import location_workflow

DEFINITION = location_workflow(
    code="masterplan",
    label="Masterplan rijkskantoorhuisvesting / Verzoek tot Wijziging",
    prefix="MP",
    product="voorstel",
    threshold=None,
)
