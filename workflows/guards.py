"""Pure guards shared by the workflows. Each reads only the facts it is given.

Facts the application supplies for every case:
``missing_fields`` (labels of required fields still empty), ``has_draft`` (an unissued
draft exists), ``drafter_id`` (who wrote the current draft), ``actor_id`` (who acts),
``intake_done`` (BZK accepted the case once), ``open_followups`` (zbo actions not done).
"""

from __future__ import annotations

from workflows.base import Facts, Guard


def _filing_complete(facts: Facts) -> bool:
    return not facts.get("missing_fields")


def _has_draft(facts: Facts) -> bool:
    return bool(facts.get("has_draft"))


def _not_drafter(facts: Facts) -> bool:
    drafter = facts.get("drafter_id")
    return drafter is None or drafter != facts.get("actor_id")


def _intake_done(facts: Facts) -> bool:
    return bool(facts.get("intake_done"))


def _followups_done(facts: Facts) -> bool:
    return int(facts.get("open_followups", 0)) == 0


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
