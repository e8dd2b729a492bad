"""Tests voor het effect van zaken op de provinciale verdeling; verwachtingen met de hand.

Basisset (fte): Zuid-Holland 1.000, Utrecht 500, Groningen 300, Zeeland 200; totaal 2.000.
Randstad (NH, ZH, UT) vooraf: 1.500 / 2.000 = 0,75.
"""

import pytest

from caseflow.domain.impact import (
    ChangeFacts,
    Impact,
    Move,
    Outcome,
    ProvinceImpact,
    compare,
    cumulative,
    default_kind,
    impact,
    kind_problems,
    moves_for,
    moves_for_case,
    share_bin,
)

RANDSTAD = frozenset({"Noord-Holland", "Zuid-Holland", "Utrecht"})
FIGURES = {"Zuid-Holland": 1000.0, "Utrecht": 500.0, "Groningen": 300.0, "Zeeland": 200.0}


def row(result: Impact, province: str) -> ProvinceImpact:
    return next(p for p in result.provinces if p.province == province)


# --- moves_for_case ---------------------------------------------------------------------


def test_relocation_of_whole_service_with_growth_lands_growth_in_new_province() -> None:
    moves = moves_for_case(
        "omvangswijziging", 1200, 140, "Zuid-Holland", "Drenthe", "verplaatsing_geheel"
    )
    assert moves == [Move("Zuid-Holland", "Drenthe", 1200), Move(None, "Drenthe", 140)]


def test_relocation_of_whole_service_with_shrinkage_shrinks_before_moving() -> None:
    moves = moves_for_case(
        "omvangswijziging", 400, -100, "Zuid-Holland", "Groningen", "verplaatsing_geheel"
    )
    assert moves == [Move("Zuid-Holland", None, 100), Move("Zuid-Holland", "Groningen", 300)]


def test_pure_relocation_and_relocation_without_current_size() -> None:
    # Without a stated kind, another province and no change is the whole service moving.
    assert moves_for_case("omvangswijziging", 250, 0, "Utrecht", "Zeeland") == [
        Move("Utrecht", "Zeeland", 250)
    ]
    whole = "verplaatsing_geheel"
    assert moves_for_case("omvangswijziging", None, 140, "Utrecht", "Zeeland", whole) == [
        Move(None, "Zeeland", 140)
    ]
    assert moves_for_case("omvangswijziging", None, None, "Utrecht", "Zeeland", whole) == []


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
    moves = moves_for_case(
        "omvangswijziging", 400, 100, "Zuid-Holland", "Groningen", "verplaatsing_geheel"
    )
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


# --- kinds of change, by hand ----------------------------------------------------------------
# Base set again: ZH 1.000, UT 500, GR 300, ZE 200; total 2.000; Randstad 1.500 / 2.000.


def test_finding_growth_of_160_in_utrecht_leaves_den_haag_unchanged() -> None:
    # "Groei van 160 fte in Utrecht; de 420 in Den Haag blijven": UT 500 -> 660, ZH not
    # touched. Total 2.160; UT 660 / 2.160; Randstad (1.000 + 660) / 2.160 = 1.660 / 2.160.
    facts = ChangeFacts("groei", 420, 160, "Zuid-Holland", "Utrecht")
    assert moves_for(facts) == [Move(None, "Utrecht", 160)]
    result = impact(FIGURES, moves_for(facts), RANDSTAD)
    assert [p.province for p in result.provinces] == ["Utrecht"]
    ut = row(result, "Utrecht")
    assert (ut.before_fte, ut.after_fte) == (500, 660)
    assert ut.after_share == pytest.approx(0.30556, abs=1e-5)
    assert result.total_after == 2160
    assert result.randstad_after == pytest.approx(0.76852, abs=1e-5)


def test_finding_decision_growth_in_zwolle_books_160_in_overijssel_only() -> None:
    # Ministerraad: "groei in Zwolle, Den Haag blijft": Overijssel (no figures) 0 -> 160;
    # ZH keeps its 1.000. Randstad 1.500 / 2.160.
    facts = ChangeFacts("groei", 420, 160, "Zuid-Holland", "Utrecht")
    assert moves_for(facts, "Overijssel") == [Move(None, "Overijssel", 160)]
    result = impact(FIGURES, moves_for(facts, "Overijssel"), RANDSTAD)
    assert [p.province for p in result.provinces] == ["Overijssel"]
    assert row(result, "Overijssel").after_fte == 160
    assert result.total_after == 2160
    assert result.randstad_after == pytest.approx(0.69444, abs=1e-5)


def test_shrinkage_at_the_current_location_and_at_the_advised_one() -> None:
    # Ministry: −100 in Groningen (GR 300 -> 200), total 1.900, Randstad 1.500 / 1.900.
    # BZK advises the shrinkage in Zuid-Holland: ZH 1.000 -> 900, Randstad 1.400 / 1.900.
    facts = ChangeFacts("krimp", 300, -100, "Groningen")
    assert moves_for(facts) == [Move("Groningen", None, 100)]
    assert moves_for(facts, "Zuid-Holland") == [Move("Zuid-Holland", None, 100)]
    proposal = impact(FIGURES, moves_for(facts), RANDSTAD)
    advice = impact(FIGURES, moves_for(facts, "Zuid-Holland"), RANDSTAD)
    assert row(proposal, "Groningen").after_fte == 200
    assert proposal.randstad_after == pytest.approx(0.78947, abs=1e-5)
    assert row(advice, "Zuid-Holland").after_fte == 900
    assert advice.randstad_after == pytest.approx(0.73684, abs=1e-5)
    assert proposal.total_after == advice.total_after == 1900


def test_new_establishment_lands_at_the_proposed_location_only() -> None:
    # ZE 200 -> 300; total 2.100; ZE 300 / 2.100; Randstad 1.500 / 2.100.
    facts = ChangeFacts("nieuwe_vestiging", None, 100, "Zuid-Holland", "Zeeland")
    result = impact(FIGURES, moves_for(facts), RANDSTAD)
    assert [p.province for p in result.provinces] == ["Zeeland"]
    assert row(result, "Zeeland").after_share == pytest.approx(0.14286, abs=1e-5)
    assert result.randstad_after == pytest.approx(0.71429, abs=1e-5)
    assert moves_for(ChangeFacts("nieuwe_vestiging", None, 100, "Zuid-Holland")) == []


@pytest.mark.parametrize(
    ("change", "moves", "after", "randstad"),
    [
        # 250 of ZH's service move to GR: ZH 750, GR 550; total 2.000; 1.250 / 2.000.
        (
            0,
            [Move("Zuid-Holland", "Groningen", 250)],
            {"Zuid-Holland": 750, "Groningen": 550},
            0.625,
        ),
        # ... and 50 new fte arrive with them: GR 600; total 2.050; 1.250 / 2.050.
        (
            50,
            [Move("Zuid-Holland", "Groningen", 250), Move(None, "Groningen", 50)],
            {"Zuid-Holland": 750, "Groningen": 600},
            0.60976,
        ),
        # ... or 50 go in ZH besides the move: ZH 700, GR 550; total 1.950; 1.200 / 1.950.
        (
            -50,
            [Move("Zuid-Holland", None, 50), Move("Zuid-Holland", "Groningen", 250)],
            {"Zuid-Holland": 700, "Groningen": 550},
            0.61538,
        ),
    ],
)
def test_relocation_of_part(
    change: int, moves: list[Move], after: dict[str, int], randstad: float
) -> None:
    facts = ChangeFacts("verplaatsing_deel", 1000, change, "Zuid-Holland", "Groningen", 250)
    assert moves_for(facts) == moves
    result = impact(FIGURES, moves, RANDSTAD)
    assert {p.province: p.after_fte for p in result.provinces} == after
    assert result.randstad_after == pytest.approx(randstad, abs=1e-5)


def test_relocation_advised_to_stay_in_the_same_province_changes_nothing() -> None:
    facts = ChangeFacts("verplaatsing_deel", 1000, 0, "Zuid-Holland", "Groningen", 250)
    result = impact(FIGURES, moves_for(facts, "Zuid-Holland"), RANDSTAD)
    assert row(result, "Zuid-Holland").after_fte == 1000
    assert result.randstad_after == pytest.approx(0.75)


def test_growth_split_over_two_provinces() -> None:
    # 160 growth: 100 in Utrecht, 60 in Groningen. UT 600, GR 360; total 2.160;
    # UT 600 / 2.160, GR 360 / 2.160; Randstad (1.000 + 600) / 2.160 = 1.600 / 2.160.
    facts = ChangeFacts("groei", 420, 160, "Zuid-Holland", "Utrecht", None, "Groningen", 60)
    assert moves_for(facts) == [Move(None, "Utrecht", 100), Move(None, "Groningen", 60)]
    result = impact(FIGURES, moves_for(facts), RANDSTAD)
    assert row(result, "Utrecht").after_share == pytest.approx(0.27778, abs=1e-5)
    assert row(result, "Groningen").after_share == pytest.approx(0.16667, abs=1e-5)
    assert result.randstad_after == pytest.approx(0.74074, abs=1e-5)
    # An advised location takes the whole change: ZE 200 -> 360, Randstad 1.500 / 2.160.
    assert moves_for(facts, "Zeeland") == [Move(None, "Zeeland", 160)]


def test_relocation_and_shrinkage_split_over_two_provinces() -> None:
    # 300 of ZH move: 200 to GR, 100 to ZE. ZH 700, GR 500, ZE 300; Randstad 1.200 / 2.000.
    facts = ChangeFacts(
        "verplaatsing_deel", 1000, 0, "Zuid-Holland", "Groningen", 300, "Zeeland", 100
    )
    assert moves_for(facts) == [
        Move("Zuid-Holland", "Groningen", 200),
        Move("Zuid-Holland", "Zeeland", 100),
    ]
    moved = impact(FIGURES, moves_for(facts), RANDSTAD)
    assert {p.province: p.after_fte for p in moved.provinces} == {
        "Groningen": 500,
        "Zeeland": 300,
        "Zuid-Holland": 700,
    }
    assert moved.randstad_after == pytest.approx(0.6)
    # −150: 100 in ZH, 50 in UT. ZH 900, UT 450; total 1.850; Randstad 1.350 / 1.850.
    shrink = ChangeFacts("krimp", 1000, -150, "Zuid-Holland", None, None, "Utrecht", 50)
    assert moves_for(shrink) == [Move("Zuid-Holland", None, 100), Move("Utrecht", None, 50)]
    assert impact(FIGURES, moves_for(shrink), RANDSTAD).randstad_after == pytest.approx(
        0.72973, abs=1e-5
    )


def test_proposal_advice_and_decision_side_by_side() -> None:
    # Growth 160: ministry Utrecht, BZK Groningen, no decision yet. Total 2.160 in both.
    facts = ChangeFacts("groei", 420, 160, "Zuid-Holland", "Utrecht")
    result = compare(FIGURES, [moves_for(facts), moves_for(facts, "Groningen"), None], RANDSTAD)
    assert [p.province for p in result.provinces] == ["Groningen", "Utrecht"]
    gr, ut = result.provinces
    assert gr.before == Outcome(300, 0.15)
    # Groningen untouched by the proposal keeps 300 fte, its share follows the new total.
    assert gr.after[0] == Outcome(300, pytest.approx(300 / 2160))
    assert gr.after[1] == Outcome(460, pytest.approx(460 / 2160))
    assert ut.after[0] == Outcome(660, pytest.approx(660 / 2160))
    assert ut.after[1] == Outcome(500, pytest.approx(500 / 2160))
    assert gr.after[2] is None and ut.after[2] is None
    assert result.randstad_before == pytest.approx(0.75)
    assert result.randstad_after[0] == pytest.approx(1660 / 2160)
    assert result.randstad_after[1] == pytest.approx(1500 / 2160)
    assert result.randstad_after[2] is None
    assert result.total_after == (2160, 2160, None)


@pytest.mark.parametrize(
    ("case_type", "change", "current", "proposed", "kind"),
    [
        ("nieuwe_dienst", 120, None, "Limburg", "nieuwe_vestiging"),
        ("zbo_gesprek", None, None, None, ""),
        ("omvangswijziging", 150, "Utrecht", None, "groei"),
        ("omvangswijziging", -150, "Utrecht", "Utrecht", "krimp"),
        ("omvangswijziging", None, "Utrecht", None, "groei"),
        ("omvangswijziging", 160, "Zuid-Holland", "Utrecht", "groei"),
        ("omvangswijziging", -120, "Zuid-Holland", "Groningen", "verplaatsing_deel"),
        ("omvangswijziging", 0, "Zuid-Holland", "Groningen", "verplaatsing_geheel"),
        ("masterplan", 80, None, "Limburg", "groei"),
    ],
)
def test_default_kind_of_a_case_without_one(
    case_type: str, change: int | None, current: str | None, proposed: str | None, kind: str
) -> None:
    assert default_kind(case_type, change, current, proposed) == kind


@pytest.mark.parametrize(
    ("facts", "problems"),
    [
        (ChangeFacts("groei", 400, 150, "Utrecht"), set()),
        (ChangeFacts("groei", 400, -150, "Utrecht"), {"fte_change"}),
        (ChangeFacts("nieuwe_vestiging", None, -1, None, "Zeeland"), {"fte_change"}),
        (ChangeFacts("krimp", 400, 150, "Utrecht"), {"fte_change"}),
        (ChangeFacts("verplaatsing_deel", 400, 0, "Utrecht", "Zeeland", 500), {"fte_moved"}),
        # 160 growth: at most 160 can land at the second location.
        (ChangeFacts("groei", 400, 160, "Utrecht", None, None, "Zeeland", 160), set()),
        (ChangeFacts("groei", 400, 160, "Utrecht", None, None, "Zeeland", 161), {"second_fte"}),
        # Whole service of 400 less 100 shrinkage, plus nothing: 300 can land.
        (
            ChangeFacts(
                "verplaatsing_geheel", 400, -100, "Utrecht", "Zeeland", None, "Drenthe", 301
            ),
            {"second_fte"},
        ),
    ],
)
def test_fte_that_contradict_the_kind_are_named(facts: ChangeFacts, problems: set[str]) -> None:
    assert set(kind_problems(facts)) == problems
