"""Employment figures: official load, illustrative generation and removal, and the import
(each bad-row kind rejected with its Dutch message, nothing written)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from openpyxl import Workbook
from sqlalchemy import func, select

from caseflow.domain.errors import NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.models import User
from caseflow.models.region import EmploymentFigure, NationalFigure
from caseflow.services.insight import figures

Users = dict[str, User]
HEADER = "provincie;sector;peildatum;fte;bron\n"


@pytest.fixture(autouse=True)
def _imports(app: Flask, tmp_path: Path) -> None:
    app.config["FIGURE_IMPORTS_PATH"] = str(tmp_path / "imports")


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(EmploymentFigure)) or 0


def _csv(body: str, bom: bool = False) -> bytes:
    return ("\ufeff" if bom else "").encode() + (HEADER + body).encode("utf-8")


def test_known_figures_load_idempotently(app: Flask) -> None:
    assert figures.load_known_figures() == 8
    figures.load_known_figures()
    assert _count() == 8
    assert db.session.scalar(select(func.count()).select_from(NationalFigure)) == 3
    drenthe = db.session.scalars(
        select(EmploymentFigure).where(EmploymentFigure.sector == "Totaal")
    ).one()
    assert (drenthe.fte, drenthe.illustrative) == (7944, False)
    assert drenthe.source == "regionale pers (RTV Drenthe)"


def test_demo_figures_add_up_to_national_and_can_be_removed(app: Flask) -> None:
    figures.load_known_figures()
    made = figures.generate_demo_figures()
    assert made > 0
    assert figures.generate_demo_figures() == made  # deterministic, idempotent
    for national in db.session.scalars(select(NationalFigure)):
        total = db.session.scalar(
            select(func.sum(EmploymentFigure.fte)).where(
                EmploymentFigure.peildatum == national.peildatum,
                EmploymentFigure.sector != "Totaal",
            )
        )
        assert total == national.total_fte
        provinces = db.session.scalar(
            select(func.count(func.distinct(EmploymentFigure.province_id))).where(
                EmploymentFigure.peildatum == national.peildatum
            )
        )
        assert provinces == 12
    # Drenthe 2022: official Totaal kept; its sectors add up to it.
    drenthe = db.session.scalars(
        select(EmploymentFigure).where(
            EmploymentFigure.peildatum == date(2022, 1, 1),
            EmploymentFigure.province.has(name="Drenthe"),
        )
    ).all()
    assert sum(f.fte for f in drenthe if f.sector != "Totaal") == 7944
    assert all(f.illustrative == (f.source == figures.ILLUSTRATIVE_SOURCE) for f in drenthe)
    assert figures.remove_illustrative_figures() == made
    assert _count() == 8
    assert not db.session.scalars(
        select(EmploymentFigure).where(EmploymentFigure.illustrative.is_(True))
    ).first()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Atlantis;DJI;2024-01-01;10;x\n", "Onbekende provincie: 'Atlantis'."),
        ("Limburg;;2024-01-01;10;x\n", "Sector ontbreekt."),
        ("Limburg;Bakkers;2024-01-01;10;x\n", "Onbekende sector: 'Bakkers'."),
        ("Limburg;DJI;1-1-2024;10;x\n", "Ongeldige peildatum: '1-1-2024' (gebruik JJJJ-MM-DD)."),
        ("Limburg;DJI;2024-01-01;-5;x\n", "Fte mag niet negatief zijn."),
        ("Limburg;DJI;2024-01-01;veel;x\n", "Fte is geen getal: 'veel'."),
        (
            "Limburg;DJI;2024-01-01;10;x\nlimburg;dji;2024-01-01;11;x\n",
            "Dubbele regel: Limburg, DJI, 01-01-2024 staat ook op regel 3.",
        ),
        (
            "Limburg;DJI;2024-01-01;10;x\nLimburg;Defensie;2024-01-01;5;x\n"
            "Limburg;Totaal;2024-01-01;20;x\n",
            "De totalen tellen niet op",
        ),
    ],
)
def test_bad_rows_are_rejected_and_nothing_is_imported(
    users: Users, body: str, message: str
) -> None:
    good = "Groningen;Ministeries;2024-01-01;100;x\n"
    data = _csv(good + body)
    parsed = figures.parse_upload("cijfers.csv", data)
    assert not parsed.ok
    assert any(message in m for _, m in parsed.errors), parsed.errors
    token = figures.store_upload(users["adviseur"], "cijfers.csv", data)
    with pytest.raises(ValidationFailed):
        figures.import_figures(users["adviseur"], token)
    assert _count() == 0


def test_csv_import_with_bom_comma_and_friesland_replaces_figures(users: Users) -> None:
    figures.load_known_figures()
    data = (
        "\ufeffProvincie,Sector,Peildatum,FTE\n"
        'Friesland,DJI,2023-01-01,"1234,5"\n'
        "LIMBURG,dji,2023-01-01,900\n"
        "Limburg,Totaal,2023-01-01,900\n"
    ).encode()
    parsed = figures.parse_upload("x.csv", data)
    assert parsed.ok, parsed.errors
    token = figures.store_upload(users["coordinator"], "x.csv", data)
    assert figures.import_figures(users["coordinator"], token).row_count == 3
    limburg = db.session.scalars(
        select(EmploymentFigure).where(
            EmploymentFigure.sector == "DJI",
            EmploymentFigure.province.has(name="Limburg"),
        )
    ).one()
    assert limburg.fte == 900 and not limburg.illustrative
    assert limburg.source.startswith("import ")
    fryslan = db.session.scalars(
        select(EmploymentFigure).where(EmploymentFigure.province.has(name="Fryslân"))
    ).one()
    assert fryslan.fte == 1234.5


def test_xlsx_import(users: Users) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["provincie", "sector", "peildatum", "fte", "bron"])
    sheet.append(["Zeeland", "Rechtspraak", date(2024, 1, 1), 321, "Jaarrapportage 2024"])
    sheet.append(["Zeeland", "zbo's", "2024-01-01", 100.0, ""])
    buffer = io.BytesIO()
    book.save(buffer)
    token = figures.store_upload(users["adviseur"], "tabel.xlsx", buffer.getvalue())
    assert figures.parse_stored(users["adviseur"], token).ok
    assert figures.import_figures(users["adviseur"], token).row_count == 2
    rows = {f.sector: f for f in db.session.scalars(select(EmploymentFigure))}
    assert rows["Rechtspraak"].fte == 321
    assert rows["Rechtspraak"].source == "Jaarrapportage 2024"


def test_file_level_errors(users: Users) -> None:
    assert (
        figures.parse_upload("x.csv", b"a;b\n1;2\n").errors[0][1].startswith("Kolommen ontbreken")
    )
    assert figures.parse_upload("x.csv", b"").errors == [(0, "Het bestand is leeg.")]
    with pytest.raises(ValidationFailed):
        figures.parse_upload("x.pdf", b"%PDF")
    with pytest.raises(ValidationFailed):
        figures.parse_upload("x.xlsx", b"not a workbook")


def test_only_bzk_may_import(users: Users) -> None:
    for role in ("ministerie", "secretariaat", "beheerder"):
        with pytest.raises(NotAllowed):
            figures.store_upload(users[role], "x.csv", _csv(""))


def test_cli_commands_and_seed(app: Flask) -> None:
    runner = app.test_cli_runner()
    loaded = runner.invoke(args=["caseflow", "load-figures"])
    assert loaded.exit_code == 0 and "geladen: 8." in loaded.output
    made = runner.invoke(args=["caseflow", "demo-figures"])
    assert made.exit_code == 0, made.output
    generated = _count() - 8
    assert generated > 0
    removed = runner.invoke(args=["caseflow", "remove-illustrative-figures"])
    assert f"verwijderd: {generated}." in removed.output
    assert _count() == 8
    seeded = runner.invoke(args=["caseflow", "seed"])
    assert seeded.exit_code == 0, seeded.output
    assert "Demo-ontwikkelprofielen aangemaakt: 4." in seeded.output
    assert _count() == 8 + generated
    again = runner.invoke(args=["caseflow", "seed"])
    assert "Demo-ontwikkelprofielen aangemaakt: 0." in again.output
    assert _count() == 8 + generated


def test_the_demo_years_are_complete_and_the_known_rows_alone_are_not(app: Flask) -> None:
    figures.load_known_figures()
    known = figures.figures_per_peildatum()
    # Limburg's six sectors in 2023 and Drenthe's total and Defensie in 2022 cover 1 or 2 of
    # the twelve provinces; 2024 has only its national total.
    assert [g.completeness.complete for g in known] == [False, False, False]
    assert not any(g.reference for g in known)
    assert len(known[1].completeness.missing_provinces) == 11  # 2023: all but Limburg
    figures.generate_demo_figures()
    demo = figures.figures_per_peildatum()
    assert [g.peildatum.year for g in demo] == [2024, 2023, 2022]
    assert all(g.completeness.complete for g in demo)
    assert [g.reference for g in demo] == [True, False, False]
