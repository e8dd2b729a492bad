"""Tests voor de matching van zaken met regionale ontwikkelprofielen; scores met de hand.

Gewichten: thema 1, sector 2, buiten de Randstad +1,5, geheel in de Randstad −1,5.
"""

from dataclasses import replace

from caseflow.domain.matching import CaseNeeds, Match, RegionProfile, rank_regions

RANDSTAD = frozenset({"Noord-Holland", "Zuid-Holland", "Utrecht"})
GRONINGEN_NOTE = "Krapte aan ICT-personeel; de Hanzehogeschool leidt jaarlijks 300 mensen op."

GRONINGEN = RegionProfile(
    id=1,
    name="Regio Groningen",
    provinces=frozenset({"Groningen"}),
    themes=frozenset({"digitalisering", "dienstverlening", "energie"}),
    sectors=frozenset({"ICT"}),
    core_qualities=("energietransitie", "kennisinstellingen"),
    labour_market_note=GRONINGEN_NOTE,
)
UTRECHT = RegionProfile(
    id=2,
    name="Regio Utrecht",
    provinces=frozenset({"Utrecht"}),
    themes=frozenset({"Digitalisering"}),
    sectors=frozenset({"ict", "onderwijs"}),
    core_qualities=("centrale ligging",),
)
TWENTE = RegionProfile(
    id=3,
    name="Regio Twente",
    provinces=frozenset({"Overijssel"}),
    themes=frozenset({"techniek"}),
    sectors=frozenset({"ICT"}),
    core_qualities=("hightech",),
)
FOODVALLEY = RegionProfile(
    id=4,
    name="Foodvalley",
    provinces=frozenset({"Gelderland", "Utrecht"}),
    themes=frozenset({"voedsel"}),
    sectors=frozenset(),
    core_qualities=("agrifood",),
)
PROFILES = [UTRECHT, FOODVALLEY, TWENTE, GRONINGEN]

GROWTH = CaseNeeds(
    case_type="omvangswijziging",
    direction="groei",
    themes=frozenset({"Digitalisering", "dienstverlening "}),
    sectors=frozenset({"ict"}),
    current_province="Zuid-Holland",
    labour_market_scan="",
)
OUTSIDE = (
    "Ligt buiten de Randstad: past bij het principe dat groei en nieuwe vestigingen buiten "
    "de Randstad plaatsvinden."
)
KRIMP = (
    "Bij krimp speelt de ligging geen rol in de matching: krimp vindt in beginsel plaats in "
    "de Randstad, bij de bestaande vestiging."
)


def by_name(matches: list[Match], name: str) -> Match:
    return next(m for m in matches if m.name == name)


def test_growth_case_ranking_and_scores() -> None:
    # Groningen 2 + 2 + 1,5; Twente 2 + 1,5; Utrecht 1 + 2 − 1,5; Foodvalley 0 (deels Randstad).
    matches = rank_regions(GROWTH, PROFILES, RANDSTAD)
    assert [(m.name, m.score) for m in matches] == [
        ("Regio Groningen", 5.5),
        ("Regio Twente", 3.5),
        ("Regio Utrecht", 1.5),
        ("Foodvalley", 0.0),
    ]
    assert [m.profile_id for m in matches] == [1, 3, 2, 4]


def test_growth_case_reasons() -> None:
    matches = rank_regions(GROWTH, PROFILES, RANDSTAD)
    assert by_name(matches, "Regio Groningen").reasons == (
        "Het profiel van Regio Groningen noemt de thema's dienstverlening en digitalisering, "
        "en de sector ICT, die aansluiten bij deze dienst.",
        OUTSIDE,
    )
    assert by_name(matches, "Regio Twente").reasons[0] == (
        "Het profiel van Regio Twente noemt de sector ICT, die aansluit bij deze dienst."
    )
    assert by_name(matches, "Regio Utrecht").reasons[1] == (
        "Ligt in de Randstad: bij groei is dat een afwijking die motivering vraagt."
    )
    assert by_name(matches, "Foodvalley").reasons == (
        "Het profiel van Foodvalley noemt geen thema's of sectoren van deze dienst.",
        "Ligt deels in de Randstad (Utrecht): kies bij groei bij voorkeur een vestiging "
        "buiten de Randstad.",
    )


def test_single_theme_sentence_and_new_service_wording() -> None:
    needs = replace(GROWTH, direction="nieuw", themes=frozenset({"energie"}), sectors=frozenset())
    matches = rank_regions(needs, [GRONINGEN, UTRECHT], RANDSTAD)
    assert matches[0].reasons[0] == (
        "Het profiel van Regio Groningen noemt het thema energie, dat aansluit bij deze dienst."
    )
    assert matches[1].reasons[1] == (
        "Ligt in de Randstad: bij een nieuwe dienst is dat een afwijking die motivering vraagt."
    )


def test_relocation_wording() -> None:
    needs = replace(GROWTH, direction="verplaatsing")
    matches = rank_regions(needs, [TWENTE], RANDSTAD)
    assert matches[0].reasons[1] == (
        "Ligt buiten de Randstad: past bij het principe dat hervestiging van bestaande "
        "diensten buiten de Randstad plaatsvindt."
    )


def test_krimp_case_has_no_location_preference() -> None:
    # Groningen 1, Utrecht 1 (gelijk: op naam), Foodvalley 0, Twente 0 (gelijk: op naam).
    needs = replace(
        GROWTH,
        direction="krimp",
        themes=frozenset({"digitalisering"}),
        sectors=frozenset(),
        current_province="Utrecht",
    )
    matches = rank_regions(needs, PROFILES, RANDSTAD)
    assert [(m.name, m.score) for m in matches] == [
        ("Regio Groningen", 1.0),
        ("Regio Utrecht", 1.0),
        ("Foodvalley", 0.0),
        ("Regio Twente", 0.0),
    ]
    assert all(m.reasons[1] == KRIMP for m in matches)
    continuity = (
        "Omvat de huidige vestigingsprovincie Utrecht: dat geeft continuïteit voor het "
        "personeel en de bestaande samenwerking in de regio."
    )
    assert by_name(matches, "Regio Utrecht").reasons[-1] == continuity
    assert by_name(matches, "Foodvalley").reasons[-1] == continuity
    assert continuity not in by_name(matches, "Regio Groningen").reasons


def test_labour_market_note_quoted_when_scan_is_weak() -> None:
    for scan in ("beperkt", "Onvoldoende "):
        matches = rank_regions(replace(GROWTH, labour_market_scan=scan), PROFILES, RANDSTAD)
        expected = (
            f"De arbeidsmarktscan is '{scan.strip().lower()}'; het profiel van Regio Groningen "
            f'zegt over de arbeidsmarkt: "{GRONINGEN_NOTE}"'
        )
        assert by_name(matches, "Regio Groningen").reasons[-1] == expected
        assert len(by_name(matches, "Regio Twente").reasons) == 2  # profiel zonder notitie
    for scan in ("", "voldoende", "niet_uitgevoerd"):
        matches = rank_regions(replace(GROWTH, labour_market_scan=scan), PROFILES, RANDSTAD)
        assert len(by_name(matches, "Regio Groningen").reasons) == 2


def test_ties_broken_by_name_case_insensitively() -> None:
    b = replace(TWENTE, id=10, name="Regio b")
    a = replace(TWENTE, id=11, name="regio A")
    matches = rank_regions(GROWTH, [b, a], RANDSTAD)
    assert [m.name for m in matches] == ["regio A", "Regio b"]
    assert matches[0].score == matches[1].score


def test_flevoland_setting_and_direction_without_preference() -> None:
    flevoland = replace(TWENTE, id=5, name="Regio Flevoland", provinces=frozenset({"Flevoland"}))
    with_flevoland = RANDSTAD | {"Flevoland"}
    assert rank_regions(GROWTH, [flevoland], RANDSTAD)[0].score == 3.5
    assert rank_regions(GROWTH, [flevoland], with_flevoland)[0].score == 0.5
    none = rank_regions(replace(GROWTH, direction="geen"), [flevoland], RANDSTAD)[0]
    assert none.score == 2.0
    assert none.reasons[1] == (
        "Zonder groei, nieuwe dienst of verplaatsing weegt de ligging niet mee."
    )


def test_profile_without_provinces() -> None:
    unknown = replace(TWENTE, provinces=frozenset())
    match = rank_regions(GROWTH, [unknown], RANDSTAD)[0]
    assert match.score == 2.0
    assert match.reasons[1] == (
        "De provincie van dit profiel is onbekend; de ligging weegt niet mee."
    )


def test_empty_profiles() -> None:
    assert rank_regions(GROWTH, [], RANDSTAD) == []


def test_the_proposed_province_weighs_as_one_theme() -> None:
    # Growth proposed in Overijssel: Twente 2 (ICT) + 1,5 (outside the Randstad) + 1 = 4,5;
    # Groningen stays 5,5 (what a region offers weighs more than where the ministry looks).
    needs = replace(GROWTH, proposed_province="Overijssel")
    matches = rank_regions(needs, PROFILES, RANDSTAD)
    assert [(m.name, m.score) for m in matches] == [
        ("Regio Groningen", 5.5),
        ("Regio Twente", 4.5),
        ("Regio Utrecht", 1.5),
        ("Foodvalley", 0.0),
    ]
    assert (
        by_name(matches, "Regio Twente").reasons[2] == "Omvat de voorgestelde provincie Overijssel."
    )
    assert len(by_name(matches, "Regio Groningen").reasons) == 2
    # Shrinkage has no location preference: the proposed province adds nothing.
    shrink = rank_regions(replace(needs, direction="krimp"), [TWENTE], RANDSTAD)[0]
    assert shrink.score == 2.0 and len(shrink.reasons) == 2
