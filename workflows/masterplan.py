"""Masterplan rijkskantoorhuisvesting or a Verzoek tot Wijziging (VtW) on one; BZK
proposes where the office housing is realised. No fte threshold."""

from workflows.fields import (
    CHANGE_KIND,
    CHANGE_REQUEST,
    CURRENT_PLACE,
    CURRENT_PROVINCE_ID,
    FTE_CHANGE,
    FTE_MOVED,
    MASTERPLAN_ID,
    MOTIVATION,
    ORGANISATION_ID,
    PROPOSED_PLACE,
    PROPOSED_PROVINCE_ID,
    SECOND_FTE,
    SECOND_PLACE,
    SECOND_PROVINCE_ID,
    TITLE,
    required,
)
from workflows.location import location_workflow

DEFINITION = location_workflow(
    code="masterplan",
    label="Masterplan rijkskantoorhuisvesting / Verzoek tot Wijziging",
    prefix="MP",
    product="voorstel",
    threshold=None,
    fields=(
        TITLE,
        required(MASTERPLAN_ID),
        CHANGE_REQUEST,
        ORGANISATION_ID,
        CHANGE_KIND,
        CURRENT_PROVINCE_ID,
        CURRENT_PLACE,
        required(PROPOSED_PROVINCE_ID),
        required(PROPOSED_PLACE),
        FTE_CHANGE,
        FTE_MOVED,
        SECOND_PROVINCE_ID,
        SECOND_PLACE,
        SECOND_FTE,
        required(MOTIVATION),
    ),
)
