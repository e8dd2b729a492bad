"""Regional labour-market indicators and the tightness they indicate (issue #12 item 5).

- Import (CSV with ``;`` or ``,``, or XLSX) in two steps like the employment figures
  (:mod:`caseflow.services.insight.figures`): :func:`parse_upload` reads the file within the
  ``IMPORT_*`` limits (:mod:`caseflow.domain.tabular`) and checks every row, naming its line
  and a Dutch reason; :func:`import_indicators` re-checks the stored upload and writes all
  rows in one transaction, or nothing. A row for the same province, region, indicator and
  peildatum replaces the one stored.
- :func:`per_province` is the screen listing the indicators per province with their sources;
  :func:`tightness` the indication per province that matching and the case page flag.

The demo (:func:`load_demo_indicators`) adds an illustrative spanningsindicator per province,
its source saying so. Not built yet: withdrawing an indicator import (the figures' batches are
not reused here), official reference indicators shipped with sources, and indicators on the
annual overview, the spreading dashboard or the province report.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from caseflow.domain.clock import local_today
from caseflow.domain.errors import NotFound, ValidationFailed
from caseflow.domain.labour_market import (
    BY_CODE,
    INDICATORS,
    Reading,
    province_tightness,
)
from caseflow.domain.tabular import read_table
from caseflow.extensions import db
from caseflow.models import LabourMarketIndicator, Province, User
from caseflow.services import permissions
from caseflow.services.file_limits import import_limits
from caseflow.services.insight.figures import (
    FIRST_PEILDATUM,
    LAST_PEILDATUM,
    PROVINCE_ALIASES,
    TOKEN_PATTERN,
)
from caseflow.services.unit_of_work import transaction

COLUMNS = ("provincie", "indicator", "waarde", "peildatum")
OPTIONAL = ("regio", "bron")
EXPECTED = "Verwacht: provincie;regio;indicator;waarde;peildatum;bron (regio en bron optioneel)."
GONE = "Deze import bestaat niet (meer). Upload het bestand opnieuw."
REGION_MAX = 120


@dataclass(frozen=True)
class IndicatorRow:
    line: int
    province: str
    region: str
    code: str
    value: float
    peildatum: date
    source: str


@dataclass
class ParsedIndicators:
    """The upload: valid rows, every row as read (for the preview) and (line, message) errors;
    line 0 is the file as a whole."""

    rows: list[IndicatorRow] = field(default_factory=list)
    raw: list[tuple[int, list[str]]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def errors_on(self, line: int) -> list[str]:
        return [message for at, message in self.errors if at == line]


def may_import(user: User) -> bool:
    return permissions.can(user, "labour_market.import")


# --- parsing ------------------------------------------------------------------------------


def _number(text: str) -> float | None:
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _header_errors(header: list[str]) -> list[tuple[int, str]]:
    missing = [c for c in COLUMNS if c not in header]
    return [(0, f"Kolommen ontbreken: {', '.join(missing)}. {EXPECTED}")] if missing else []


def parse_upload(filename: str, data: bytes) -> ParsedIndicators:
    """Read and check an upload; never touches the stored indicators."""
    table = read_table(filename, data, import_limits())
    result = ParsedIndicators()
    if not table:
        result.errors.append((0, "Het bestand is leeg."))
        return result
    header = [c.strip().casefold() for c in table[0]]
    result.errors += _header_errors(header)
    if result.errors:
        return result
    index = {name: header.index(name) for name in (*COLUMNS, *OPTIONAL) if name in header}
    provinces = {p.name.casefold(): p.name for p in db.session.scalars(select(Province))}
    seen: dict[tuple[str, str, str, date], int] = {}
    for line, values in enumerate(table[1:], start=2):
        get = {k: (values[i] if i < len(values) else "") for k, i in index.items()}
        result.raw.append(
            (line, [get.get(k, "") for k in ("provincie", "regio", *COLUMNS[1:], "bron")])
        )
        row = _row(line, get, provinces, result.errors)
        if row is None:
            continue
        key = (row.province, row.region.casefold(), row.code, row.peildatum)
        if key in seen:
            result.errors.append((line, f"Dubbele regel: staat ook op regel {seen[key]}."))
            continue
        seen[key] = line
        result.rows.append(row)
    if not result.rows and not result.errors:
        result.errors.append((0, "Het bestand bevat geen indicatoren."))
    return result


def _row(
    line: int, get: dict[str, str], provinces: dict[str, str], errors: list[tuple[int, str]]
) -> IndicatorRow | None:
    before = len(errors)
    key = get["provincie"].strip().casefold()
    province = PROVINCE_ALIASES.get(key) or provinces.get(key)
    if province is None:
        errors.append((line, f"Onbekende provincie: '{get['provincie']}'."))
    region = get.get("regio", "").strip()
    if len(region) > REGION_MAX:
        errors.append((line, f"De regio is langer dan {REGION_MAX} tekens."))
    code = get["indicator"].strip().casefold()
    if code not in BY_CODE:
        known = ", ".join(i.code for i in INDICATORS)
        errors.append((line, f"Onbekende indicator: '{get['indicator']}' (bekend: {known})."))
    day = _peildatum(line, get["peildatum"], errors)
    value = _value(line, get["waarde"], code, errors)
    if len(errors) > before or province is None or day is None or value is None:
        return None
    return IndicatorRow(line, province, region, code, value, day, get.get("bron", "").strip()[:300])


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


def _value(line: int, text: str, code: str, errors: list[tuple[int, str]]) -> float | None:
    """A finite, non-negative value no larger than the indicator allows; else a row error."""
    value = _number(text)
    indicator = BY_CODE.get(code)
    if value is None or not math.isfinite(value):
        errors.append((line, f"De waarde is geen getal: '{text}'."))
    elif value < 0:
        errors.append((line, "De waarde mag niet negatief zijn."))
    elif indicator is not None and value > indicator.maximum:
        errors.append(
            (line, f"De waarde is te groot voor {indicator.label}: maximaal {indicator.maximum:g}.")
        )
    else:
        return value
    return None


# --- the two-step import --------------------------------------------------------------------


def _folder() -> Path:
    configured = current_app.config.get("FIGURE_IMPORTS_PATH") or ""
    base = Path(configured) if configured else Path(current_app.instance_path) / "imports"
    folder = base / "arbeidsmarkt"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_upload(user: User, filename: str, data: bytes) -> str:
    """Keep the uploaded bytes for the confirm step; returns the random token."""
    permissions.require(user, "labour_market.import")
    token = secrets.token_urlsafe(24)
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    (_folder() / f"{token}{suffix}").write_bytes(data)
    return token


def _stored(token: str) -> Path:
    if not TOKEN_PATTERN.match(token or ""):
        raise NotFound(GONE)
    for suffix in (".csv", ".xlsx"):
        path = _folder() / f"{token}{suffix}"
        if path.is_file():
            return path
    raise NotFound(GONE)


def parse_stored(user: User, token: str) -> ParsedIndicators:
    permissions.require(user, "labour_market.import")
    path = _stored(token)
    return parse_upload(path.name, path.read_bytes())


def import_indicators(user: User, token: str) -> int:
    """Re-check the stored upload and write all its rows in one transaction; the number
    written. Nothing is written when any row is wrong."""
    permissions.require(user, "labour_market.import")
    path = _stored(token)
    parsed = parse_upload(path.name, path.read_bytes())
    if not parsed.ok:
        raise ValidationFailed("Het bestand bevat fouten; er is niets geïmporteerd.")
    provinces = {p.name: p.id for p in db.session.scalars(select(Province))}
    default_source = f"import {local_today():%d-%m-%Y}"
    with transaction():
        for row in parsed.rows:
            _put(user, provinces[row.province], row, row.source or default_source)
    path.unlink(missing_ok=True)
    return len(parsed.rows)


def _put(user: User, province_id: int, row: IndicatorRow, source: str) -> None:
    found = db.session.scalars(
        select(LabourMarketIndicator).filter_by(
            province_id=province_id, region=row.region, code=row.code, peildatum=row.peildatum
        )
    ).first()
    if found is None:
        found = LabourMarketIndicator(
            province_id=province_id, region=row.region, code=row.code, peildatum=row.peildatum
        )
        db.session.add(found)
    found.value, found.source, found.imported_by_id = row.value, source, user.id


# --- the demo ----------------------------------------------------------------------------------

ILLUSTRATIVE_SOURCE = "illustratief (demo, geen officieel cijfer)"
# Vacancies per unemployed person on 1 January 2026, made up for the demo so that the walk
# through matching shows both kinds of province; never shown without ILLUSTRATIVE_SOURCE.
DEMO_TENSION: dict[str, float] = {
    "Groningen": 0.8,
    "Fryslân": 0.9,
    "Drenthe": 0.9,
    "Overijssel": 1.1,
    "Flevoland": 0.9,
    "Gelderland": 1.1,
    "Utrecht": 1.4,
    "Noord-Holland": 1.3,
    "Zuid-Holland": 1.2,
    "Zeeland": 1.2,
    "Noord-Brabant": 1.6,
    "Limburg": 1.0,
}
DEMO_PEILDATUM = date(2026, 1, 1)


def load_demo_indicators() -> int:
    """Add the illustrative spanningsindicator per province where none is stored for the
    demo peildatum (idempotent); returns how many were added."""
    provinces = {p.name: p.id for p in db.session.scalars(select(Province))}
    added = 0
    with transaction():
        for name, value in DEMO_TENSION.items():
            if name in provinces and _demo_missing(provinces[name]):
                db.session.add(
                    LabourMarketIndicator(
                        province_id=provinces[name],
                        region="",
                        code="spanning",
                        value=value,
                        peildatum=DEMO_PEILDATUM,
                        source=ILLUSTRATIVE_SOURCE,
                    )
                )
                added += 1
    return added


def _demo_missing(province_id: int) -> bool:
    query = select(LabourMarketIndicator.id).filter_by(
        province_id=province_id, region="", code="spanning", peildatum=DEMO_PEILDATUM
    )
    return db.session.scalars(query).first() is None


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorLine:
    """One stored indicator as the screens show it."""

    region: str
    code: str
    label: str
    unit: str
    value: float
    peildatum: date
    source: str


@dataclass(frozen=True)
class ProvinceIndicators:
    """A province's indicators (newest peildatum first) and the tightness they indicate
    ("" without a spanningsindicator for the whole province)."""

    province: str
    tightness: str
    lines: tuple[IndicatorLine, ...]


def _readings(found: Iterable[LabourMarketIndicator]) -> list[Reading]:
    return [Reading(i.province.name, i.region, i.code, i.value, i.peildatum) for i in found]


def _stored_indicators(province_ids: Iterable[int] | None = None) -> list[LabourMarketIndicator]:
    query = select(LabourMarketIndicator)
    if province_ids is not None:
        query = query.where(LabourMarketIndicator.province_id.in_(list(province_ids)))
    return list(db.session.scalars(query))


def tightness() -> dict[str, str]:
    """The indication per province name from the newest province-wide spanningsindicator."""
    return province_tightness(_readings(_stored_indicators()))


def _line(indicator: LabourMarketIndicator) -> IndicatorLine:
    kind = BY_CODE.get(indicator.code)
    return IndicatorLine(
        region=indicator.region,
        code=indicator.code,
        label=kind.label if kind else indicator.code,
        unit=kind.unit if kind else "",
        value=indicator.value,
        peildatum=indicator.peildatum,
        source=indicator.source,
    )


def _order(indicator: LabourMarketIndicator) -> tuple[int, str, int, str]:
    codes = [i.code for i in INDICATORS]
    rank = codes.index(indicator.code) if indicator.code in codes else len(codes)
    return (-indicator.peildatum.toordinal(), indicator.region.casefold(), rank, indicator.code)


def per_province(province_ids: Iterable[int] | None = None) -> list[ProvinceIndicators]:
    """The stored indicators grouped per province (by name), with the tightness indicated."""
    found = _stored_indicators(province_ids)
    indicated = province_tightness(_readings(found))
    groups: dict[str, list[LabourMarketIndicator]] = {}
    for indicator in found:
        groups.setdefault(indicator.province.name, []).append(indicator)
    return [
        ProvinceIndicators(
            province=name,
            tightness=indicated.get(name, ""),
            lines=tuple(_line(i) for i in sorted(groups[name], key=_order)),
        )
        for name in sorted(groups, key=str.casefold)
    ]
