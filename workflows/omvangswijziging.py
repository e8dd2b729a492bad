"""Wijziging in omvang van een dienst: growth or shrinkage of >= 100 fte; BZK advises."""

from workflows.fields import (
    CHANGE_KIND,
    CURRENT_PLACE,
    CURRENT_PROVINCE_ID,
    FTE_CHANGE,
    FTE_CURRENT,
    FTE_MOVED,
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
    required,
)
from workflows.location import location_workflow

DEFINITION = location_workflow(
    code="omvangswijziging",
    label="Wijziging in omvang van een dienst",
    prefix="OW",
    product="advies",
    threshold=100,
    fields=(
        TITLE,
        required(ORGANISATION_ID),
        required(CHANGE_KIND),
        required(FTE_CURRENT),
        required(FTE_CHANGE),
        FTE_MOVED,
        required(CURRENT_PROVINCE_ID),
        required(CURRENT_PLACE),
        PROPOSED_PROVINCE_ID,
        PROPOSED_PLACE,
        SECOND_PROVINCE_ID,
        SECOND_PLACE,
        SECOND_FTE,
        required(MOTIVATION),
        required(LABOUR_MARKET_SCAN),
        LABOUR_MARKET_NOTE,
    ),
)
