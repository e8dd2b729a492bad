"""The considerations of the leidraad *Afwegingen locatiekeuzes rijksoverheid* as reference
data: the advice form offers the active ones as a checklist (``services.cases.weighing``),
the administrator adds, edits, reorders and deactivates them when the leidraad changes.

A deactivated consideration is no longer offered to a new advice; advices that weighed it
keep their line (the weighing stores the code and label it was given). A consideration is
never deleted, so its code is never reused for something else."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from caseflow.domain.errors import NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.models import LeidraadConsideration, User
from caseflow.services import permissions
from caseflow.services.unit_of_work import transaction

CODE = re.compile(r"[a-z][a-z0-9_]{1,39}")
LABEL_MAX = 120
GUIDANCE_MAX = 2000
NO_CONSIDERATION = "Deze afweging bestaat niet."


@dataclass(frozen=True)
class Consideration:
    """A consideration as the form and the admin screen show it."""

    id: int
    code: str
    label: str
    guidance: str
    position: int
    active: bool


def _view(row: LeidraadConsideration) -> Consideration:
    return Consideration(row.id, row.code, row.label, row.guidance, row.position, row.active)


def _ordered() -> list[LeidraadConsideration]:
    query = select(LeidraadConsideration).order_by(
        LeidraadConsideration.position, LeidraadConsideration.id
    )
    return list(db.session.scalars(query))


def active_considerations() -> list[Consideration]:
    """The checklist of a new advice, in the leidraad's order."""
    return [_view(row) for row in _ordered() if row.active]


def all_considerations(user: User) -> list[Consideration]:
    """Every consideration, the deactivated ones too (the admin screen)."""
    permissions.require(user, "leidraad.manage")
    return [_view(row) for row in _ordered()]


def _checked_text(label: str, guidance: str) -> tuple[str, str]:
    label, guidance = label.strip(), guidance.strip()
    errors: dict[str, str] = {}
    if not label:
        errors["label"] = "Vul de naam van de afweging in."
    elif len(label) > LABEL_MAX:
        errors["label"] = f"Maximaal {LABEL_MAX} tekens."
    if len(guidance) > GUIDANCE_MAX:
        errors["guidance"] = f"Maximaal {GUIDANCE_MAX} tekens."
    if errors:
        raise ValidationFailed("De afweging is niet opgeslagen.", errors)
    return label, guidance


def add_consideration(user: User, code: str, label: str, guidance: str) -> Consideration:
    """A new consideration at the end of the list, active."""
    permissions.require(user, "leidraad.manage")
    code = code.strip()
    if not CODE.fullmatch(code):
        raise ValidationFailed(
            "De afweging is niet opgeslagen.",
            {"code": "Gebruik 2 tot 40 kleine letters, cijfers of _, beginnend met een letter."},
        )
    label, guidance = _checked_text(label, guidance)
    with transaction():
        if db.session.scalars(
            select(LeidraadConsideration).where(LeidraadConsideration.code == code)
        ).first():
            raise ValidationFailed(
                "De afweging is niet opgeslagen.", {"code": "Deze code bestaat al."}
            )
        last = db.session.scalar(select(func.max(LeidraadConsideration.position))) or 0
        row = LeidraadConsideration(
            code=code, label=label, guidance=guidance, position=last + 1, active=True
        )
        db.session.add(row)
        db.session.flush()
        return _view(row)


def _get(consideration_id: int) -> LeidraadConsideration:
    row = db.session.get(LeidraadConsideration, consideration_id)
    if row is None:
        raise NotFound(NO_CONSIDERATION)
    return row


def edit_consideration(user: User, consideration_id: int, label: str, guidance: str) -> None:
    """New wording; advices already drafted keep the label they were weighed under."""
    permissions.require(user, "leidraad.manage")
    label, guidance = _checked_text(label, guidance)
    with transaction():
        row = _get(consideration_id)
        row.label, row.guidance = label, guidance


def set_active(user: User, consideration_id: int, active: bool) -> None:
    permissions.require(user, "leidraad.manage")
    with transaction():
        _get(consideration_id).active = active


def move(user: User, consideration_id: int, step: int) -> None:
    """One place up (step -1) or down (+1); at either end nothing changes."""
    permissions.require(user, "leidraad.manage")
    with transaction():
        ordered = _ordered()
        index = next((i for i, r in enumerate(ordered) if r.id == consideration_id), None)
        if index is None:
            raise NotFound(NO_CONSIDERATION)
        other = index + (1 if step > 0 else -1)
        if 0 <= other < len(ordered):
            ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, row in enumerate(ordered, start=1):
            row.position = position
