"""Nieuwe dienst of nieuw organisatieonderdeel (>= 100 fte); BZK proposes a location."""

from workflows import fields as field
from workflows.fields import required
from workflows.location import location_workflow

DEFINITION = location_workflow(
    code="nieuwe_dienst",
    label="Nieuwe dienst of nieuw organisatieonderdeel",
    prefix="ND",
    product="voorstel",
    threshold=100,
    fields=(
        field.TITLE,
        field.ORGANISATION_ID,
        required(field.UNIT_NAME),
        required(field.FTE_CHANGE),
        required(field.PROPOSED_PROVINCE_ID),
        required(field.PROPOSED_PLACE),
        *field.SECOND_LOCATION,
        *field.PLACE_OF_WORK,
        required(field.MOTIVATION),
        *field.LABOUR_MARKET,
    ),
)
