"""Importing offices from CSV (``;`` or ``,``, UTF-8 with or without BOM) or XLSX, with the
machinery and safety of the employment-figures import: the file is read within the
``IMPORT_*`` limits by :mod:`caseflow.domain.tabular` (streaming, capped before it is parsed
whole); :func:`parse_upload` validates every row and previews (errors per row number, in
Dutch); :func:`import_offices` re-validates the stored upload and writes all rows in one
transaction, or nothing when any row is wrong.

A row updates the office with the same province, place and name, or adds one. Columns
(header names, any order, case-insensitive): ``plaats``, ``provincie``, ``bron`` (required);
``naam``, ``adres``, ``werkplekken``, ``bezet``, ``masterplan``, ``project``,
``rijksontmoetingsplein`` (ja/nee), ``status`` (open / aangekondigd / onzeker),
``opening`` (JJJJ, JJJJ-MM or JJJJ-MM-DD)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from caseflow.domain.errors import NotFound, ValidationFailed
from caseflow.domain.offices import (
    MEETING_ANNOUNCED,
    MEETING_OPEN,
    MEETING_UNCERTAIN,
    Opening,
    parse_opening,
)
from caseflow.domain.tabular import read_table
from caseflow.extensions import db
from caseflow.models import Masterplan, Office, Province, User
from caseflow.services import permissions
from caseflow.services.file_limits import import_limits
from caseflow.services.insight.figures import PROVINCE_ALIASES
from caseflow.services.places.offices import MAX_WORKPLACES, OfficeInput, check_input, write_office
from caseflow.services.unit_of_work import transaction

REQUIRED = ("plaats", "provincie", "bron")
OPTIONAL = (
    "naam",
    "adres",
    "werkplekken",
    "bezet",
    "masterplan",
    "project",
    "rijksontmoetingsplein",
    "status",
    "opening",
)
COLUMNS = (*REQUIRED, *OPTIONAL)
STATUSES = {
    "open": MEETING_OPEN,
    "aangekondigd": MEETING_ANNOUNCED,
    "announced": MEETING_ANNOUNCED,
    "onzeker": MEETING_UNCERTAIN,
    "uncertain": MEETING_UNCERTAIN,
}
YES = {"ja", "j", "yes", "y", "1", "true", "waar", "x"}
NO = {"nee", "n", "no", "0", "false", "onwaar", ""}
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
GONE = "Deze import bestaat niet (meer). Upload het bestand opnieuw."
# Messages for the fields of OfficeInput, named as the columns of the file.
FIELD_COLUMNS = {
    "place": "plaats",
    "province_id": "provincie",
    "source": "bron",
    "workplaces": "werkplekken",
    "occupied": "bezet",
    "masterplan_id": "masterplan",
    "meeting_place": "rijksontmoetingsplein",
    "meeting_status": "status",
}


@dataclass(frozen=True)
class OfficeRow:
    line: int
    key: tuple[int, str, str]  # province, place and name, case-folded: the office it updates
    values: OfficeInput
    is_new: bool


@dataclass
class ParsedOffices:
    """Parsed upload: valid rows, the raw cells per line, and (line, message) errors; line 0
    for an error of the file as a whole."""

    rows: list[OfficeRow] = field(default_factory=list)
    raw: list[tuple[int, list[str]]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def new_count(self) -> int:
        return sum(1 for row in self.rows if row.is_new)

    def errors_on(self, line: int) -> list[str]:
        return [message for at, message in self.errors if at == line]


def _require(user: User) -> None:
    permissions.require(user, "office.edit")


@dataclass(frozen=True)
class _Known:
    provinces: dict[str, int]
    masterplans: dict[str, int]
    offices: set[tuple[int, str, str]]


def _known() -> _Known:
    provinces = {p.name.casefold(): p.id for p in db.session.scalars(select(Province))}
    for alias, name in PROVINCE_ALIASES.items():
        provinces[alias] = provinces.get(name.casefold(), 0)
    masterplans: dict[str, int] = {}
    for plan in db.session.scalars(select(Masterplan)):
        masterplans[plan.name.casefold()] = plan.id
        masterplans[plan.name.casefold().removeprefix("masterplan ").strip()] = plan.id
    offices = {
        (o.province_id, o.place.casefold(), o.name.casefold())
        for o in db.session.scalars(select(Office))
    }
    return _Known(provinces, masterplans, offices)


def parse_upload(filename: str, data: bytes) -> ParsedOffices:
    """Parse and validate an upload; never writes. ValidationFailed for an unreadable file."""
    table = read_table(filename, data, import_limits())
    result = ParsedOffices()
    if not table:
        result.errors.append((0, "Het bestand is leeg."))
        return result
    header = [cell.strip().casefold() for cell in table[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        expected = ";".join(REQUIRED)
        result.errors.append(
            (0, f"Kolommen ontbreken: {', '.join(missing)}. Verwacht minstens: {expected}.")
        )
        return result
    index = {name: header.index(name) for name in COLUMNS if name in header}
    known = _known()
    seen: dict[tuple[int, str, str], int] = {}
    for line, values in enumerate(table[1:], start=2):
        get = {name: (values[i] if i < len(values) else "") for name, i in index.items()}
        result.raw.append((line, [get.get(name, "") for name in COLUMNS]))
        row = _row(line, get, known, result.errors)
        if row is None:
            continue
        if row.key in seen:
            result.errors.append(
                (line, f"Dubbele regel: dit kantoor staat ook op regel {seen[row.key]}.")
            )
            continue
        seen[row.key] = line
        result.rows.append(row)
    if not result.rows and not result.errors:
        result.errors.append((0, "Het bestand bevat geen kantoren."))
    return result


def _count(line: int, column: str, text: str, errors: list[tuple[int, str]]) -> int | None:
    cleaned = text.strip().replace(".", "").replace(" ", "")
    if not cleaned:
        return None
    if not cleaned.isascii() or not cleaned.isdigit() or int(cleaned) > MAX_WORKPLACES:
        errors.append(
            (
                line,
                f"{column.capitalize()}: '{text[:40]}' is geen aantal van 0 tot en met "
                f"{MAX_WORKPLACES}.",
            )
        )
        return None
    return int(cleaned)


def _row(
    line: int, get: dict[str, str], known: _Known, errors: list[tuple[int, str]]
) -> OfficeRow | None:
    before = len(errors)
    province_id = known.provinces.get(get["provincie"].strip().casefold())
    if not province_id:
        errors.append((line, f"Onbekende provincie: '{get['provincie'][:40]}'."))
    masterplan_text = get.get("masterplan", "").strip()
    masterplan_id = known.masterplans.get(masterplan_text.casefold()) if masterplan_text else None
    if masterplan_text and masterplan_id is None:
        errors.append((line, f"Onbekend masterplan: '{masterplan_text[:60]}'."))
    workplaces = _count(line, "werkplekken", get.get("werkplekken", ""), errors)
    occupied = _count(line, "bezet", get.get("bezet", ""), errors)
    meeting = _meeting(line, get, errors)
    if len(errors) > before or not province_id:
        return None
    status, opening = meeting or ("", None)
    values = OfficeInput(
        place=get["plaats"].strip(),
        province_id=province_id,
        source=get["bron"].strip(),
        name=get.get("naam", "").strip(),
        address=get.get("adres", "").strip(),
        workplaces=workplaces,
        occupied=occupied,
        masterplan_id=masterplan_id,
        project=get.get("project", "").strip(),
        meeting_place=meeting is not None,
        meeting_status=status,
        opening=opening,
    )
    problems = check_input(values)
    for name, message in problems.items():
        errors.append((line, f"{FIELD_COLUMNS.get(name, name).capitalize()}: {message}"))
    if problems:
        return None
    key = (province_id, values.place.casefold(), values.name.casefold())
    return OfficeRow(line, key, values, key not in known.offices)


def _meeting(
    line: int, get: dict[str, str], errors: list[tuple[int, str]]
) -> tuple[str, Opening | None] | None:
    """(status, opening) for a meeting place; None for an office without one."""
    flag = get.get("rijksontmoetingsplein", "").strip().casefold()
    status_text = get.get("status", "").strip()
    opening_text = get.get("opening", "").strip()
    if flag not in YES and flag not in NO:
        errors.append((line, f"Rijksontmoetingsplein: '{flag[:20]}' is geen ja of nee."))
        return None
    if flag in NO:
        if status_text or opening_text:
            errors.append(
                (line, "Status en opening horen bij een rijksontmoetingsplein (vul 'ja' in).")
            )
        return None
    status = STATUSES.get(status_text.casefold())
    if status is None:
        errors.append(
            (line, f"Onbekende status: '{status_text[:20]}' (open, aangekondigd of onzeker).")
        )
    try:
        opening = parse_opening(opening_text)
    except ValueError as exc:
        errors.append((line, str(exc)))
        return None
    return (status, opening) if status else None


# --- the stored upload between preview and confirmation ----------------------------------


def _folder() -> Path:
    configured = current_app.config.get("FIGURE_IMPORTS_PATH") or ""
    base = Path(configured) if configured else Path(current_app.instance_path) / "imports"
    folder = base / "offices"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_upload(user: User, filename: str, data: bytes) -> str:
    """Keep the uploaded bytes for the confirm step; returns the random token."""
    _require(user)
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


def parse_stored(user: User, token: str) -> ParsedOffices:
    _require(user)
    path = _stored(token)
    return parse_upload(path.name, path.read_bytes())


def import_offices(user: User, token: str) -> ParsedOffices:
    """Re-validate the stored upload and write every row in one transaction."""
    _require(user)
    path = _stored(token)
    parsed = parse_upload(path.name, path.read_bytes())
    if not parsed.ok:
        raise ValidationFailed("Het bestand bevat fouten; er is niets geïmporteerd.")
    with transaction():
        existing = {
            (o.province_id, o.place.casefold(), o.name.casefold()): o
            for o in db.session.scalars(select(Office))
        }
        for row in parsed.rows:
            office = existing.get(row.key)
            if office is None:
                office = Office()
                db.session.add(office)
            write_office(office, row.values)
    path.unlink(missing_ok=True)
    return parsed
