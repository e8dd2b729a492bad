"""Tabelgestuurde tests voor de spreidingstoets; verwachte uitkomsten met de hand berekend."""

from dataclasses import replace

import pytest

from caseflow.domain.spreading import (
    Severity,
    SpreadingCheck,
    SpreadingInput,
    SpreadingSettings,
    check_spreading,
    is_randstad,
)

A, L, N = Severity.AFWIJKING, Severity.LET_OP, Severity.INFO  # N: notitie (info)

BASE = SpreadingInput(
    case_type="omvangswijziging",
    fte_current=500,
    fte_change=120,
    current_province="Utrecht",
    proposed_province=None,
    organisation_kind="agentschap",
    limited_by_primary_process=False,
    motivation="",
)
WITH_FLEVOLAND = SpreadingSettings(
    randstad_provinces=frozenset({"Noord-Holland", "Zuid-Holland", "Utrecht", "Flevoland"})
)
NEW = {"case_type": "nieuwe_dienst", "fte_current": None, "current_province": None}
MOVE_GR_UT = {"current_province": "Groningen", "proposed_province": "Utrecht"}


def run(changes: dict[str, object], settings: SpreadingSettings | None = None) -> SpreadingCheck:
    inp = replace(BASE, **changes)  # type: ignore[arg-type]
    return check_spreading(inp) if settings is None else check_spreading(inp, settings)


def codes(check: SpreadingCheck) -> list[tuple[str, Severity]]:
    return [(f.code, f.severity) for f in check.findings]


def text_of(check: SpreadingCheck, code: str) -> str:
    return next(f.explanation for f in check.findings if f.code == code)


GROWTH_IN = [("groei_in_randstad", A), ("geen_motivering", A), ("boven_drempel", N)]
CONFORM = [("boven_drempel", N), ("richting_conform", N)]
SMALL_MOVE = [("drempel", L), ("provinciegrens_50", L), ("richting_conform", N)]

CASES: list[tuple[str, dict[str, object], list[tuple[str, Severity]]]] = [
    ("groei_randstad", {}, GROWTH_IN),
    ("groei_buiten", {"current_province": "Groningen"}, CONFORM),
    ("krimp_randstad", {"fte_change": -150, "current_province": "Zuid-Holland"}, CONFORM),
    (
        "krimp_buiten",
        {"fte_change": -150, "current_province": "Fryslân"},
        [("krimp_buiten_randstad", A), ("geen_motivering", A), ("boven_drempel", N)],
    ),
    (
        "nieuw_zuid_holland",
        {**NEW, "fte_change": 200, "proposed_province": "Zuid-Holland"},
        GROWTH_IN,
    ),
    ("nieuw_groningen", {**NEW, "fte_change": 200, "proposed_province": "Groningen"}, CONFORM),
    (
        "verplaatsing_gr_ut",
        {**MOVE_GR_UT, "fte_change": 60},
        [
            ("groei_in_randstad", A),
            ("geen_motivering", A),
            ("drempel", L),
            ("provinciegrens_50", L),
        ],
    ),
    (
        "verplaatsing_gr_ut_met_krimp",
        {**MOVE_GR_UT, "fte_change": -60},
        [
            ("groei_in_randstad", A),
            ("geen_motivering", A),
            ("drempel", L),
            ("provinciegrens_50", L),
        ],
    ),
    (
        "masterplan_verplaatsing_hele_dienst",
        {**MOVE_GR_UT, "case_type": "masterplan", "fte_current": 60, "fte_change": None},
        [*GROWTH_IN[:2], ("provinciegrens_50", L), ("geen_drempel", N)],
    ),
    (
        "verplaatsing_binnen_provincie",
        {"current_province": "Gelderland", "proposed_province": "Gelderland", "fte_change": 60},
        [("drempel", L), ("richting_conform", N)],
    ),
    ("drempel_100", {"current_province": "Groningen", "fte_change": 100}, CONFORM),
    (
        "drempel_99",
        {"current_province": "Groningen", "fte_change": 99},
        [("drempel", L), ("richting_conform", N)],
    ),
    (
        "grens_50",
        {
            "current_province": "Utrecht",
            "proposed_province": "Groningen",
            "fte_current": 50,
            "fte_change": 0,
        },
        SMALL_MOVE,
    ),
    (
        "grens_49",
        {
            "current_province": "Utrecht",
            "proposed_province": "Groningen",
            "fte_current": 49,
            "fte_change": 0,
        },
        [("drempel", L), ("richting_conform", N)],
    ),
    (
        "uitgezonderde_sector",
        {"current_province": "Groningen", "limited_by_primary_process": True},
        [("uitgezonderde_sector", L), *CONFORM],
    ),
    (
        "zbo_organisatie",
        {"current_province": "Groningen", "organisation_kind": "zbo"},
        [("zbo", L), *CONFORM],
    ),
    (
        "zbo_gesprek",
        {"case_type": "zbo_gesprek", "organisation_kind": "zbo", "fte_change": -30},
        [("geen_drempel", N), ("richting_conform", N), ("zbo", N)],
    ),
    (
        "alles_ontbreekt",
        {"fte_current": None, "fte_change": None, "current_province": None},
        [("onvolledig", N)],
    ),
    (
        "nieuw_zonder_provincie",
        {**NEW, "fte_change": 120},
        [("boven_drempel", N), ("onvolledig", N)],
    ),
    (
        "verplaatsing_zonder_fte",
        {**MOVE_GR_UT, "case_type": "masterplan", "fte_current": None, "fte_change": None},
        [("groei_in_randstad", A), ("geen_motivering", A), ("geen_drempel", N), ("onvolledig", N)],
    ),
    (
        "lege_provincienamen",
        {"current_province": "  ", "proposed_province": ""},
        [("boven_drempel", N), ("onvolledig", N)],
    ),
    ("motivering_aanwezig", {"motivation": "Nabij de Utrechtse klantenbasis."}, GROWTH_IN[::2]),
    ("motivering_alleen_spaties", {"motivation": "   "}, GROWTH_IN),
    ("flevoland_standaard", {"current_province": "Flevoland"}, CONFORM),
]


@pytest.mark.parametrize(("changes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_findings(changes: dict[str, object], expected: list[tuple[str, Severity]]) -> None:
    assert codes(run(changes)) == expected


@pytest.mark.parametrize(
    ("changes", "code", "fragments"),
    [
        ({}, "groei_in_randstad", ["120 fte", "Utrecht (Randstad)"]),
        ({"current_province": "Groningen"}, "richting_conform", ["120 fte", "Groningen"]),
        (
            {"fte_change": -150, "current_province": "Fryslân"},
            "krimp_buiten_randstad",
            ["150 fte", "Fryslân"],
        ),
        (
            {**NEW, "fte_change": 200, "proposed_province": "Zuid-Holland"},
            "groei_in_randstad",
            ["Nieuwe dienst van 200 fte"],
        ),
        # A relocation moves the whole service (500 fte), not only the change.
        (
            {**MOVE_GR_UT, "fte_change": 60},
            "groei_in_randstad",
            ["500 fte", "Groningen", "Utrecht"],
        ),
        (
            {**MOVE_GR_UT, "fte_change": 60},
            "provinciegrens_50",
            ["500 fte", "50 fte", "31 490 nr. 261"],
        ),
        ({"fte_change": 99}, "drempel", ["99 fte", "100 fte"]),
        ({"fte_change": 100}, "boven_drempel", ["100 fte"]),
        ({"fte_change": 1200}, "boven_drempel", ["1.200 fte"]),
        ({}, "geen_motivering", ["1 afwijking"]),
        (
            {"fte_current": None, "fte_change": None, "current_province": None},
            "onvolledig",
            ["fte", "provincie"],
        ),
        ({"limited_by_primary_process": True}, "uitgezonderde_sector", ["Douane", "IND"]),
    ],
)
def test_explanations_mention_numbers(
    changes: dict[str, object], code: str, fragments: list[str]
) -> None:
    text = text_of(run(changes), code)
    for fragment in fragments:
        assert fragment in text


@pytest.mark.parametrize(
    ("changes", "needs_motivation", "report_flag", "below_threshold"),
    [
        ({}, True, False, False),
        ({"motivation": "Toegelicht."}, True, False, False),
        ({"current_province": "Groningen", "fte_change": 99}, False, False, True),
        ({**MOVE_GR_UT, "fte_change": 60}, True, True, True),
        (
            {"current_province": "Utrecht", "proposed_province": "Groningen", "fte_change": 50},
            False,
            True,
            True,
        ),
        (
            {
                "current_province": "Utrecht",
                "proposed_province": "Groningen",
                "fte_current": 49,
                "fte_change": 0,
            },
            False,
            False,
            True,
        ),
        (
            {"current_province": "Gelderland", "proposed_province": "Gelderland", "fte_change": 60},
            False,
            False,
            True,
        ),
    ],
)
def test_flags(
    changes: dict[str, object], needs_motivation: bool, report_flag: bool, below_threshold: bool
) -> None:
    check = run(changes)
    assert check.needs_motivation is needs_motivation
    assert check.report_flag is report_flag
    assert check.below_threshold is below_threshold
    assert all(f.severity is A for f in check.deviations)


@pytest.mark.parametrize(
    ("settings", "changes", "expected"),
    [
        (WITH_FLEVOLAND, {"current_province": "Flevoland"}, GROWTH_IN),
        (WITH_FLEVOLAND, {"fte_change": -150, "current_province": "Flevoland"}, CONFORM),
        (
            WITH_FLEVOLAND,
            {"current_province": "Gelderland", "proposed_province": "Flevoland", "fte_change": 0},
            [
                ("groei_in_randstad", A),
                ("geen_motivering", A),
                ("drempel", L),
                ("provinciegrens_50", L),
            ],
        ),
        (
            SpreadingSettings(threshold_fte=150),
            {"current_province": "Groningen"},
            [("drempel", L), ("richting_conform", N)],
        ),
        (
            SpreadingSettings(report_border_move_fte=100),
            {
                "current_province": "Utrecht",
                "proposed_province": "Groningen",
                "fte_current": 40,
                "fte_change": 60,
            },
            [("drempel", L), ("richting_conform", N)],
        ),
    ],
)
def test_custom_settings(
    settings: SpreadingSettings, changes: dict[str, object], expected: list[tuple[str, Severity]]
) -> None:
    assert codes(run(changes, settings)) == expected


@pytest.mark.parametrize(
    ("province", "settings", "expected"),
    [
        ("Utrecht", SpreadingSettings(), True),
        ("Noord-Holland", SpreadingSettings(), True),
        ("Zuid-Holland", SpreadingSettings(), True),
        ("Groningen", SpreadingSettings(), False),
        ("Flevoland", SpreadingSettings(), False),
        ("Flevoland", WITH_FLEVOLAND, True),
        (None, SpreadingSettings(), False),
    ],
)
def test_is_randstad(province: str | None, settings: SpreadingSettings, expected: bool) -> None:
    assert is_randstad(province, settings) is expected


@pytest.mark.parametrize(
    ("changes", "_expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_order_deviations_then_let_op_then_info(
    changes: dict[str, object], _expected: list[tuple[str, Severity]]
) -> None:
    rank = {A: 0, L: 1, N: 2}
    ranks = [rank[f.severity] for f in run(changes).findings]
    assert ranks == sorted(ranks)
