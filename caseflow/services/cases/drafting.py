"""Drafting the advice without friction: a redraft starts from the latest version and shows
the comments it was sent back with, and the adviser inserts a region's reasoning or the
spreading check into the text without losing what was typed. Also the differences between
two versions, for BZK's own eyes (drafts are internal: ``permissions``)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from sqlalchemy import select

from caseflow.domain.errors import NotFound
from caseflow.extensions import db
from caseflow.models import Advice, Case, User
from caseflow.services import permissions
from caseflow.services.cases import weighing
from caseflow.services.insight import regions, spreading_check

REGION_KEY = "regio-"  # "regio-<profile id>": a region's reasoning
CHECK_KEY = "spreidingstoets"  # the spreading check's findings
NO_INSERTION = "Deze tekst om in te voegen bestaat niet."
SEVERITY_LABELS = {"afwijking": "Afwijking", "let_op": "Let op", "info": "Info"}


@dataclass(frozen=True)
class Insertion:
    """Text to insert into the advice; a region also suggests its province."""

    key: str
    label: str
    text: str
    province_id: int | None = None


@dataclass(frozen=True)
class DraftSupport:
    """What the advice form shows beside the text: the comments the latest version was sent
    back with, and the texts the adviser can insert."""

    returned: Advice | None
    check: Insertion
    regions: dict[int, Insertion]


def latest_version(case: Case) -> Advice | None:
    query = select(Advice).where(Advice.case_id == case.id).order_by(Advice.number.desc())
    return db.session.scalars(query.limit(1)).first()


def start_values(case: Case) -> dict[str, Any]:
    """The advice form's values for a new version: the latest version's text, province,
    place and weighing along the leidraad, so a redraft changes what was there instead of
    starting from nothing."""
    latest = latest_version(case)
    if latest is None:
        return {"weging": weighing.start_entries(None)}
    return {
        "tekst": latest.text,
        "provincie_id": latest.advised_province_id,
        "plaats": latest.advised_place,
        "weging": weighing.start_entries(latest),
    }


def returned_version(user: User, case: Case) -> Advice | None:
    """The latest version if the coordinator sent it back with comments the user may read."""
    latest = latest_version(case)
    if latest is None or latest.status != "teruggestuurd" or not latest.review_comment:
        return None
    return latest if permissions.can(user, "review_comment.view", case) else None


def check_text(case: Case) -> str:
    """The spreading check as sentences for the advice."""
    findings = spreading_check.check_case(case).findings
    if not findings:
        return "Spreidingstoets: de toets geeft geen bevindingen."
    lines = [
        f"- {SEVERITY_LABELS.get(f.severity.value, f.severity.value)}: {f.title}. {f.explanation}"
        for f in findings
    ]
    return "Spreidingstoets:\n" + "\n".join(lines)


def region_insertion(user: User, case: Case, profile_id: int) -> Insertion:
    values = regions.advice_prefill(user, case, profile_id)
    name = regions.get_profile(user, profile_id).name
    return Insertion(f"{REGION_KEY}{profile_id}", name, values["tekst"], values.get("provincie_id"))


def insertion(user: User, case: Case, key: str) -> Insertion:
    """The text behind an insert button; NotFound for a key that names nothing."""
    if key == CHECK_KEY:
        return Insertion(CHECK_KEY, "Spreidingstoets", check_text(case))
    number = key.removeprefix(REGION_KEY)
    if key.startswith(REGION_KEY) and number.isdigit() and len(number) < 10:
        return region_insertion(user, case, int(number))
    raise NotFound(NO_INSERTION)


def appended(typed: str, inserted: str) -> str:
    """``inserted`` after what was typed, as a paragraph of its own (the path without
    JavaScript; the script inserts at the cursor)."""
    typed = typed.rstrip()
    return f"{typed}\n\n{inserted}" if typed else inserted


def support(user: User, case: Case) -> DraftSupport:
    matches = regions.matches_for_case(user, case)
    return DraftSupport(
        returned_version(user, case),
        Insertion(CHECK_KEY, "Spreidingstoets", check_text(case)),
        {m.profile_id: region_insertion(user, case, m.profile_id) for m in matches},
    )


# --- differences between versions ---------------------------------------------------------


@dataclass(frozen=True)
class DiffLine:
    change: str  # "removed", "added" or "same"
    text: str


@dataclass(frozen=True)
class VersionDiff:
    """What changed from version ``older`` to ``newer``."""

    older: int
    newer: int
    lines: list[DiffLine]

    @property
    def changed(self) -> bool:
        return any(line.change != "same" for line in self.lines)


def _comparable(advice: Advice, weighed: list[weighing.WeighedLine]) -> list[str]:
    province = advice.advised_province.name if advice.advised_province else "–"
    location = f"Geadviseerde locatie: {advice.advised_place or '–'} ({province})"
    # One line per consideration: a changed judgement or motivation shows as that line.
    considerations = [
        f"Afweging {w.label}: {w.judgement_label}" + (f" – {w.motivation}" if w.motivation else "")
        for w in weighed
    ]
    return [*advice.text.replace("\r\n", "\n").split("\n"), location, *considerations]


def version_diff(
    older: Advice,
    newer: Advice,
    weighed: dict[int, list[weighing.WeighedLine]] | None = None,
) -> VersionDiff:
    """The changed lines of text, advised location and leidraad weighing (``weighed``: per
    advice id, as ``weighing.lines_by_advice`` gives it)."""
    kinds = {"- ": "removed", "+ ": "added", "  ": "same"}
    found = weighed or {}
    before = _comparable(older, found.get(older.id, []))
    after = _comparable(newer, found.get(newer.id, []))
    lines = [
        DiffLine(kinds[line[:2]], line[2:])
        for line in difflib.ndiff(before, after)
        if line[:2] in kinds
    ]
    return VersionDiff(older.number, newer.number, lines)


def version_diffs(user: User, versions: list[Advice]) -> dict[int, VersionDiff]:
    """Per version number, its changes from the version before; nothing for a user who may
    not read drafts (a ministry: BZK's deliberation stays internal)."""
    if not permissions.can(user, "draft_advice.view"):
        return {}
    ordered = sorted(versions, key=lambda a: a.number)
    weighed = weighing.lines_by_advice(a.id for a in ordered)
    return {new.number: version_diff(old, new, weighed) for old, new in pairwise(ordered)}
