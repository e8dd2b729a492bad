"""Rijkswerkgelegenheid per province, sector and peildatum (issue "Spreading insight", item 3).

- :func:`load_known_figures` loads the official figures shipped in ``caseflow/data``
  (national totals and the few known province rows, with their sources); idempotent.
- :func:`generate_demo_figures` adds *illustrative* figures for every province and sector
  for the peildata of the national totals, generated deterministically so that the sector
  rows of all provinces add up to the official national total. Official rows are never
  overwritten; where a province has an official "Totaal", its missing sectors share the
  remainder. Every generated row has ``illustrative=True`` and source
  :data:`ILLUSTRATIVE_SOURCE`; :func:`remove_illustrative_figures` removes them all at once.
- Import (CSV with ``;`` or ``,``, UTF-8 with or without BOM, or XLSX) in two steps:
  :func:`parse_upload` validates and previews; :func:`import_figures` re-validates and
  replaces the figures for the same (province, sector, peildatum) in one transaction.
  Nothing is imported when any row is wrong. The file is read within the ``IMPORT_*``
  limits by :mod:`caseflow.domain.tabular` (streaming, capped before parsing it whole);
  an fte must be a finite number from 0 up to ``FIGURE_MAX_FTE`` and no more than the
  national total of its peildatum, so no figure can upset the insight pages.
"""

from __future__ import annotations

import math
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, select

from caseflow.domain.clock import local_today
from caseflow.domain.errors import NotFound, ValidationFailed
from caseflow.domain.figure_completeness import Completeness, completeness
from caseflow.domain.impact import usable_fte
from caseflow.domain.tabular import read_table
from caseflow.extensions import db
from caseflow.models import Province, User
from caseflow.models.region import EmploymentFigure, FigureBatch, NationalFigure, ReplacedFigure
from caseflow.services import permissions
from caseflow.services.file_limits import import_limits
from caseflow.services.insight import figure_status
from caseflow.services.insight.figure_batches import NewFigure, store_batch
from caseflow.services.reference.loader import rows
from caseflow.services.unit_of_work import transaction

SECTORS: tuple[str, ...] = (
    "Ministeries",
    "Nationale Politie",
    "Rechtspraak",
    "DJI",
    "Defensie",
    "zbo's",
)
TOTAL = "Totaal"
ILLUSTRATIVE_SOURCE = "illustratief (gegenereerd)"
PROVINCE_ALIASES = {"friesland": "Fryslân"}
COLUMNS = ("provincie", "sector", "peildatum", "fte")
# Peildata outside this range are typing errors (the series starts in 2006).
FIRST_PEILDATUM, LAST_PEILDATUM = date(1990, 1, 1), date(2100, 12, 31)
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

# Rough shares used only to generate illustrative figures (not official).
_PROVINCE_WEIGHTS = {
    "Groningen": 5,
    "Fryslân": 3,
    "Drenthe": 3,
    "Overijssel": 5,
    "Flevoland": 3,
    "Gelderland": 9,
    "Utrecht": 11,
    "Noord-Holland": 13,
    "Zuid-Holland": 28,
    "Zeeland": 2,
    "Noord-Brabant": 10,
    "Limburg": 5,
}
_SECTOR_WEIGHTS = {
    "Ministeries": 40,
    "Nationale Politie": 18,
    "Rechtspraak": 4,
    "DJI": 5,
    "Defensie": 15,
    "zbo's": 18,
}


# --- official and illustrative figures ---------------------------------------------------


def _provinces_by_name() -> dict[str, Province]:
    return {p.name: p for p in db.session.scalars(select(Province))}


def _put(province_id: int, sector: str, day: date, fte: float, source: str, demo: bool) -> None:
    found = db.session.scalars(
        select(EmploymentFigure).filter_by(province_id=province_id, sector=sector, peildatum=day)
    ).first()
    if found is None:
        found = EmploymentFigure(province_id=province_id, sector=sector, peildatum=day)
        db.session.add(found)
    # Reloaded from the shipped sources: no longer an import's figure, so no withdrawal
    # of that import removes it.
    found.fte, found.source, found.illustrative, found.batch_id = fte, source, demo, None


def load_known_figures() -> int:
    """The official national totals and known province rows; loading twice changes nothing."""
    provinces = _provinces_by_name()
    with transaction():
        for row in rows("employment_national.csv"):
            day = date.fromisoformat(row["peildatum"])
            national = db.session.scalars(
                select(NationalFigure).where(NationalFigure.peildatum == day)
            ).first()
            if national is None:
                national = NationalFigure(peildatum=day)
                db.session.add(national)
            national.total_fte = float(row["total_fte"])
            national.note, national.source = row["note"], row["source"]
        known = rows("employment_province_known.csv")
        for row in known:
            province = provinces[row["province"]]
            day = date.fromisoformat(row["peildatum"])
            _put(province.id, row["sector"], day, float(row["fte"]), row["source"], False)
    return len(known)


def _split(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Integers proportional to ``weights`` that add up to ``total`` exactly."""
    if not weights or total <= 0:
        return dict.fromkeys(weights, 0)
    whole = sum(weights.values())
    parts = {k: total * w // whole for k, w in weights.items()}
    rest = total - sum(parts.values())
    for key in sorted(weights, key=lambda k: (-weights[k], k))[:rest]:
        parts[key] += 1
    return parts


def _plan(day: date, national: int, official: dict[tuple[str, str], float]) -> dict[str, int]:
    """Province totals for one peildatum: official "Totaal" rows fixed, the rest shared."""
    fixed: dict[str, int] = {}
    for name in _PROVINCE_WEIGHTS:
        total = official.get((name, TOTAL))
        sectors = [official.get((name, s)) for s in SECTORS]
        if total is not None:
            fixed[name] = int(total)
        elif all(v is not None for v in sectors):
            fixed[name] = int(sum(v for v in sectors if v is not None))
    free = {k: w for k, w in _PROVINCE_WEIGHTS.items() if k not in fixed}
    return fixed | _split(national - sum(fixed.values()), free)


def generate_demo_figures() -> int:
    """Illustrative figures for all provinces and sectors; deterministic and idempotent."""
    provinces = _provinces_by_name()
    made = 0
    with transaction():
        for national in db.session.scalars(
            select(NationalFigure).order_by(NationalFigure.peildatum)
        ):
            day = national.peildatum
            official = {
                (f.province.name, f.sector): f.fte
                for f in db.session.scalars(
                    select(EmploymentFigure).where(
                        EmploymentFigure.peildatum == day,
                        EmploymentFigure.illustrative.is_(False),
                    )
                )
            }
            for name, province_total in _plan(day, int(national.total_fte), official).items():
                known = {s: official[(name, s)] for s in SECTORS if (name, s) in official}
                missing = {s: w for s, w in _SECTOR_WEIGHTS.items() if s not in known}
                remainder = max(province_total - int(sum(known.values())), 0)
                for sector, fte in _split(remainder, missing).items():
                    _put(provinces[name].id, sector, day, float(fte), ILLUSTRATIVE_SOURCE, True)
                    made += 1
    return made


def remove_illustrative_figures() -> int:
    """Remove every generated figure; official and imported rows stay."""
    with transaction():
        result = db.session.execute(
            delete(EmploymentFigure).where(EmploymentFigure.illustrative.is_(True))
        )
        # Withdrawing an import must not bring removed demo figures back.
        db.session.execute(delete(ReplacedFigure).where(ReplacedFigure.illustrative.is_(True)))
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class PeildatumFigures:
    peildatum: date
    national: NationalFigure | None
    figures: list[EmploymentFigure]
    completeness: Completeness
    reference: bool  # the peildatum every computation uses

    @property
    def illustrative_count(self) -> int:
        return sum(1 for f in self.figures if f.illustrative)


def figures_per_peildatum() -> list[PeildatumFigures]:
    """All figures grouped per peildatum (newest first), by province and sector."""
    national = {n.peildatum: n for n in db.session.scalars(select(NationalFigure))}
    grouped: dict[date, list[EmploymentFigure]] = defaultdict(list)
    query = select(EmploymentFigure).join(Province).order_by(Province.cbs_code)
    for figure in db.session.scalars(query):
        if usable_fte(figure.fte, _max_fte()):  # a stored nan or infinity is not shown
            grouped[figure.peildatum].append(figure)
    order = {s: i for i, s in enumerate((*SECTORS, TOTAL))}
    days = sorted(set(grouped) | set(national), reverse=True)
    names = figure_status.province_names()
    found = figure_status.statuses(
        ((f.province.name, f.sector, f.peildatum) for g in grouped.values() for f in g), names
    )
    reference = figure_status.reference_peildatum(found)
    return [
        PeildatumFigures(
            day,
            national.get(day),
            sorted(grouped[day], key=lambda f: (f.province.cbs_code, order.get(f.sector, 99))),
            found[day].completeness if day in found else completeness([], names),
            day == reference,
        )
        for day in days
    ]


# --- import ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    line: int
    province: str
    sector: str
    peildatum: date
    fte: float
    source: str


@dataclass
class ParsedImport:
    """Parsed upload: valid rows, and per-row (line, message) errors plus file errors."""

    rows: list[FigureRow] = field(default_factory=list)
    raw: list[tuple[int, list[str]]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def errors_on(self, line: int) -> list[str]:
        return [message for at, message in self.errors if at == line]


def may_import(user: User) -> bool:
    return permissions.can(user, "figures.import")


def _require_import(user: User) -> None:
    permissions.require(user, "figures.import")


def _table(filename: str, data: bytes) -> list[list[str]]:
    return read_table(filename, data, import_limits())


def _province(text: str, provinces: dict[str, str]) -> str | None:
    key = text.strip().casefold()
    return PROVINCE_ALIASES.get(key) or provinces.get(key)


def _number(text: str) -> float | None:
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def parse_upload(filename: str, data: bytes) -> ParsedImport:
    """Parse and validate an upload; never touches the database's figures."""
    table = [r for r in _table(filename, data) if any(c for c in r)]
    result = ParsedImport()
    if not table:
        result.errors.append((0, "Het bestand is leeg."))
        return result
    header = [c.strip().casefold() for c in table[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        result.errors.append(
            (
                0,
                f"Kolommen ontbreken: {', '.join(missing)}. "
                "Verwacht: provincie;sector;peildatum;fte[;bron].",
            )
        )
        return result
    index = {name: header.index(name) for name in (*COLUMNS, "bron") if name in header}
    provinces = {p.name.casefold(): p.name for p in db.session.scalars(select(Province))}
    sectors = {s.casefold(): s for s in (*SECTORS, TOTAL)}
    checks = _Checks(provinces, sectors, _national_totals(), _max_fte())
    seen: dict[tuple[str, str, date], int] = {}
    for line, values in enumerate(table[1:], start=2):
        get = {k: (values[i] if i < len(values) else "") for k, i in index.items()}
        result.raw.append((line, [get.get(k, "") for k in (*COLUMNS, "bron")]))
        row = _row(line, get, checks, result.errors)
        if row is None:
            continue
        key = (row.province, row.sector, row.peildatum)
        if key in seen:
            result.errors.append(
                (
                    line,
                    f"Dubbele regel: {row.province}, {row.sector}, {row.peildatum:%d-%m-%Y} "
                    f"staat ook op regel {seen[key]}.",
                )
            )
            continue
        seen[key] = line
        result.rows.append(row)
    _check_totals(result)
    if not result.rows and not result.errors:
        result.errors.append((0, "Het bestand bevat geen cijfers."))
    return result


@dataclass(frozen=True)
class _Checks:
    """What a row is checked against: known names, national totals, the largest fte."""

    provinces: dict[str, str]
    sectors: dict[str, str]
    national: dict[date, float]
    max_fte: float


def _national_totals() -> dict[date, float]:
    return {
        n.peildatum: n.total_fte
        for n in db.session.scalars(select(NationalFigure))
        if math.isfinite(n.total_fte) and n.total_fte > 0
    }


def _max_fte() -> float:
    return float(current_app.config["FIGURE_MAX_FTE"])


def _row(
    line: int, get: dict[str, str], checks: _Checks, errors: list[tuple[int, str]]
) -> FigureRow | None:
    before = len(errors)
    provinces, sectors = checks.provinces, checks.sectors
    province = _province(get["provincie"], provinces)
    if province is None:
        errors.append((line, f"Onbekende provincie: '{get['provincie']}'."))
    sector = sectors.get(get["sector"].strip().casefold())
    if not get["sector"].strip():
        errors.append((line, "Sector ontbreekt."))
    elif sector is None:
        errors.append((line, f"Onbekende sector: '{get['sector']}'."))
    day = _peildatum(line, get["peildatum"], errors)
    fte = _fte(line, get["fte"], day, checks, errors)
    if len(errors) > before or province is None or sector is None or day is None or fte is None:
        return None
    return FigureRow(line, province, sector, day, fte, get.get("bron", "").strip()[:300])


def _peildatum(line: int, text: str, errors: list[tuple[int, str]]) -> date | None:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        errors.append((line, f"Ongeldige peildatum: '{text}' (gebruik JJJJ-MM-DD)."))
        return None
    if not FIRST_PEILDATUM <= day <= LAST_PEILDATUM:
        errors.append(
            (
                line,
                f"Ongeldige peildatum: '{text}' (tussen {FIRST_PEILDATUM.year} en "
                f"{LAST_PEILDATUM.year}).",
            )
        )
        return None
    return day


def _fte(
    line: int, text: str, day: date | None, checks: _Checks, errors: list[tuple[int, str]]
) -> float | None:
    """A finite, non-negative fte no larger than the nation can have; else a row error."""
    fte = _number(text)
    if fte is None:
        errors.append((line, f"Fte is geen getal: '{text}'."))
    elif not math.isfinite(fte):
        errors.append((line, f"Fte is geen geldig getal: '{text}'."))
    elif fte < 0:
        errors.append((line, "Fte mag niet negatief zijn."))
    elif fte > checks.max_fte:
        errors.append(
            (line, f"Fte is onwaarschijnlijk groot: {fte:g} (maximaal {checks.max_fte:g}).")
        )
    elif day is not None and fte > checks.national.get(day, math.inf):
        errors.append(
            (
                line,
                f"Fte is groter dan het landelijk totaal op {day:%d-%m-%Y} "
                f"({checks.national[day]:g} fte).",
            )
        )
    else:
        return fte
    return None


def _check_totals(result: ParsedImport) -> None:
    sums: dict[tuple[str, date], float] = defaultdict(float)
    for row in result.rows:
        if row.sector != TOTAL:
            sums[(row.province, row.peildatum)] += row.fte
    for row in result.rows:
        # A "Totaal" alone is a province total without a sector breakdown (as sources give).
        if row.sector == TOTAL and (row.province, row.peildatum) in sums:
            counted = sums[(row.province, row.peildatum)]
            if abs(counted - row.fte) > 0.5:
                result.errors.append(
                    (
                        row.line,
                        f"De totalen tellen niet op: Totaal {row.fte:g} fte, maar de "
                        f"sectoren van {row.province} op {row.peildatum:%d-%m-%Y} tellen op tot "
                        f"{counted:g} fte.",
                    )
                )


def _imports_folder() -> Path:
    configured = current_app.config.get("FIGURE_IMPORTS_PATH") or ""
    folder = Path(configured) if configured else Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_upload(user: User, filename: str, data: bytes) -> str:
    """Keep the uploaded bytes for the confirm step; returns the random token."""
    _require_import(user)
    token = secrets.token_urlsafe(24)
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    (_imports_folder() / f"{token}{suffix}").write_bytes(data)
    # The name the user gave the file, for the batch record (the stored name is random).
    (_imports_folder() / f"{token}.name").write_text(filename[:255], encoding="utf-8")
    return token


def _stored(token: str) -> Path:
    if not TOKEN_PATTERN.match(token or ""):
        raise NotFound("Deze import bestaat niet (meer). Upload het bestand opnieuw.")
    for suffix in (".csv", ".xlsx"):
        path = _imports_folder() / f"{token}{suffix}"
        if path.is_file():
            return path
    raise NotFound("Deze import bestaat niet (meer). Upload het bestand opnieuw.")


def parse_stored(user: User, token: str) -> ParsedImport:
    _require_import(user)
    path = _stored(token)
    return parse_upload(path.name, path.read_bytes())


def _original_name(path: Path) -> str:
    name = path.with_suffix(".name")
    return name.read_text(encoding="utf-8") if name.is_file() else path.name


def _batch_source(parsed: ParsedImport, default: str) -> str:
    named = sorted({row.source for row in parsed.rows if row.source})
    return "; ".join(named)[:300] if named else default


def import_figures(user: User, token: str) -> FigureBatch:
    """Re-validate the stored upload and write its figures as one batch, in one transaction
    (figures for the same province, sector and peildatum are replaced and kept for undo)."""
    _require_import(user)
    path = _stored(token)
    data = path.read_bytes()
    parsed = parse_upload(path.name, data)
    if not parsed.ok:
        raise ValidationFailed("Het bestand bevat fouten; er is niets geïmporteerd.")
    provinces = _provinces_by_name()
    default_source = f"import {local_today():%d-%m-%Y}"
    new = [
        NewFigure(
            provinces[row.province].id,
            row.sector,
            row.peildatum,
            row.fte,
            row.source or default_source,
        )
        for row in parsed.rows
    ]
    with transaction():
        batch = store_batch(
            user, _original_name(path), data, _batch_source(parsed, default_source), new
        )
    path.unlink(missing_ok=True)
    path.with_suffix(".name").unlink(missing_ok=True)
    return batch


# --- completeness of what an import would leave ------------------------------------------


@dataclass(frozen=True)
class ImportOutlook:
    """Per peildatum in the file: what would still be missing after the import (empty when
    complete), and the reference peildatum the computations would then use."""

    incomplete: list[tuple[date, str]]
    reference: date | None


def import_outlook(parsed: ParsedImport) -> ImportOutlook:
    """The state after importing ``parsed``: the stored (usable) figures with its rows."""
    names = {p.id: p.name for p in db.session.scalars(select(Province))}
    keys = {
        (names[f.province_id], f.sector, f.peildatum)
        for f in db.session.scalars(select(EmploymentFigure))
        if usable_fte(f.fte, _max_fte())
    }
    keys |= {(r.province, r.sector, r.peildatum) for r in parsed.rows}
    found = figure_status.statuses(keys)
    days = sorted({r.peildatum for r in parsed.rows}, reverse=True)
    return ImportOutlook(
        incomplete=[(d, found[d].completeness.summary()) for d in days if not found[d].complete],
        reference=figure_status.reference_peildatum(found),
    )
