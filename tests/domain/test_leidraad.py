"""The weighing along the leidraad, computed by hand: every active consideration judged once
(or marked not applicable), a judgement on the merits motivated, nothing outside the list."""

from __future__ import annotations

from caseflow.domain.leidraad import (
    MOTIVATION_MAX,
    WeighingLine,
    WeighingProblem,
    problems,
    summary,
    tally,
)

ACTIVE = ["regiobelang", "arbeidsmarkt", "personeel"]


def test_a_complete_weighing_holds() -> None:
    lines = [
        WeighingLine("regiobelang", "positief", "Past bij het profiel van Twente."),
        WeighingLine("arbeidsmarkt", "negatief", "Scan: beperkt aanbod ICT."),
        WeighingLine("personeel", "nvt", ""),  # not applicable needs no motivation
    ]
    assert problems(ACTIVE, lines) == []


def test_every_judgement_on_the_merits_needs_a_motivation() -> None:
    lines = [
        WeighingLine("regiobelang", "positief", "  "),
        WeighingLine("arbeidsmarkt", "neutraal", ""),
        WeighingLine("personeel", "negatief", ""),
    ]
    assert problems(ACTIVE, lines) == [
        WeighingProblem("regiobelang", "Motiveer dit oordeel."),
        WeighingProblem("arbeidsmarkt", "Motiveer dit oordeel."),
        WeighingProblem("personeel", "Motiveer dit oordeel."),
    ]


def test_an_unjudged_or_missing_consideration_is_refused() -> None:
    lines = [
        WeighingLine("regiobelang", "", "Tekst zonder oordeel"),
        WeighingLine("arbeidsmarkt", "nvt"),
    ]
    assert problems(ACTIVE, lines) == [
        WeighingProblem("regiobelang", "Kies een oordeel of 'niet van toepassing'."),
        WeighingProblem("personeel", "Kies een oordeel of 'niet van toepassing'."),
    ]


def test_unknown_judgements_codes_and_doubles_are_refused() -> None:
    lines = [
        WeighingLine("regiobelang", "heel goed", "x"),
        WeighingLine("arbeidsmarkt", "nvt"),
        WeighingLine("arbeidsmarkt", "positief", "tweede keer"),
        WeighingLine("personeel", "nvt"),
        WeighingLine("weer", "positief", "zon"),
    ]
    assert problems(ACTIVE, lines) == [
        WeighingProblem("regiobelang", "Kies een oordeel of 'niet van toepassing'."),
        WeighingProblem("arbeidsmarkt", "Deze afweging is twee keer beoordeeld."),
        WeighingProblem("weer", "Deze afweging staat niet in de leidraad."),
    ]


def test_a_motivation_has_a_maximum_length() -> None:
    lines = [
        WeighingLine("regiobelang", "positief", "x" * MOTIVATION_MAX),
        WeighingLine("arbeidsmarkt", "positief", "x" * (MOTIVATION_MAX + 1)),
        WeighingLine("personeel", "nvt"),
    ]
    assert problems(ACTIVE, lines) == [
        WeighingProblem("arbeidsmarkt", f"Maximaal {MOTIVATION_MAX} tekens."),
    ]


def test_no_active_considerations_and_no_lines_holds() -> None:
    assert problems([], []) == []


def test_the_tally_counts_in_the_order_of_the_judgements() -> None:
    given = ["nvt", "positief", "negatief", "positief", "nvt", "positief"]
    assert tally(given) == {"positief": 3, "negatief": 1, "nvt": 2}
    assert list(tally(given)) == ["positief", "negatief", "nvt"]
    assert summary(given) == "3 positief, 1 negatief, 2 niet van toepassing"
    assert summary([]) == "geen afweging"
