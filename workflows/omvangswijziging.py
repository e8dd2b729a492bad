"""Wijziging in omvang van een dienst: growth or shrinkage of >= 100 fte; BZK advises."""

from workflows import fields as field
from workflows.fields import required
from workflows.location import location_workflow

DEFINITION = location_workflow(
    code="omvangswijziging",
    label="Wijziging in omvang van een dienst",
    prefix="OW",
    product="advies",
    threshold=100,
    fields=(
        field.TITLE,
        required(field.ORGANISATION_ID),
        required(field.CHANGE_KIND),
        required(field.FTE_CURRENT),
        required(field.FTE_CHANGE),
        field.FTE_MOVED,
        required(field.CURRENT_PROVINCE_ID),
        required(field.CURRENT_PLACE),
        field.PROPOSED_PROVINCE_ID,
        field.PROPOSED_PLACE,
        *field.SECOND_LOCATION,
        *field.PLACE_OF_WORK,
        required(field.MOTIVATION),
        *field.LABOUR_MARKET,
    ),
)
