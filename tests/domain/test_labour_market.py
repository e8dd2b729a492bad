"""De arbeidsmarktscan als gegevens: indicatie uit de spanningsindicator, de bevinding in de
spreidingstoets en de vlaggen in de matching; alle uitkomsten met de hand bepaald.

Drempels: vanaf 1,0 vacature per werkloze beperkt, vanaf 1,5 onvoldoende.
"""

from dataclasses import replace
from datetime import date

import pytest

from caseflow.domain.labour_market import (
    Reading,
    is_weak,
    outcome_for_tension,
    province_tightness,
)
from caseflow.domain.matching import CaseNeeds, RegionProfile, labour_flags, rank_regions
from caseflow.domain.spreading import Severity, SpreadingInput, check_spreading

JAN_2025, JAN_2026 = date(2025, 1, 1), date(2026, 1, 1)


@pytest.mark.parametrize(
    ("value", "outcome"),
    [
        (0.0, "voldoende"),
        (0.99, "voldoende"),
        (1.0, "beperkt"),  # evenveel vacatures als werklozen: beperkt
        (1.49, "beperkt"),
        (1.5, "onvoldoende"),
        (3.2, "onvoldoende"),
    ],
)
def test_tension_thresholds(value: float, outcome: str) -> None:
    assert outcome_for_tension(value) == outcome


def test_newest_province_wide_tension_decides() -> None:
    readings = [
        Reading("Overijssel", "", "spanning", 1.6, JAN_2025),  # older: onvoldoende
        Reading("Overijssel", "", "spanning", 1.2, JAN_2026),  # newer: beperkt
        Reading("Overijssel", "Regio Zwolle", "spanning", 2.0, JAN_2026),  # region: not counted
        Reading("Groningen", "", "werkloosheid", 5.1, JAN_2026),  # other indicator: no indication
        Reading("Groningen", "", "spanning", 0.6, JAN_2026),
        Reading("Zeeland", "Walcheren", "spanning", 1.8, JAN_2026),  # region only: none
    ]
    assert province_tightness(readings) == {"Overijssel": "beperkt", "Groningen": "voldoende"}


def test_weak_outcomes() -> None:
    assert is_weak("beperkt") and is_weak(" Onvoldoende ")
    assert not is_weak("voldoende") and not is_weak("niet_uitgevoerd") and not is_weak("")


# --- the spreading check ---------------------------------------------------------------------

GROWTH_ZWOLLE = SpreadingInput(
    case_type="omvangswijziging",
    fte_current=400,
    fte_change=150,
    current_province="Overijssel",
    proposed_province=None,
    organisation_kind="agentschap",
    limited_by_primary_process=False,
    motivation="",
)


def _labour(inp: SpreadingInput) -> list[tuple[str, Severity, str]]:
    found = check_spreading(inp).findings
    return [(f.code, f.severity, f.explanation) for f in found if f.code.startswith("arbeid")]


def test_no_finding_for_a_sufficient_or_missing_scan() -> None:
    for scan in ("", "voldoende", "niet_uitgevoerd"):
        assert _labour(replace(GROWTH_ZWOLLE, labour_market_scan=scan)) == []


def test_limited_scan_is_a_let_op_naming_the_measures() -> None:
    inp = replace(
        GROWTH_ZWOLLE,
        labour_market_scan="beperkt",
        labour_market_measures=(
            "in eerste instantie hybride werken",
            "werven onder studenten in de regio",
        ),
    )
    assert _labour(inp) == [
        (
            "arbeidsmarkt_beperkt",
            Severity.LET_OP,
            "De arbeidsmarktscan voor Overijssel is beperkt. Vastgelegde maatregelen: in eerste "
            "instantie hybride werken en werven onder studenten in de regio.",
        )
    ]
    # Growth outside the Randstad stays conform: a let-op asks no motivation.
    assert not check_spreading(inp).needs_motivation


def test_limited_scan_without_measures_says_so() -> None:
    [(_code, _severity, text)] = _labour(replace(GROWTH_ZWOLLE, labour_market_scan="beperkt"))
    assert text == (
        "De arbeidsmarktscan voor Overijssel is beperkt. Er zijn geen maatregelen vastgelegd "
        "(zoals in eerste instantie hybride werken of werven onder studenten in de regio)."
    )


def test_insufficient_scan_is_a_deviation_that_needs_motivation() -> None:
    inp = replace(GROWTH_ZWOLLE, labour_market_scan="onvoldoende", proposed_province="Drenthe")
    [(code, severity, text)] = _labour(inp)
    assert (code, severity) == ("arbeidsmarkt_onvoldoende", Severity.AFWIJKING)
    assert text.startswith("De arbeidsmarktscan voor Drenthe is onvoldoende")
    check = check_spreading(inp)
    assert check.needs_motivation
    assert [f.code for f in check.deviations] == ["arbeidsmarkt_onvoldoende", "geen_motivering"]
    motivated = check_spreading(replace(inp, motivation="Werving via de Hanzehogeschool."))
    assert [f.code for f in motivated.deviations] == ["arbeidsmarkt_onvoldoende"]


# --- matching --------------------------------------------------------------------------------

ZWOLLE = RegionProfile(
    id=1,
    name="Regio Zwolle",
    provinces=frozenset({"Overijssel", "Gelderland"}),
    themes=frozenset(),
    sectors=frozenset(),
    core_qualities=(),
)
GRONINGEN = RegionProfile(
    id=2,
    name="Groningen",
    provinces=frozenset({"Groningen"}),
    themes=frozenset(),
    sectors=frozenset(),
    core_qualities=(),
)
NEEDS = CaseNeeds(
    case_type="omvangswijziging",
    direction="groei",
    themes=frozenset(),
    sectors=frozenset(),
    current_province="Overijssel",
    labour_market_scan="voldoende",
    proposed_province="Overijssel",
)
RANDSTAD = frozenset({"Noord-Holland", "Zuid-Holland", "Utrecht"})


def test_tight_provinces_flag_the_region() -> None:
    tightness = {"Overijssel": "beperkt", "Gelderland": "onvoldoende", "Groningen": "voldoende"}
    assert labour_flags(NEEDS, ZWOLLE, tightness) == (
        "Arbeidsmarkt onvoldoende in Gelderland volgens de spanningsindicator "
        "(vacatures per werkloze).",
        "Arbeidsmarkt beperkt in Overijssel volgens de spanningsindicator "
        "(vacatures per werkloze).",
    )
    assert labour_flags(NEEDS, GRONINGEN, tightness) == ()


def test_own_scan_flags_the_region_of_the_proposed_province() -> None:
    limited = replace(NEEDS, labour_market_scan="beperkt")
    assert labour_flags(limited, ZWOLLE, {}) == (
        "De arbeidsmarktscan van deze zaak voor Overijssel is 'beperkt'.",
    )
    assert labour_flags(limited, GRONINGEN, {}) == ()
    assert labour_flags(replace(limited, proposed_province=None), ZWOLLE, {}) == ()


def test_flags_do_not_change_the_score_or_order() -> None:
    # Both outside the Randstad with growth: 1,5 each, and Zwolle 1 more for the proposed
    # province Overijssel; a flag changes neither score nor order.
    plain = rank_regions(NEEDS, [ZWOLLE, GRONINGEN], RANDSTAD)
    flagged = rank_regions(NEEDS, [ZWOLLE, GRONINGEN], RANDSTAD, {"Overijssel": "onvoldoende"})
    assert [(m.name, m.score) for m in plain] == [("Regio Zwolle", 2.5), ("Groningen", 1.5)]
    assert [(m.name, m.score) for m in flagged] == [("Regio Zwolle", 2.5), ("Groningen", 1.5)]
    assert [m.flags for m in plain] == [(), ()]
    assert flagged[0].flags == (
        "Arbeidsmarkt onvoldoende in Overijssel volgens de spanningsindicator "
        "(vacatures per werkloze).",
    )
