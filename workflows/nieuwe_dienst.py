"""Nieuwe dienst of nieuw organisatieonderdeel (>= 100 fte); BZK proposes a location."""

from workflows.fields import (
    FTE_CHANGE,
    LABOUR_MARKET_NOTE,
    LABOUR_MARKET_SCAN,
    MOTIVATION,
    ORGANISATION_ID,
    PROPOSED_PLACE,
    PROPOSED_PROVINCE_ID,
    SECOND_FTE,
    SECOND_PLACE,
    SECOND_PROVINCE_ID,
    TITLE,
    UNIT_NAME,
    required,
)
from workflows.location import location_workflow

DEFINITION = location_workflow(
    code="nieuwe_dienst",
    label="Nieuwe dienst of nieuw organisatieonderdeel",
    prefix="ND",
    product="voorstel",
    threshold=100,
    fields=(
        TITLE,
        ORGANISATION_ID,
        required(UNIT_NAME),
        required(FTE_CHANGE),
        required(PROPOSED_PROVINCE_ID),
        required(PROPOSED_PLACE),
        SECOND_PROVINCE_ID,
        SECOND_PLACE,
        SECOND_FTE,
        required(MOTIVATION),
        required(LABOUR_MARKET_SCAN),
        LABOUR_MARKET_NOTE,
    ),
)
