"""The rijksontmoetingspleinen shipped in ``caseflow/data/rijksontmoetingspleinen.csv`` (with
a source per row), loaded by the reference loader. Only what is missing is added: a shipped
row is known by its ``reference_key`` (``rop:<place>``), so loading twice changes nothing,
and once loaded the place is BZK's to correct in the register (``/kantoren``): a reload
never undoes a correction, nor touches the offices BZK added."""

from __future__ import annotations

import csv
from importlib import resources

from sqlalchemy import select

from caseflow.domain.offices import MEETING_STATUSES, parse_opening
from caseflow.extensions import db
from caseflow.models import Office, Province

FILE = "rijksontmoetingspleinen.csv"


def load_meeting_places() -> int:
    """Add the shipped meeting places not yet in the register; the caller's transaction
    commits. Returns how many were added."""
    provinces = {p.name: p.id for p in db.session.scalars(select(Province))}
    known = set(
        db.session.scalars(select(Office.reference_key).where(Office.reference_key.is_not(None)))
    )
    # Read here, not with the loader's ``rows``: the loader calls this module.
    text = resources.files("caseflow.data").joinpath(FILE).read_text(encoding="utf-8")
    added = 0
    for row in csv.DictReader(text.splitlines()):
        if row["status"] not in MEETING_STATUSES:
            raise ValueError(f"{FILE}: unknown status {row['status']!r}")
        key = f"rop:{row['place']}"
        if key in known:
            continue
        opening = parse_opening(row["opened_on"])
        db.session.add(
            Office(
                reference_key=key,
                place=row["place"],
                province_id=provinces[row["province"]],
                meeting_place=True,
                meeting_status=row["status"],
                opening_year=opening.year if opening else None,
                opening_month=opening.month if opening else None,
                opening_day=opening.day if opening else None,
                note=row["note"][:300],
                source=row["source"][:300],
            )
        )
        added += 1
    db.session.flush()
    return added
