"""Loads the reference data shipped in ``caseflow/data`` (sources in its README).
Idempotent: rows are matched on their natural key, so loading twice changes nothing."""

from __future__ import annotations

import csv
from datetime import date
from importlib import resources
from typing import Any

from sqlalchemy import select, update

from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import (
    Case,
    LeidraadConsideration,
    Masterplan,
    Ministry,
    Organisation,
    Province,
)
from caseflow.services.cases import access
from caseflow.services.deadlines import case_facts
from caseflow.services.places import meeting_places
from caseflow.services.unit_of_work import transaction


def rows(name: str) -> list[dict[str, str]]:
    text = resources.files("caseflow.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def load_reference() -> None:
    with transaction():
        _provinces()
        _ministries()
        _organisations()
        _masterplans()
        meeting_places.load_meeting_places()
        _leidraad()


def _upsert(model: type[Any], key: dict[str, Any], values: dict[str, Any]) -> Any:
    found = db.session.scalars(select(model).filter_by(**key)).first()
    if found is None:
        found = model(**key, **values)
        db.session.add(found)
    else:
        for name, value in values.items():
            setattr(found, name, value)
    db.session.flush()
    return found


def _provinces() -> None:
    for row in rows("provinces.csv"):
        _upsert(
            Province,
            {"cbs_code": row["cbs_code"]},
            {"name": row["name"], "iso_code": row["iso_code"], "capital": row["capital"]},
        )


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _ministries() -> None:
    loaded = [
        (
            row,
            _upsert(
                Ministry,
                {"abbreviation": row["abbreviation"], "valid_from": _day(row["valid_from"])},
                {"name": row["name"], "valid_to": _day(row["valid_to"]), "note": row["note"]},
            ),
        )
        for row in rows("ministries.csv")
    ]
    for row, ministry in loaded:
        if row["successor"] and ministry.valid_to is not None:
            ministry.successor_id = current_ministry(row["successor"], ministry.valid_to).id
    db.session.flush()
    access.forget_successors()
    _hand_over_cases([ministry for _row, ministry in loaded])


def _hand_over_cases(ministries: list[Ministry]) -> None:
    """Cases of a ministry that has a successor now belong to the end of its chain; one
    UPDATE per ministry, which changes nothing when the links did not change."""
    for ministry in ministries:
        holder = access.holder_of(ministry.id)
        db.session.execute(
            update(Case)
            .where(Case.ministry_id == ministry.id, Case.holder_ministry_id != holder)
            .values(holder_ministry_id=holder)
            .execution_options(synchronize_session=False)
        )
        case_facts.copy_holder(ministry.id)


def current_ministry(abbreviation: str, on: date | None = None) -> Ministry:
    """The ministry with that abbreviation valid on ``on`` (today by default)."""
    day = on or local_today()
    candidates = db.session.scalars(select(Ministry).where(Ministry.abbreviation == abbreviation))
    valid = [m for m in candidates if m.valid_on(day)]
    if not valid:
        raise LookupError(f"no ministry {abbreviation} on {day}")
    return valid[0]


def _organisations() -> None:
    provinces = {p.name: p.id for p in db.session.scalars(select(Province))}
    for row in rows("organisations.csv"):
        _upsert(
            Organisation,
            {"name": row["name"]},
            {
                "abbreviation": row["abbreviation"],
                "ministry_id": current_ministry(row["ministry"]).id,
                "kind": row["kind"],
                "seat": row["seat"],
                "province_id": provinces.get(row["province"]),
                "limited_by_primary_process": row["limited_by_primary_process"] == "true",
                "source": row["source"],
                "sector": row["sector"],
            },
        )


def _masterplans() -> None:
    # 13 masterplans: one per province plus Den Haag (Kamerstuk 31 490 nr. 336).
    for province in db.session.scalars(select(Province).order_by(Province.cbs_code)):
        _upsert(
            Masterplan,
            {"name": f"Masterplan {province.name}"},
            {"period": "2024-2028", "province_id": province.id},
        )
    zuid_holland = db.session.scalars(select(Province).where(Province.name == "Zuid-Holland"))
    _upsert(
        Masterplan,
        {"name": "Masterplan Den Haag"},
        {"period": "2024-2028", "province_id": zuid_holland.one().id},
    )


def load_leidraad() -> None:
    """The shipped considerations that are missing (after emptying the table in a test)."""
    with transaction():
        _leidraad()


def _leidraad() -> None:
    # Only what is missing: once loaded, the administrator keeps the considerations
    # (services.reference.leidraad) and a reload must not undo an edit.
    known = set(db.session.scalars(select(LeidraadConsideration.code)))
    for position, row in enumerate(rows("leidraad.csv"), start=1):
        if row["code"] not in known:
            db.session.add(LeidraadConsideration(position=position, active=True, **row))
    db.session.flush()
