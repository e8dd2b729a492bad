"""Regional labour-market indicators: the import rejects bad rows with their line and a Dutch
reason and writes nothing, re-imports replace, only BZK imports, and the indications feed
the matching of a case and its case page."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from openpyxl import Workbook
from sqlalchemy import func, select

from caseflow.domain.errors import NotAllowed, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.models import LabourMarketIndicator, User
from caseflow.services.insight import labour_market, regions, spreading_check
from tests.factories import case_in_state, province_id

Users = dict[str, User]
HEADER = "provincie;regio;indicator;waarde;peildatum;bron\n"
GOOD = (
    HEADER
    + "Overijssel;;spanning;1,2;2026-01-01;UWV spanningsindicator 2026\n"
    + "Overijssel;Regio Zwolle;werkloosheid;3,4;2026-01-01;CBS\n"
    + "Groningen;;spanning;0.6;2026-01-01;\n"
)


@pytest.fixture(autouse=True)
def _imports(app: Flask, tmp_path: Path) -> None:
    app.config["FIGURE_IMPORTS_PATH"] = str(tmp_path / "imports")


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(LabourMarketIndicator)) or 0


def _import(user: User, body: str, name: str = "arbeidsmarkt.csv") -> int:
    token = labour_market.store_upload(user, name, body.encode())
    return labour_market.import_indicators(user, token)


def test_import_stores_rows_with_source_and_default_source(users: Users) -> None:
    assert _import(users["adviseur"], GOOD) == 3
    stored = {
        (i.province.name, i.region, i.code): i
        for i in db.session.scalars(select(LabourMarketIndicator))
    }
    overijssel = stored[("Overijssel", "", "spanning")]
    assert overijssel.value == 1.2 and overijssel.source == "UWV spanningsindicator 2026"
    assert stored[("Overijssel", "Regio Zwolle", "werkloosheid")].value == 3.4
    assert stored[("Groningen", "", "spanning")].source.startswith("import ")
    assert labour_market.tightness() == {"Overijssel": "beperkt", "Groningen": "voldoende"}


def test_reimport_replaces_the_same_key(users: Users) -> None:
    _import(users["adviseur"], GOOD)
    _import(users["coordinator"], HEADER + "overijssel;;Spanning;1,7;2026-01-01;UWV herzien\n")
    assert _count() == 3
    assert labour_market.tightness()["Overijssel"] == "onvoldoende"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Atlantis;;spanning;1;2026-01-01;x", "Onbekende provincie: 'Atlantis'."),
        ("Utrecht;;geluk;1;2026-01-01;x", "Onbekende indicator: 'geluk'"),
        ("Utrecht;;spanning;veel;2026-01-01;x", "De waarde is geen getal: 'veel'."),
        ("Utrecht;;spanning;nan;2026-01-01;x", "De waarde is geen getal: 'nan'."),
        ("Utrecht;;spanning;-1;2026-01-01;x", "De waarde mag niet negatief zijn."),
        ("Utrecht;;werkloosheid;101;2026-01-01;x", "De waarde is te groot voor Werkloosheid"),
        ("Utrecht;;spanning;1;1-1-2026;x", "Ongeldige peildatum: '1-1-2026'"),
        ("Utrecht;;spanning;1;2200-01-01;x", "Ongeldige peildatum: '2200-01-01'"),
        ("Overijssel;;spanning;1;2026-01-01;x", "Dubbele regel: staat ook op regel 2."),
    ],
)
def test_bad_rows_are_rejected_with_line_and_nothing_is_written(
    users: Users, row: str, message: str
) -> None:
    body = HEADER + "Overijssel;;spanning;1,2;2026-01-01;x\n" + row + "\n"
    parsed = labour_market.parse_upload("a.csv", body.encode())
    assert not parsed.ok
    assert [line for line, _ in parsed.errors] == [3]
    assert message in parsed.errors[0][1], parsed.errors
    with pytest.raises(ValidationFailed):
        _import(users["adviseur"], body)
    assert _count() == 0


def test_file_level_errors() -> None:
    missing = labour_market.parse_upload("a.csv", b"provincie;waarde\nUtrecht;1\n").errors
    assert missing[0][0] == 0 and missing[0][1].startswith(
        "Kolommen ontbreken: indicator, peildatum."
    )
    assert labour_market.parse_upload("a.csv", b"").errors == [(0, "Het bestand is leeg.")]
    assert labour_market.parse_upload("a.csv", HEADER.encode()).errors == [
        (0, "Het bestand bevat geen indicatoren.")
    ]
    with pytest.raises(ValidationFailed):
        labour_market.parse_upload("a.pdf", b"%PDF")


def test_xlsx_import(users: Users) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Provincie", "Indicator", "Waarde", "Peildatum", "Bron"])
    sheet.append(["Fryslân", "studenten", 21000, "2025-10-01", "DUO"])
    buffer = io.BytesIO()
    book.save(buffer)
    token = labour_market.store_upload(users["adviseur"], "t.xlsx", buffer.getvalue())
    assert labour_market.import_indicators(users["adviseur"], token) == 1
    [group] = labour_market.per_province()
    assert group.province == "Fryslân" and group.tightness == ""
    assert [(line.label, line.value, line.peildatum, line.source) for line in group.lines] == [
        ("Studenten hbo en wo", 21000.0, date(2025, 10, 1), "DUO")
    ]


def test_only_bzk_imports_and_a_stale_token_is_gone(users: Users) -> None:
    for role in ("ministerie", "secretariaat", "beheerder"):
        with pytest.raises(NotAllowed):
            labour_market.store_upload(users[role], "x.csv", GOOD.encode())
    token = labour_market.store_upload(users["adviseur"], "x.csv", GOOD.encode())
    with pytest.raises(NotAllowed):
        labour_market.import_indicators(users["ministerie"], token)
    with pytest.raises(NotFound):
        labour_market.import_indicators(users["adviseur"], "../../etc/passwd")
    labour_market.import_indicators(users["adviseur"], token)
    with pytest.raises(NotFound):  # used once
        labour_market.import_indicators(users["adviseur"], token)


def test_per_province_orders_newest_first_and_filters_by_province(users: Users) -> None:
    _import(users["adviseur"], GOOD + "Overijssel;;spanning;0,9;2025-01-01;UWV 2025\n")
    groups = labour_market.per_province()
    assert [g.province for g in groups] == ["Groningen", "Overijssel"]
    overijssel = groups[1]
    assert overijssel.tightness == "beperkt"  # the 2026 value (1,2), not 2025 (0,9)
    assert [(x.peildatum.year, x.region, x.code) for x in overijssel.lines] == [
        (2026, "", "spanning"),
        (2026, "Regio Zwolle", "werkloosheid"),
        (2025, "", "spanning"),
    ]
    assert labour_market.per_province([province_id("Groningen")])[0].province == "Groningen"
    assert labour_market.per_province([province_id("Zeeland")]) == []


def test_measures_of_a_case_follow_the_letter(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    assert spreading_check.measures_of(case) == ()
    case.labour_market_hybrid = True
    case.labour_market_students = True
    case.labour_market_other_measure = " samenwerking met Windesheim "
    assert spreading_check.measures_of(case) == (
        "in eerste instantie hybride werken",
        "werven onder studenten in de regio",
        "samenwerking met Windesheim",
    )


def test_matching_and_the_advice_prefill_carry_the_flags(users: Users) -> None:
    zwolle = regions.create_profile(
        users["adviseur"],
        regions.ProfileData("Regio Zwolle", ["Overijssel"], [], ["logistiek"], [], []),
    )
    regions.create_profile(
        users["adviseur"], regions.ProfileData("Groningen", ["Groningen"], [], ["energie"], [], [])
    )
    _import(users["adviseur"], GOOD)  # Overijssel 1,2: beperkt; Groningen 0,6: voldoende
    case = case_in_state(users, "omvangswijziging", "ingediend")
    case.proposed_province_id = province_id("Overijssel")
    case.labour_market_scan = "onvoldoende"
    db.session.commit()
    flags = {m.name: m.flags for m in regions.matches_for_case(users["adviseur"], case)}
    assert flags["Groningen"] == ()
    assert flags["Regio Zwolle"] == (
        "Arbeidsmarkt beperkt in Overijssel volgens de spanningsindicator "
        "(vacatures per werkloze).",
        "De arbeidsmarktscan van deze zaak voor Overijssel is 'onvoldoende'.",
    )
    text = regions.advice_prefill(users["adviseur"], case, zwolle.id)["tekst"]
    assert text.endswith("De arbeidsmarktscan van deze zaak voor Overijssel is 'onvoldoende'.")


def test_demo_indicators_are_illustrative_and_idempotent(app: Flask) -> None:
    assert labour_market.load_demo_indicators() == 12
    assert labour_market.load_demo_indicators() == 0
    groups = labour_market.per_province()
    assert len(groups) == 12
    assert {line.source for g in groups for line in g.lines} == {labour_market.ILLUSTRATIVE_SOURCE}
    indicated = labour_market.tightness()
    # 0,8 / 1,1 / 1,6 against the thresholds 1,0 and 1,5.
    assert (indicated["Groningen"], indicated["Overijssel"], indicated["Noord-Brabant"]) == (
        "voldoende",
        "beperkt",
        "onvoldoende",
    )
