"""Woo (Wet open overheid): what of a closed case and its documents may be published.

A decision is ``openbaar``, ``deels_openbaar`` (with the ground for what is withheld) or
``niet_openbaar`` (with its ground). The grounds are the exceptions of art. 5.1 (first lid:
absolute, second lid: weighed, fifth lid: disproportionate harm) and art. 5.2 (personal
policy views in documents for internal deliberation), cited by article, lid and letter.
"""

from __future__ import annotations

OPENBAAR = "openbaar"
DEELS_OPENBAAR = "deels_openbaar"
NIET_OPENBAAR = "niet_openbaar"

DECISIONS: dict[str, str] = {
    OPENBAAR: "Openbaar",
    DEELS_OPENBAAR: "Deels openbaar",
    NIET_OPENBAAR: "Niet openbaar",
}
# What may be published: the export lists only these.
PUBLISHABLE = frozenset({OPENBAAR, DEELS_OPENBAAR})
NEEDS_GROUND = frozenset({DEELS_OPENBAAR, NIET_OPENBAAR})

GROUNDS: dict[str, str] = {
    "5.1.1.a": "art. 5.1 lid 1 sub a Woo: eenheid van de Kroon",
    "5.1.1.b": "art. 5.1 lid 1 sub b Woo: veiligheid van de Staat",
    "5.1.1.c": "art. 5.1 lid 1 sub c Woo: vertrouwelijk meegedeelde bedrijfs- en fabricagegegevens",
    "5.1.1.d": "art. 5.1 lid 1 sub d Woo: bijzondere persoonsgegevens",
    "5.1.1.e": "art. 5.1 lid 1 sub e Woo: identificatienummers",
    "5.1.2.a": "art. 5.1 lid 2 sub a Woo: betrekkingen met andere staten en internationale "
    "organisaties",
    "5.1.2.b": "art. 5.1 lid 2 sub b Woo: economische of financiële belangen van de Staat",
    "5.1.2.c": "art. 5.1 lid 2 sub c Woo: opsporing en vervolging van strafbare feiten",
    "5.1.2.d": "art. 5.1 lid 2 sub d Woo: inspectie, controle en toezicht",
    "5.1.2.e": "art. 5.1 lid 2 sub e Woo: eerbiediging van de persoonlijke levenssfeer",
    "5.1.2.f": "art. 5.1 lid 2 sub f Woo: concurrentiegevoelige bedrijfs- en fabricagegegevens",
    "5.1.2.g": "art. 5.1 lid 2 sub g Woo: bescherming van het milieu",
    "5.1.2.h": "art. 5.1 lid 2 sub h Woo: beveiliging van personen en bedrijven",
    "5.1.2.i": "art. 5.1 lid 2 sub i Woo: goed functioneren van de Staat",
    "5.1.5": "art. 5.1 lid 5 Woo: onevenredige benadeling",
    "5.2.1": "art. 5.2 lid 1 Woo: persoonlijke beleidsopvattingen in intern beraad",
}

NOT_DECIDED = "Nog niet besloten"


def check(decision: str, ground: str) -> dict[str, str]:
    """Field errors (Dutch) of a decision and its ground; empty when it is complete."""
    if decision not in DECISIONS:
        return {"openbaarheid": "Kies openbaar, deels openbaar of niet openbaar."}
    if decision in NEEDS_GROUND and ground not in GROUNDS:
        return {"weigeringsgrond": "Kies de weigeringsgrond uit de Woo."}
    if decision == OPENBAAR and ground:
        return {"weigeringsgrond": "Bij een openbare zaak hoort geen weigeringsgrond."}
    return {}


def label(decision: str) -> str:
    return DECISIONS.get(decision, NOT_DECIDED)


def ground_label(ground: str) -> str:
    return GROUNDS.get(ground, "")
