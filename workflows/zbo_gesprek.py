"""Gesprek over spreiding met een zbo: no advice, a recorded talk with agreed follow-up.
A follow-up action may open a linked case of another type."""

from workflows.base import (
    ADVISEUR,
    COORDINATOR,
    MINISTERIE,
    DeadlinePolicy,
    State,
    WorkflowDefinition,
    action,
)
from workflows.fields import MINISTER, ORGANISATION_ID, TALK_DATE, TITLE, required
from workflows.guards import FOLLOWUPS_DONE
from workflows.inputs import FollowUpDoneInput, FollowUpInput, ReasonInput, ReportInput

BZK = {ADVISEUR, COORDINATOR}

DEFINITION = WorkflowDefinition(
    code="zbo_gesprek",
    version=1,
    label="Gesprek over spreiding met een zbo",
    reference_prefix="ZB",
    initial="gepland",
    states=(
        State("gepland", "Gepland"),
        State("gevoerd", "Gesprek gevoerd"),
        State("opvolging", "Opvolging"),
        State("afgerond", "Afgerond", final=True),
        State("geannuleerd", "Geannuleerd", final=True),
    ),
    actions=(
        action(
            "verslag_vastleggen",
            "Verslag vastleggen",
            ("gepland",),
            "gevoerd",
            BZK,
            input_type=ReportInput,
        ),
        action(
            "acties_afspreken",
            "Vervolgactie afspreken",
            ("gevoerd", "opvolging"),
            "opvolging",
            BZK,
            input_type=FollowUpInput,
        ),
        action(
            "actie_gereed",
            "Vervolgactie gereed melden",
            ("opvolging",),
            "=",
            BZK | {MINISTERIE},
            input_type=FollowUpDoneInput,
        ),
        action(
            "afronden",
            "Gesprek afronden",
            ("gevoerd", "opvolging"),
            "afgerond",
            BZK,
            guards=(FOLLOWUPS_DONE,),
        ),
        action(
            "annuleren",
            "Gesprek annuleren",
            ("gepland",),
            "geannuleerd",
            BZK | {MINISTERIE},
            input_type=ReasonInput,
            side=True,
        ),
        action(
            "heropenen",
            "Zaak heropenen",
            ("afgerond", "geannuleerd"),
            "gepland",
            {COORDINATOR},
            input_type=ReasonInput,
            side=True,
        ),
    ),
    create_roles=frozenset({MINISTERIE, ADVISEUR, COORDINATOR}),
    edit_states=frozenset({"gepland"}),
    edit_roles=frozenset({MINISTERIE, ADVISEUR, COORDINATOR}),
    threshold_fte=None,
    product="verslag",
    fields=(TITLE, required(ORGANISATION_ID), required(TALK_DATE), MINISTER),
    talk_track=True,
    spreading_check=False,
    deadlines=(
        DeadlinePolicy(
            "verslag",
            "Gespreksverslag",
            "gepland",
            10,
            ADVISEUR,
            ("gepland",),
            counts_from="talk_date",
        ),
    ),
)
