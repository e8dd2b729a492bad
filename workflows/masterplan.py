"""Masterplan rijkskantoorhuisvesting or a Verzoek tot Wijziging (VtW) on one; BZK
proposes where the office housing is realised. No fte threshold."""

from workflows import fields as field
from workflows.fields import required
from workflows.location import location_workflow

DEFINITION = location_workflow(
    code="masterplan",
    label="Masterplan rijkskantoorhuisvesting / Verzoek tot Wijziging",
    prefix="MP",
    product="voorstel",
    threshold=None,
    fields=(
        field.TITLE,
        required(field.MASTERPLAN_ID),
        field.CHANGE_REQUEST,
        field.ORGANISATION_ID,
        field.CHANGE_KIND,
        field.CURRENT_PROVINCE_ID,
        field.CURRENT_PLACE,
        required(field.PROPOSED_PROVINCE_ID),
        required(field.PROPOSED_PLACE),
        field.FTE_CHANGE,
        field.FTE_MOVED,
        *field.SECOND_LOCATION,
        *field.PLACE_OF_WORK,
        required(field.MOTIVATION),
    ),
)
