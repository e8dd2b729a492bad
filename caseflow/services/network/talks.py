"""The register of talks: recording, changing and reading talks and their follow-ups.

Need-to-know: BZK (advisers, coordinators) records and changes talks; the secretariat reads
all of them; a ministry sees only the talks held with itself (or a ministry it succeeded),
never the regional talks, which are BZK's own; the administrator sees none. A talk another
user may not see does not exist for them (404).

A talk is no case: it has no audit trail of its own. Recording and changing one writes a
line to the security log (who, which talk), which is cheap and enough to answer "who
changed this". Changes are guarded by the talk's version, as on cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, Select, extract, false, select, true
from sqlalchemy.orm import joinedload, selectinload

from caseflow.domain.bounds import has_control_characters
from caseflow.domain.clock import local_today
from caseflow.domain.errors import Conflict, NotFound, ValidationFailed
from caseflow.domain.talks import FUNCTIONS, KINDS, MINISTRY, REGIONAL, is_overdue
from caseflow.extensions import db
from caseflow.models import Ministry, Province, User
from caseflow.models.talk import Talk, TalkFollowUp
from caseflow.services import permissions
from caseflow.services.accounts import security_log
from caseflow.services.cases.access import held_by, holder_of
from caseflow.services.unit_of_work import transaction

PAGE_SIZE = 25
MAX_PAGE = 10_000  # a bounded offset: no one pages further than this by hand
NOT_FOUND = "Dit gesprek bestaat niet of u heeft er geen toegang toe."
STALE = (
    "Het gesprek is intussen door iemand anders gewijzigd. Uw wijziging is niet opgeslagen; "
    "uw invoer staat hieronder."
)
TEXT_MAX = 10_000
REGION_MAX = 120
ACTION_MAX = 300
OWNER_MAX = 120


@dataclass(frozen=True)
class TalkData:
    """What the talk form delivers."""

    held_on: date
    kind: str
    province_id: int | None = None
    region: str = ""
    ministry_id: int | None = None
    functions: list[str] = field(default_factory=list)
    participants: str = ""
    topics: str = ""
    notes: str = ""


@dataclass(frozen=True)
class TalkFilter:
    province_id: int | None = None
    ministry_id: int | None = None
    year: int | None = None
    page: int = 1


@dataclass(frozen=True)
class FollowUpLine:
    id: int
    talk_id: int
    talk_held_on: date
    talk_with: str
    action: str
    owner: str
    due_on: date
    done_on: date | None
    overdue: bool


@dataclass(frozen=True)
class TalkLine:
    id: int
    held_on: date
    kind: str
    talk_with: str
    functions: tuple[str, ...]
    topics: str
    open_follow_ups: int


@dataclass(frozen=True)
class TalkPage:
    """One talk as its reader may see it."""

    id: int
    version: int
    held_on: date
    kind: str
    province_id: int | None
    province: str
    region: str
    ministry_id: int | None
    ministry: str
    talk_with: str
    functions: tuple[str, ...]
    participants: str
    topics: str
    notes: str
    recorded_by: str
    follow_ups: tuple[FollowUpLine, ...]


@dataclass(frozen=True)
class TalkList:
    lines: tuple[TalkLine, ...]
    page: int
    has_next: bool
    follow_ups: tuple[FollowUpLine, ...]  # open ones, the overdue first: the reminders


def may_record(user: User) -> bool:
    return permissions.can(user, "talk.edit")


def _visible(user: User) -> ColumnElement[bool]:
    """The talks ``user`` may see, as a filter (the object check is ``talk.view``)."""
    if permissions.can(user, "talk.view_all"):
        return true()
    if not permissions.can(user, "talk.list") or user.ministry_id is None:
        return false()
    own = held_by(holder_of(user.ministry_id))
    return (Talk.kind == MINISTRY) & Talk.ministry_id.in_(own)


def talk_label(talk: Talk) -> str:
    """Who the talk was with, in one phrase for lists: the province or region, the ministry."""
    parts = [
        talk.province.name if talk.province else "",
        talk.region,
        talk.ministry.display_name if talk.ministry else "",
    ]
    return ", ".join(p for p in parts if p)


def _follow_up_line(item: TalkFollowUp, talk: Talk, today: date) -> FollowUpLine:
    return FollowUpLine(
        id=item.id,
        talk_id=talk.id,
        talk_held_on=talk.held_on,
        talk_with=talk_label(talk),
        action=item.action,
        owner=item.owner,
        due_on=item.due_on,
        done_on=item.done_on,
        overdue=is_overdue(item.due_on, item.done_on, today),
    )


def _filtered(user: User, wanted: TalkFilter) -> Select[Talk]:
    query = select(Talk).where(_visible(user))
    if wanted.province_id is not None:
        query = query.where(Talk.province_id == wanted.province_id)
    if wanted.ministry_id is not None:
        query = query.where(Talk.ministry_id == wanted.ministry_id)
    if wanted.year is not None:
        query = query.where(extract("year", Talk.held_on) == wanted.year)
    return query


def list_talks(user: User, wanted: TalkFilter) -> TalkList:
    """Newest first, PAGE_SIZE per page; with the open follow-ups of the talks the user sees."""
    permissions.require(user, "talk.list")
    page = min(max(wanted.page, 1), MAX_PAGE)
    query = (
        _filtered(user, wanted)
        .options(
            joinedload(Talk.province), joinedload(Talk.ministry), selectinload(Talk.follow_ups)
        )
        .order_by(Talk.held_on.desc(), Talk.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE + 1)
    )
    talks = list(db.session.scalars(query))
    lines = tuple(
        TalkLine(
            id=t.id,
            held_on=t.held_on,
            kind=t.kind,
            talk_with=talk_label(t),
            functions=tuple(t.functions or ()),
            topics=t.topics,
            open_follow_ups=sum(1 for f in t.follow_ups if f.done_on is None),
        )
        for t in talks[:PAGE_SIZE]
    )
    return TalkList(lines, page, len(talks) > PAGE_SIZE, open_follow_ups(user))


def open_follow_ups(user: User) -> tuple[FollowUpLine, ...]:
    """The open follow-up actions of the talks ``user`` sees, by due date (overdue first)."""
    today = local_today()
    query = (
        select(TalkFollowUp)
        .join(Talk)
        .where(_visible(user), TalkFollowUp.done_on.is_(None))
        .options(joinedload(TalkFollowUp.talk).joinedload(Talk.province))
        .options(joinedload(TalkFollowUp.talk).joinedload(Talk.ministry))
        .order_by(TalkFollowUp.due_on, TalkFollowUp.id)
        .limit(PAGE_SIZE * 2)
    )
    return tuple(_follow_up_line(f, f.talk, today) for f in db.session.scalars(query))


def _get(user: User, talk_id: int, *, for_update: bool = False) -> Talk:
    query = select(Talk).where(Talk.id == talk_id, _visible(user))
    talk = db.session.scalars(query.with_for_update() if for_update else query).first()
    if talk is None:
        raise NotFound(NOT_FOUND)
    permissions.require(user, "talk.view", talk)
    return talk


def get_talk(user: User, talk_id: int) -> TalkPage:
    talk = _get(user, talk_id)
    today = local_today()
    return TalkPage(
        id=talk.id,
        version=talk.version,
        held_on=talk.held_on,
        kind=talk.kind,
        province_id=talk.province_id,
        province=talk.province.name if talk.province else "",
        region=talk.region,
        ministry_id=talk.ministry_id,
        ministry=talk.ministry.display_name if talk.ministry else "",
        talk_with=talk_label(talk),
        functions=tuple(talk.functions or ()),
        participants=talk.participants,
        topics=talk.topics,
        notes=talk.notes,
        recorded_by=talk.recorded_by.name,
        follow_ups=tuple(_follow_up_line(f, talk, today) for f in talk.follow_ups),
    )


def _text(value: str, name: str, limit: int, errors: dict[str, str]) -> str:
    text = value.strip()
    if len(text) > limit:
        errors[name] = f"Maximaal {limit} tekens."
    elif has_control_characters(text, multiline=True):
        errors[name] = "Deze tekst bevat ongeldige tekens."
    return text


def _checked(data: TalkData) -> TalkData:
    """The talk as it may be stored, or ValidationFailed naming every wrong field."""
    errors: dict[str, str] = {}
    if data.kind not in KINDS:
        errors["kind"] = "Kies het soort gesprek."
    if data.province_id is not None and db.session.get(Province, data.province_id) is None:
        errors["province_id"] = "Kies een bestaande provincie."
    if data.ministry_id is not None and db.session.get(Ministry, data.ministry_id) is None:
        errors["ministry_id"] = "Kies een bestaand ministerie."
    region = _text(data.region, "region", REGION_MAX, errors)
    if data.kind == REGIONAL and data.province_id is None and not region:
        errors["province_id"] = "Kies de provincie of noem de regio."
    if data.kind == MINISTRY and data.ministry_id is None:
        errors["ministry_id"] = "Kies het ministerie waarmee is gesproken."
    if not data.functions or any(f not in FUNCTIONS for f in data.functions):
        errors["functions"] = "Kies minstens één functie van de deelnemers."
    checked = TalkData(
        held_on=data.held_on,
        kind=data.kind,
        province_id=data.province_id,
        region=region,
        ministry_id=data.ministry_id,
        functions=[f for f in FUNCTIONS if f in data.functions],
        participants=_text(data.participants, "participants", TEXT_MAX, errors),
        topics=_text(data.topics, "topics", TEXT_MAX, errors),
        notes=_text(data.notes, "notes", TEXT_MAX, errors),
    )
    if data.held_on > local_today():
        errors["held_on"] = "Een gesprek wordt vastgelegd nadat het is gehouden."
    if errors:
        raise ValidationFailed("Het gesprek is niet opgeslagen.", errors)
    return checked


def _apply(talk: Talk, data: TalkData) -> None:
    talk.held_on = data.held_on
    talk.kind = data.kind
    talk.province_id = data.province_id
    talk.region = data.region
    talk.ministry_id = data.ministry_id
    talk.functions = list(data.functions)
    talk.participants = data.participants
    talk.topics = data.topics
    talk.notes = data.notes


def record_talk(user: User, data: TalkData) -> int:
    permissions.require(user, "talk.edit")
    checked = _checked(data)
    talk = Talk(recorded_by_id=user.id)
    _apply(talk, checked)
    with transaction():
        db.session.add(talk)
    security_log.event("gesprek_vastgelegd", "ok", actor=user, obj=f"gesprek:{talk.id}")
    return talk.id


def change_talk(user: User, talk_id: int, version: int, data: TalkData) -> int:
    """Change a talk the form showed at ``version``; a newer version is a Conflict (409)."""
    permissions.require(user, "talk.edit")
    with transaction():
        talk = _get(user, talk_id, for_update=True)
        if talk.version != version:
            raise Conflict(STALE)
        _apply(talk, _checked(data))
    security_log.event("gesprek_gewijzigd", "ok", actor=user, obj=f"gesprek:{talk_id}")
    return talk_id


def current_version(user: User, talk_id: int) -> int:
    return _get(user, talk_id).version


def add_follow_up(user: User, talk_id: int, action: str, owner: str, due_on: date) -> None:
    permissions.require(user, "talk.edit")
    errors: dict[str, str] = {}
    action = _text(action, "action", ACTION_MAX, errors)
    owner = _text(owner, "owner", OWNER_MAX, errors)
    if not action:
        errors["action"] = "Beschrijf de actie."
    if not owner:
        errors["owner"] = "Noem wie de actie uitvoert."
    if errors:
        raise ValidationFailed("De actie is niet toegevoegd.", errors)
    with transaction():
        talk = _get(user, talk_id)
        db.session.add(TalkFollowUp(talk_id=talk.id, action=action, owner=owner, due_on=due_on))


def mark_done(user: User, talk_id: int, follow_up_id: int) -> None:
    """Mark an action done today; marking a done action again changes nothing."""
    permissions.require(user, "talk.edit")
    with transaction():
        talk = _get(user, talk_id)
        item = db.session.scalars(
            select(TalkFollowUp).where(
                TalkFollowUp.id == follow_up_id, TalkFollowUp.talk_id == talk.id
            )
        ).first()
        if item is None:
            raise NotFound("Deze actie bestaat niet.")
        if item.done_on is None:
            item.done_on = local_today()
