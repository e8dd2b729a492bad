"""Wijziging in omvang van een dienst: growth or shrinkage of >= 100 fte; BZK advises."""

from workflows.location import location_workflow

DEFINITION = location_workflow(
    code="omvangswijziging",
    label="Wijziging in omvang van een dienst",
    prefix="OW",
    product="advies",
    threshold=100,
)
