"""Pure guards shared by the workflows. Each reads only the facts it is given.

The facts are a typed ``workflows.base.Facts`` the application computes once per request.
"""

from __future__ import annotations

from workflows.base import Facts, Guard


def _filing_complete(facts: Facts) -> bool:
    return not facts.missing_fields


def _has_draft(facts: Facts) -> bool:
    return facts.has_draft


def _not_drafter(facts: Facts) -> bool:
    return facts.drafter_id is None or facts.drafter_id != facts.actor_id


def _intake_done(facts: Facts) -> bool:
    return facts.intake_done


def _followups_done(facts: Facts) -> bool:
    return facts.open_followups == 0


FILING_COMPLETE = Guard(
    "filing_complete",
    "De zaak is nog niet compleet: vul eerst alle verplichte gegevens in.",
    _filing_complete,
)
HAS_DRAFT = Guard(
    "has_draft",
    "Er is nog geen concept opgesteld dat kan worden voorgelegd.",
    _has_draft,
)
NOT_DRAFTER = Guard(
    "not_drafter",
    "Vier-ogenprincipe: u heeft dit concept zelf opgesteld en mag het niet goedkeuren.",
    _not_drafter,
)
INTAKE_DONE = Guard("intake_done", "De intake is nog niet afgerond.", _intake_done)
FOLLOWUPS_DONE = Guard(
    "followups_done",
    "Er staan nog vervolgacties open; rond die eerst af.",
    _followups_done,
)
