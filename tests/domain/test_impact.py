"""Tests voor het effect van zaken op de provinciale verdeling; verwachtingen met de hand.

Basisset (fte): Zuid-Holland 1.000, Utrecht 500, Groningen 300, Zeeland 200; totaal 2.000.
Randstad (NH, ZH, UT) vooraf: 1.500 / 2.000 = 0,75.
"""

import pytest

from caseflow.domain.impact import (
    Impact,
    Move,
    ProvinceImpact,
    cumulative,
    impact,
    moves_for_case,
    share_bin,
)

RANDSTAD = frozenset({"Noord-Holland", "Zuid-Holland", "Utrecht"})
FIGURES = {"Zuid-Holland": 1000.0, "Utrecht": 500.0, "Groningen": 300.0, "Zeeland": 200.0}


def row(result: Impact, province: str) -> ProvinceImpact:
    return next(p for p in result.provinces if p.province == province)


# --- moves_for_case ---------------------------------------------------------------------


def test_relocation_moves_whole_service_and_growth_lands_in_new_province() -> None:
    moves = moves_for_case("omvangswijziging", 1200, 140, "Zuid-Holland", "Drenthe")
    assert moves == [Move("Zuid-Holland", "Drenthe", 1200), Move(None, "Drenthe", 140)]


def test_relocation_with_shrinkage_shrinks_before_moving() -> None:
    moves = moves_for_case("omvangswijziging", 400, -100, "Zuid-Holland", "Groningen")
    assert moves == [Move("Zuid-Holland", "Groningen", 300), Move("Zuid-Holland", None, 100)]


def test_pure_relocation_and_relocation_without_current_size() -> None:
    assert moves_for_case("omvangswijziging", 250, 0, "Utrecht", "Zeeland") == [
        Move("Utrecht", "Zeeland", 250)
    ]
    assert moves_for_case("omvangswijziging", None, 140, "Utrecht", "Zeeland") == [
        Move(None, "Zeeland", 140)
    ]
    assert moves_for_case("omvangswijziging", None, None, "Utrecht", "Zeeland") == []


@pytest.mark.parametrize(
    ("change", "proposed", "expected"),
    [
        (150, None, [Move(None, "Utrecht", 150)]),
        (150, "Utrecht", [Move(None, "Utrecht", 150)]),
        (150, " ", [Move(None, "Utrecht", 150)]),
        (-150, None, [Move("Utrecht", None, 150)]),
        (None, None, []),
        (0, None, []),
    ],
)
def test_size_change_without_relocation_lands_in_current_province(
    change: int | None, proposed: str | None, expected: list[Move]
) -> None:
    assert moves_for_case("omvangswijziging", 500, change, "Utrecht", proposed) == expected


def test_other_case_types() -> None:
    assert moves_for_case("nieuwe_dienst", None, 200, None, "Groningen") == [
        Move(None, "Groningen", 200)
    ]
    assert moves_for_case("nieuwe_dienst", None, 200, "Utrecht", None) == []
    assert moves_for_case("nieuwe_dienst", None, None, None, "Groningen") == []
    assert moves_for_case("masterplan", None, 80, None, "Limburg") == [Move(None, "Limburg", 80)]
    assert moves_for_case("masterplan", None, 80, None, None) == []
    assert moves_for_case("masterplan", None, None, None, "Limburg") == []
    assert moves_for_case("zbo_gesprek", 300, 120, "Utrecht", "Drenthe") == []


def test_move_validation() -> None:
    with pytest.raises(ValueError, match="negatief"):
        Move("Utrecht", None, -1)
    with pytest.raises(ValueError, match="herkomst"):
        Move(None, None, 10)


# --- impact --------------------------------------------------------------------------------


def test_relocation_impact() -> None:
    # ZH 1.000 -> 600; GR 300 -> 300 + 400 + 100 = 800; totaal 2.000 + 100 = 2.100.
    moves = moves_for_case("omvangswijziging", 400, 100, "Zuid-Holland", "Groningen")
    result = impact(FIGURES, moves, RANDSTAD)
    assert [p.province for p in result.provinces] == ["Groningen", "Zuid-Holland"]
    assert result.total_before == 2000
    assert result.total_after == 2100
    zh, gr = row(result, "Zuid-Holland"), row(result, "Groningen")
    assert (zh.before_fte, zh.after_fte) == (1000, 600)
    assert zh.before_share == pytest.approx(0.5)
    assert zh.after_share == pytest.approx(0.2857, abs=1e-4)  # 600 / 2.100
    assert (gr.before_fte, gr.after_fte) == (300, 800)
    assert gr.before_share == pytest.approx(0.15)
    assert gr.after_share == pytest.approx(0.3810, abs=1e-4)  # 800 / 2.100
    assert result.randstad_before == pytest.approx(0.75)
    assert result.randstad_after == pytest.approx(0.5238, abs=1e-4)  # 1.100 / 2.100
    assert result.notes == ()
    assert gr.has_figures and zh.has_figures


def test_province_without_figures_counts_as_zero_with_note() -> None:
    result = impact(FIGURES, [Move(None, "Flevoland", 100)], RANDSTAD)
    fl = row(result, "Flevoland")
    assert not fl.has_figures
    assert (fl.before_fte, fl.after_fte, fl.before_share) == (0, 100, 0)
    assert fl.after_share == pytest.approx(0.0476, abs=1e-4)  # 100 / 2.100
    assert result.randstad_after == pytest.approx(0.7143, abs=1e-4)  # 1.500 / 2.100
    assert result.notes == ("Voor Flevoland zijn geen cijfers bekend; gerekend met 0 fte.",)


def test_move_within_one_province_changes_nothing() -> None:
    result = impact(FIGURES, [Move("Utrecht", "Utrecht", 50)], RANDSTAD)
    ut = row(result, "Utrecht")
    assert (ut.before_fte, ut.after_fte) == (500, 500)
    assert ut.before_share == ut.after_share == pytest.approx(0.25)
    assert result.total_after == result.total_before == 2000
    assert result.randstad_after == pytest.approx(0.75)
    assert result.notes == (
        "Verplaatsing van 50 fte binnen Utrecht verandert de verdeling over de provincies niet.",
    )


def test_shrinkage_to_exactly_zero() -> None:
    result = impact(FIGURES, [Move("Zeeland", None, 200)], RANDSTAD)
    ze = row(result, "Zeeland")
    assert (ze.after_fte, ze.after_share) == (0, 0)
    assert result.total_after == 1800
    assert result.randstad_after == pytest.approx(0.8333, abs=1e-4)  # 1.500 / 1.800
    assert result.notes == ()


def test_shrinkage_beyond_zero_is_clamped_with_note() -> None:
    result = impact(FIGURES, [Move("Zeeland", None, 300)], RANDSTAD)
    assert row(result, "Zeeland").after_fte == 0
    assert result.total_after == 1800
    assert result.notes == (
        "Krimp van 300 fte is groter dan de 200 fte in Zeeland; afgekapt op 0.",
    )


def test_clamp_note_uses_dutch_number_format() -> None:
    result = impact(FIGURES, [Move("Zeeland", None, 1250.5)], RANDSTAD)
    assert result.notes == (
        "Krimp van 1.250,5 fte is groter dan de 200 fte in Zeeland; afgekapt op 0.",
    )


def test_cumulative_over_several_cases() -> None:
    # GR +100 (nieuw), ZH −200 (krimp), UT -> ZE 100 (verplaatsing):
    # ZH 800, UT 400, GR 400, ZE 300; totaal 1.900; Randstad 1.200 / 1.900.
    cases = [
        moves_for_case("nieuwe_dienst", None, 100, None, "Groningen"),
        moves_for_case("omvangswijziging", 1000, -200, "Zuid-Holland", None),
        moves_for_case("omvangswijziging", 100, 0, "Utrecht", "Zeeland"),
        moves_for_case("zbo_gesprek", 300, 120, "Utrecht", "Drenthe"),
    ]
    result = cumulative(FIGURES, cases, RANDSTAD)
    after = {p.province: p.after_fte for p in result.provinces}
    assert after == {"Groningen": 400, "Utrecht": 400, "Zeeland": 300, "Zuid-Holland": 800}
    assert result.total_after == 1900
    assert result.randstad_after == pytest.approx(0.6316, abs=1e-4)
    assert row(result, "Groningen").after_share == pytest.approx(0.2105, abs=1e-4)
    assert row(result, "Zeeland").after_share == pytest.approx(0.1579, abs=1e-4)
    assert cumulative(FIGURES, list(reversed(cases)), RANDSTAD) == result


def test_cumulative_nets_before_clamping() -> None:
    # Zeeland: 200 − 300 + 150 = 50, whatever the order of the cases: no clamp, no note.
    cases = [[Move("Zeeland", None, 300)], [Move(None, "Zeeland", 150)]]
    result = cumulative(FIGURES, cases, RANDSTAD)
    assert row(result, "Zeeland").after_fte == 50
    assert result.notes == ()


def test_empty_figures_give_zero_shares() -> None:
    result = impact({}, [], RANDSTAD)
    assert result == Impact((), 0.0, 0.0, 0.0, 0.0, ())


# --- share_bin ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "label"),
    [
        (0.0, "< 5%"),
        (0.0499, "< 5%"),
        (0.05, "5–10%"),
        (3 / 60, "5–10%"),
        (0.15 - 0.1, "5–10%"),  # 0,04999… door rekenruis: toch 5%
        (0.0999, "5–10%"),
        (0.10, "10–15%"),
        (0.1499, "10–15%"),
        (0.15, "15–20%"),
        (0.20, "15–20%"),
        (0.2001, "> 20%"),
        (1.0, "> 20%"),
    ],
)
def test_share_bin_boundaries(share: float, label: str) -> None:
    assert share_bin(share) == label


def test_share_bin_rejects_negative() -> None:
    with pytest.raises(ValueError, match="negatief"):
        share_bin(-0.01)


def test_relocation_from_province_without_figures_keeps_full_arrival() -> None:
    # The case's own fte are more recent than the yearly table: the destination receives
    # all 1.200 fte; the origin (unknown, counted as 0) is clamped, with both notes.
    result = impact(FIGURES, [Move("Flevoland", "Groningen", 1200)], RANDSTAD)
    assert row(result, "Groningen").after_fte == 1500
    assert row(result, "Flevoland").after_fte == 0
    assert result.total_after == 3200
    assert result.notes == (
        "Voor Flevoland zijn geen cijfers bekend; gerekend met 0 fte.",
        "Krimp van 1.200 fte is groter dan de 0 fte in Flevoland; afgekapt op 0.",
    )
