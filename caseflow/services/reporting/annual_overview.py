"""The annual overview for parliament: cases ongoing on a peildatum and cases decided in a
year (domain.md, "Reporting": per ministry, type, state, location, fte). On screen as a
summary with a paginated drill-down per cell; the full lists as streamed CSV, as XLSX
written row by row, and the summary as an accessible PDF.

The screen never loads the cases: each section is one ``GROUP BY`` over (ministry, case
type, state or outcome, province) that returns one row per combination that occurs (a
few hundred at most, whatever the number of cases), from which the four breakdowns are
added up. Each summary cell links to the drill-down: the cases of that cell, 50 per page,
keyset-paginated on the case id (no OFFSET, no count beyond the summary's).

The province of a case in the summary and its drill-down (one choice, written down here
and on the page): for an ongoing case the **proposed** province, where there is none the
current one (where the case will be if the proposal goes ahead); for a decided case the
**agreed** province, else the proposed, else the current one. The effect table per
province is a separate, unchanged count: net fte moved, per standplaats or per plaats
van tewerkstelling (``domain.place_of_work``); it reads the cases in batches from a
server-side cursor, so a worker's memory does not grow with their number.

The state of a case on a past peildatum comes from the audit trail: the ``to_state`` of its
last event up to the end of that day, read in the same query as the case by a correlated
subquery on the (case_id, id) index of ``case_events``. On or after today the current
state is used, which is exact. Only the roles that work with all cases (adviser,
coordinator, secretariat) may draw up the overview; the check lives here, not in the view,
and every query still goes through ``visible_to``.

The downloads run their queries before the response starts (a refused query is an error
page, not a cut-off file) and then read the rows in batches of ``BATCH``
(``yield_per``: a server-side cursor on PostgreSQL), so neither the CSV stream nor the
XLSX writer holds the whole list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from typing import IO, Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Result,
    ScalarSelect,
    Select,
    String,
    and_,
    func,
    literal,
    null,
    or_,
    select,
    true,
    union_all,
)

import workflows
from caseflow.domain.bounds import parse_id
from caseflow.domain.clock import AMSTERDAM, local_today, to_local
from caseflow.domain.errors import NotAllowed, NotFound
from caseflow.domain.impact import Move
from caseflow.domain.place_of_work import BASES, STANDPLAATS, net_change
from caseflow.extensions import db
from caseflow.models import Case, CaseEvent, Ministry, Province, User
from caseflow.services import permissions
from caseflow.services.caselists import case_lines
from caseflow.services.cases import weighing
from caseflow.services.cases.access import visible_to
from caseflow.services.cases.change_facts import counted_moves, province_names
from caseflow.services.insight.spreading import DECIDED_OUTCOMES
from caseflow.services.reporting import tabular, tallies
from caseflow.services.reporting.tabular import BLANK, CSV_MIMETYPE, XLSX_MIMETYPE, Heading

__all__ = ["CSV_MIMETYPE", "DECISION_OUTCOMES", "UNFILED", "XLSX_MIMETYPE"]

# Not yet filed with BZK (the draft, an early consultation about it) and the outcomes of a
# decided case: defined with the kept counts, which follow the same cases.
UNFILED, DECISION_OUTCOMES = tallies.UNFILED, tallies.DECISION_OUTCOMES

NOT_ALLOWED = permissions.TABLE["annual_overview.view"].message
NO_SUCH_SELECTION = "Deze selectie van het jaaroverzicht bestaat niet."
OUTCOME_LABELS = {
    "overeenstemming": "Overeenstemming",
    "ministerraad": "Besluit ministerraad",
    "ingetrokken": "Ingetrokken",
    "buiten_behandeling": "Buiten behandeling",
}
ONGOING, DECIDED = "lopend", "besloten"
SECTIONS = (ONGOING, DECIDED)
# The drill-down's query parameters, one per breakdown of the summary.
MINISTRY, CASE_TYPE, STATE, OUTCOME, PROVINCE = (
    "ministerie",
    "type",
    "status",
    "uitkomst",
    "provincie",
)
NO_PROVINCE = "geen"  # the province key of cases without any location
PAGE_SIZE = 50
BATCH = 1_000  # rows per fetch from the server-side cursor of a download
ONGOING_HEADERS = (
    "Ministerie",
    "Kenmerk",
    "Titel",
    "Zaaktype",
    "Status op peildatum",
    "Organisatie",
    "Huidige locatie",
    "Voorgestelde locatie",
    "Fte wijziging",
)
DECIDED_HEADERS = (
    "Ministerie",
    "Kenmerk",
    "Titel",
    "Zaaktype",
    "Uitkomst",
    "Datum afgesloten",
    "Organisatie",
    "Afgesproken locatie",
    "Fte wijziging",
    "Afweging leidraad",
)
# The titles of the breakdowns, as the CSV and XLSX write them (the page has its own).
BREAKDOWN_TITLES = {
    MINISTRY: "Per ministerie",
    CASE_TYPE: "Per zaaktype",
    STATE: "Per status op de peildatum",
    OUTCOME: "Per uitkomst",
    PROVINCE: "Per provincie",
}


@dataclass(frozen=True)
class OngoingRow:
    case_id: int
    ministry: str
    reference: str
    title: str
    case_type: str
    state: str
    organisation: str
    current_location: str
    proposed_location: str
    fte_change: int | None

    def cells(self) -> tuple[str | int | None, ...]:
        return (
            self.ministry,
            self.reference,
            self.title,
            self.case_type,
            self.state,
            self.organisation,
            self.current_location,
            self.proposed_location,
            self.fte_change,
        )


@dataclass(frozen=True)
class DecidedRow:
    case_id: int
    ministry: str
    reference: str
    title: str
    case_type: str
    outcome: str
    closed_on: date
    organisation: str
    agreed_location: str
    fte_change: int | None
    # The weighing along the leidraad of the issued advice, in one line ("" without one).
    weighing: str = ""

    def cells(self) -> tuple[str | int | date | None, ...]:
        return (
            self.ministry,
            self.reference,
            self.title,
            self.case_type,
            self.outcome,
            self.closed_on,
            self.organisation,
            self.agreed_location,
            self.fte_change,
            self.weighing,
        )


OverviewRow = OngoingRow | DecidedRow


@dataclass(frozen=True)
class EffectRow:
    """Net fte of the cases in one province: the ongoing ones where proposed, the decided
    ones (agreement or ministerraad decision) where agreed or decided."""

    province: str
    ongoing: float
    decided: float

    def cells(self) -> tuple[str | float, ...]:
        return (self.province, _whole(self.ongoing), _whole(self.decided))


def _whole(value: float) -> float:
    # Fte of cases are whole numbers: 150, not 150.0, in the CSV.
    return int(value) if value.is_integer() else value


def effect_headers(basis: str) -> tuple[str, str, str]:
    label = BASES[basis]
    return (
        "Provincie",
        f"Lopende zaken, voorstel (fte {label})",
        f"Besloten zaken, overeenstemming of besluit (fte {label})",
    )


# --- the summary -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One line of a breakdown: its drill-down value, its label, the number of cases and
    the sum of their fte changes."""

    key: str
    label: str
    count: int
    fte: int


@dataclass(frozen=True)
class Breakdown:
    """The cases of a section counted along one dimension (the drill-down parameter)."""

    dimension: str
    cells: tuple[Cell, ...]

    @property
    def title(self) -> str:
        return BREAKDOWN_TITLES[self.dimension]


@dataclass(frozen=True)
class Summary:
    """One section (ongoing on the peildatum, or decided in the year): its totals and its
    breakdowns per ministry, case type, state or outcome, and province."""

    section: str
    count: int = 0
    fte: int = 0
    breakdowns: tuple[Breakdown, ...] = ()

    def by(self, dimension: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.dimension == dimension)


@dataclass(frozen=True)
class AnnualOverview:
    year: int
    peildatum: date
    state_from_audit: bool  # False: peildatum is today or later, the current state is used
    ongoing: Summary = field(default_factory=lambda: Summary(ONGOING))
    decided: Summary = field(default_factory=lambda: Summary(DECIDED))
    # How the effect per province counts the cases' fte (domain.place_of_work.BASES).
    basis: str = STANDPLAATS
    effect: list[EffectRow] = field(default_factory=list)
    # Whose need-to-know the full lists of the downloads keep (None: no lists).
    viewer: User | None = field(default=None, compare=False, repr=False)

    @property
    def basis_label(self) -> str:
        return BASES[self.basis]

    @property
    def ongoing_count(self) -> int:
        return self.ongoing.count

    @property
    def decided_count(self) -> int:
        return self.decided.count


def may_view(user: User) -> bool:
    return permissions.can(user, "annual_overview.view")


def _require(user: User) -> None:
    if not may_view(user):
        raise NotAllowed(NOT_ALLOWED)


def _utc_start(day: date) -> datetime:
    """00:00 Amsterdam time on ``day`` as naive UTC (how moments are stored)."""
    return datetime.combine(day, time(), tzinfo=AMSTERDAM).astimezone(UTC).replace(tzinfo=None)


def state_on(day: date) -> ScalarSelect[Any]:
    """The state of each case at the end of ``day``: ``to_state`` of its last transition
    event recorded before the next day began (one correlated subquery per row, on the
    (case_id, id) index; events are appended, so the highest id is the latest)."""
    return (
        select(CaseEvent.to_state)
        .where(
            CaseEvent.case_id == Case.id,
            CaseEvent.to_state != "",
            CaseEvent.at < _utc_start(day + timedelta(days=1)),
        )
        .order_by(CaseEvent.id.desc())
        .limit(1)
        .correlate(Case)
        .scalar_subquery()
    )


def period(year: int | None, peildatum: date | None) -> tuple[int, date]:
    """Default: this year, peildatum today (or 31 December of a past year)."""
    today = local_today()
    year = year or today.year
    if peildatum is None:
        peildatum = today if year >= today.year else date(year, 12, 31)
    return year, peildatum


@dataclass(frozen=True)
class Scope:
    """The cases of one section for one user: the WHERE clauses, how the state (ongoing:
    on the peildatum) or the outcome (decided) is read, and the province it is counted in."""

    section: str
    where: tuple[ColumnElement[bool], ...]
    status: Any  # a column expression of text
    province: Any  # a column expression of a province id
    state_from_audit: bool = False
    # The year of the kept counts (``tallies``) that hold exactly these cases, None: none do.
    tallied: int | None = None


def ongoing_scope(user: User, day: date) -> Scope:
    """Cases that were with BZK at the end of ``day``: past their draft (a draft has not
    reached BZK) and not closed by then. End of the day, like the states read from the
    audit trail: a case closed on the peildatum is decided, not ongoing."""
    from_audit = day < local_today()
    # A case without a transition up to that day (none recorded) keeps its current state.
    state: Any = func.coalesce(state_on(day), Case.state) if from_audit else Case.state
    next_day = _utc_start(day + timedelta(days=1))
    where = (
        visible_to(user),
        Case.created_at < next_day,
        or_(Case.closed_at.is_(None), Case.closed_at >= next_day),
        state.not_in(UNFILED),
    )
    province = func.coalesce(Case.proposed_province_id, Case.current_province_id)
    # On today or later the ongoing cases are those not closed and past their draft (no
    # case is created or closed in the future): the kept counts of the ongoing cases.
    tallied = tallies.NOW if not from_audit and _sees_all(user) else None
    return Scope(ONGOING, where, state, province, from_audit, tallied)


def _sees_all(user: User) -> bool:
    """Whether ``user`` sees every case (the kept counts are over all cases)."""
    return bool(visible_to(user).compare(true()))


def decided_scope(user: User, year: int) -> Scope:
    """Cases closed in ``year`` (Amsterdam time) with a decision outcome."""
    where = (
        visible_to(user),
        Case.outcome.in_(DECISION_OUTCOMES),
        and_(
            Case.closed_at >= _utc_start(date(year, 1, 1)),
            Case.closed_at < _utc_start(date(year + 1, 1, 1)),
        ),
    )
    province = func.coalesce(
        Case.agreed_province_id, Case.proposed_province_id, Case.current_province_id
    )
    return Scope(DECIDED, where, Case.outcome, province, tallied=year if _sees_all(user) else None)


def summary(scope: Scope) -> Summary:
    """The section's four breakdowns: from the kept counts where they hold the section's
    cases (``Scope.tallied``: one statement, each breakdown summed in SQL), else one GROUP
    BY over its cases, a row per (ministry, type, version, state or outcome, province) that
    occurs, added up here."""
    if scope.tallied is None:
        return _summed(scope, ((None, *row) for row in db.session.execute(_grouped(scope))))
    return _summed(scope, db.session.execute(_tallied(scope.section, scope.tallied)))


def _tallied(section: str, year: int) -> Any:
    """The kept counts of a section summed per breakdown (a few dozen rows, whatever the
    number of cases), each row tagged with its breakdown and only its own columns set."""
    kept = tallies.tally_rows(section, year).cte("kept")  # read once, summed four ways
    none_text, none_id = null().cast(String), null().cast(Integer)
    n, fte = func.sum(kept.c.n), func.sum(kept.c.fte)

    def part(dimension: str, *columns: Any) -> Select[Any]:
        return select(literal(dimension, String), *columns, n, fte).select_from(kept)

    by_ministry = (
        part(
            MINISTRY,
            Ministry.abbreviation,
            kept.c.ministry_id,
            none_text,
            none_id,
            none_text,
            none_id,
            none_text,
        )
        .join(Ministry, Ministry.id == kept.c.ministry_id)
        .group_by(Ministry.abbreviation, kept.c.ministry_id)
    )
    by_type = part(
        CASE_TYPE,
        none_text,
        none_id,
        kept.c.case_type,
        kept.c.workflow_version,
        none_text,
        none_id,
        none_text,
    ).group_by(kept.c.case_type, kept.c.workflow_version)
    by_status = part(
        STATE if section == ONGOING else OUTCOME,
        none_text,
        none_id,
        kept.c.case_type,
        kept.c.workflow_version,
        kept.c.status,
        none_id,
        none_text,
    ).group_by(kept.c.case_type, kept.c.workflow_version, kept.c.status)
    by_province = (
        part(
            PROVINCE,
            none_text,
            none_id,
            none_text,
            none_id,
            none_text,
            kept.c.province_id,
            Province.name,
        )
        .outerjoin(Province, Province.id == kept.c.province_id)
        .group_by(kept.c.province_id, Province.name)
    )
    return union_all(by_ministry, by_type, by_status, by_province)


def _grouped(scope: Scope) -> Select[Any]:
    inner = (
        select(
            Ministry.abbreviation.label("ministry"),
            Case.ministry_id.label("ministry_id"),
            Case.case_type.label("case_type"),
            Case.workflow_version.label("version"),
            scope.status.label("status"),
            scope.province.label("province_id"),
            Case.fte_change.label("fte"),
        )
        .select_from(Case)
        .join(Ministry, Ministry.id == Case.ministry_id)
        .where(*scope.where)
        .subquery()
    )
    keys = (
        inner.c.ministry,
        inner.c.ministry_id,
        inner.c.case_type,
        inner.c.version,
        inner.c.status,
        inner.c.province_id,
        Province.name,
    )
    return (
        select(*keys, func.count().label("n"), func.coalesce(func.sum(inner.c.fte), 0))
        .select_from(inner)
        .outerjoin(Province, Province.id == inner.c.province_id)
        .group_by(*keys)
    )


def _summed(scope: Scope, rows: Iterable[Any]) -> Summary:
    status_dimension = STATE if scope.section == ONGOING else OUTCOME
    tallies: dict[str, dict[str, list[Any]]] = {
        d: {} for d in (MINISTRY, CASE_TYPE, status_dimension, PROVINCE)
    }
    total = fte_total = 0
    for (
        only,
        ministry,
        ministry_id,
        code,
        version,
        status,
        province_id,
        province,
        n,
        fte,
    ) in rows:
        count, fte = int(n), int(fte or 0)
        if only in (None, MINISTRY):  # every case has one ministry: the totals
            total += count
            fte_total += fte
        type_label, state_label = (
            case_lines.labels(code, version, status or "") if code else ("", "")
        )
        if scope.section == DECIDED:
            state_label = OUTCOME_LABELS.get(status, status)
        province_key = NO_PROVINCE if province_id is None else str(province_id)
        for dimension, key, label in (
            (MINISTRY, str(ministry_id), ministry),
            (CASE_TYPE, code, type_label),
            (status_dimension, status, state_label),
            (PROVINCE, province_key, province or ""),
        ):
            if only not in (None, dimension):
                continue  # a row of another breakdown
            tally = tallies[dimension].setdefault(key, [label, 0, 0])
            tally[1] += count
            tally[2] += fte
    return Summary(
        scope.section,
        total,
        fte_total,
        tuple(
            Breakdown(dimension, _ordered_cells(dimension, found))
            for dimension, found in tallies.items()
        ),
    )


def _ordered_cells(dimension: str, found: dict[str, list[Any]]) -> tuple[Cell, ...]:
    cells = [Cell(key, label, count, fte) for key, (label, count, fte) in found.items()]
    if dimension == OUTCOME:
        return tuple(sorted(cells, key=lambda c: _position(DECISION_OUTCOMES, c.key)))
    # By label; the cases without a province last.
    return tuple(sorted(cells, key=lambda c: (c.key == NO_PROVINCE, c.label.casefold(), c.key)))


def _position(order: Sequence[str], key: str) -> int:
    return order.index(key) if key in order else len(order)


# --- the drill-down --------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """One cell (or a crossing of cells) of the summary: empty fields select everything."""

    ministry_id: int | None = None
    case_type: str = ""
    status: str = ""  # a state (ongoing) or an outcome (decided)
    province: str = ""  # "", NO_PROVINCE or a province id

    def conditions(self, scope: Scope) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        if self.ministry_id is not None:
            where.append(Case.ministry_id == self.ministry_id)
        if self.case_type:
            where.append(Case.case_type == self.case_type)
        if self.status:
            where.append(scope.status == self.status)
        if self.province == NO_PROVINCE:
            where.append(scope.province.is_(None))
        elif self.province:
            where.append(scope.province == int(self.province))
        return where

    def args(self, section: str) -> dict[str, str]:
        """The query parameters that select this cell again."""
        status = STATE if section == ONGOING else OUTCOME
        found = {
            MINISTRY: "" if self.ministry_id is None else str(self.ministry_id),
            CASE_TYPE: self.case_type,
            status: self.status,
            PROVINCE: self.province,
        }
        return {name: value for name, value in found.items() if value}


def selection(
    section: str,
    ministry: str | None = None,
    case_type: str | None = None,
    status: str | None = None,
    province: str | None = None,
) -> Selection:
    """A selection from the drill-down's query parameters. A value that no cell can have
    (an id that is no number, an unknown case type, state or outcome) is a 404."""
    if section not in SECTIONS:
        raise NotFound(NO_SUCH_SELECTION)
    found = Selection()
    if ministry:
        ministry_id = parse_id(ministry)
        if ministry_id is None:
            raise NotFound(NO_SUCH_SELECTION)
        found = replace(found, ministry_id=ministry_id)
    if case_type:
        if case_type not in workflows.CASE_TYPES:
            raise NotFound(NO_SUCH_SELECTION)
        found = replace(found, case_type=case_type)
    if status:
        known = DECISION_OUTCOMES if section == DECIDED else _all_states()
        if status not in known:
            raise NotFound(NO_SUCH_SELECTION)
        found = replace(found, status=status)
    if province:
        if province != NO_PROVINCE and parse_id(province) is None:
            raise NotFound(NO_SUCH_SELECTION)
        found = replace(found, province=province)
    return found


def _all_states() -> set[str]:
    return {state.code for definition in workflows.REGISTRY.values() for state in definition.states}


@dataclass(frozen=True)
class DrillDown:
    section: str
    year: int
    peildatum: date
    state_from_audit: bool
    selection: Selection
    described: tuple[tuple[str, str], ...]  # (dimension, label) per chosen value
    rows: list[OverviewRow]
    next_after: int | None  # the last id on this page when there is a next page


def drill_down(
    user: User,
    section: str,
    chosen: Selection,
    year: int | None = None,
    peildatum: date | None = None,
    after: int | None = None,
    size: int = PAGE_SIZE,
) -> DrillDown:
    """One page of the cases of a summary cell, in id order, after id ``after``."""
    _require(user)
    year, peildatum = period(year, peildatum)
    scope = _scope(user, section, year, peildatum)
    query = _rows_query(scope, chosen).order_by(Case.id).limit(size + 1)
    if after is not None:
        query = query.where(Case.id > after)
    found = _rows(scope, db.session.execute(query))
    if section == DECIDED:
        found = [*_weighed([r for r in found if isinstance(r, DecidedRow)])]
    next_after = found[size - 1].case_id if len(found) > size else None
    return DrillDown(
        section,
        year,
        peildatum,
        scope.state_from_audit,
        chosen,
        _described(section, chosen),
        found[:size],
        next_after,
    )


def _scope(user: User, section: str, year: int, peildatum: date) -> Scope:
    return ongoing_scope(user, peildatum) if section == ONGOING else decided_scope(user, year)


def _rows_query(scope: Scope, chosen: Selection) -> Select[Any]:
    state = scope.status if scope.section == ONGOING else None
    return case_lines.wide_select(state=state).where(*scope.where, *chosen.conditions(scope))


def _rows(scope: Scope, result: Iterable[Any]) -> list[OverviewRow]:
    convert = _ongoing if scope.section == ONGOING else _decided
    return [convert(line) for line in case_lines.lines(result)]


def _weighed(rows: Sequence[DecidedRow]) -> list[DecidedRow]:
    """The decided rows with the weighing of their issued advice (one query per call)."""
    weighed = weighing.issued_summaries(r.case_id for r in rows)
    return [replace(r, weighing=weighed.get(r.case_id, "")) for r in rows]


def _described(section: str, chosen: Selection) -> tuple[tuple[str, str], ...]:
    parts: list[tuple[str, str]] = []
    if chosen.ministry_id is not None:
        name = db.session.scalar(
            select(Ministry.abbreviation).where(Ministry.id == chosen.ministry_id)
        )
        parts.append((MINISTRY, name or str(chosen.ministry_id)))
    if chosen.case_type:
        parts.append((CASE_TYPE, workflows.latest(chosen.case_type).label))
    if chosen.status and section == DECIDED:
        parts.append((OUTCOME, OUTCOME_LABELS[chosen.status]))
    elif chosen.status:
        parts.append((STATE, _state_label(chosen.status)))
    if chosen.province == NO_PROVINCE:
        parts.append((PROVINCE, ""))
    elif chosen.province:
        name = db.session.scalar(select(Province.name).where(Province.id == int(chosen.province)))
        parts.append((PROVINCE, name or chosen.province))
    return tuple(parts)


def _state_label(code: str) -> str:
    for definition in workflows.REGISTRY.values():
        if code in {s.code for s in definition.states}:
            return definition.state_label(code)
    return code


def _ongoing(line: case_lines.CaseLine) -> OngoingRow:
    return OngoingRow(
        case_id=line.id,
        ministry=line.ministry,
        reference=line.reference,
        title=line.title,
        case_type=line.type_label,
        state=line.state_label,
        organisation=line.organisation,
        current_location=line.current_location,
        proposed_location=line.proposed_location,
        fte_change=line.fte_change,
    )


def _decided(line: case_lines.CaseLine) -> DecidedRow:
    closed_at = line.closed_at or line.updated_at  # decided cases are closed: never None
    return DecidedRow(
        case_id=line.id,
        ministry=line.ministry,
        reference=line.reference,
        title=line.title,
        case_type=line.type_label,
        outcome=OUTCOME_LABELS.get(line.outcome, line.outcome),
        closed_on=to_local(closed_at).date(),
        organisation=line.organisation,
        agreed_location=line.agreed_location,
        fte_change=line.fte_change,
    )


def decided_in(user: User, year: int) -> list[DecidedRow]:
    """Every case closed in ``year`` with a decision outcome, per ministry (for a small
    set: the downloads stream the same rows)."""
    _require(user)
    found = full_list(user, DECIDED, year, date(year, 12, 31))
    return [r for r in found if isinstance(r, DecidedRow)]


# --- the effect per province -----------------------------------------------------------------


def effect_per_province(ongoing: Scope, decided: Scope, basis: str) -> list[EffectRow]:
    """Net fte per province of the ongoing cases (at their proposal) and of the decided
    cases with agreement or a ministerraad decision (where agreed or decided), counted per
    ``basis``; a withdrawn or dismissed case moves nothing. Two queries; each groups the
    cases by what their moves depend on, so every distinct case is reckoned once and
    counted as often as it occurs."""
    names = province_names()
    if ongoing.tallied is None:
        moved_now = _net(ongoing.where, lambda c: counted_moves(c, names, None, basis))
    else:
        moved_now = _kept_effect(ONGOING, ongoing.tallied, basis, names)
    if decided.tallied is None:
        moved_decided = _net(
            (*decided.where, Case.outcome.in_(DECIDED_OUTCOMES)),
            lambda c: counted_moves(c, names, c.agreed_province_id, basis),
        )
    else:
        moved_decided = _kept_effect(DECIDED, decided.tallied, basis, names)
    return [
        EffectRow(province, moved_now.get(province, 0.0), moved_decided.get(province, 0.0))
        for province in sorted(set(moved_now) | set(moved_decided))
    ]


def _kept_effect(section: str, year: int, basis: str, names: dict[int, str]) -> dict[str, float]:
    """The kept net fte per province name (one query)."""
    return {
        names.get(province_id, str(province_id)): fte
        for province_id, fte in tallies.effects(section, year, basis).items()
    }


# Everything the moves of a case are computed from (``change_facts.counted_moves``).
MOVE_COLUMNS = (
    Case.case_type,
    Case.workflow_version,
    Case.change_kind,
    Case.fte_current,
    Case.fte_change,
    Case.fte_moved,
    Case.current_province_id,
    Case.proposed_province_id,
    Case.second_province_id,
    Case.second_fte,
    Case.work_province_id,
    Case.work_fte,
    Case.agreed_province_id,
)


def _net(
    where: Iterable[ColumnElement[bool]], moves: Callable[[Case], list[Move]]
) -> dict[str, float]:
    """The net change of the cases, from one row per distinct combination of the move
    columns with its number of cases."""
    query = select(*MOVE_COLUMNS, func.count()).where(*where).group_by(*MOVE_COLUMNS)
    names = [column.key for column in MOVE_COLUMNS]
    total: dict[str, float] = {}
    for row in db.session.execute(query.execution_options(yield_per=BATCH)):
        values, times = dict(zip(names, row[:-1], strict=True)), int(row[-1] or 0)
        if (values["case_type"], values["workflow_version"]) not in workflows.REGISTRY:
            continue  # a workflow this version lacks: its moves cannot be read
        # ``counted_moves`` only reads these attributes: a plain namespace stands in for
        # the Case (an ORM instance costs more to build than its moves cost to reckon).
        case = cast(Case, SimpleNamespace(**values))
        for province, fte in net_change(moves(case)).items():
            total[province] = total.get(province, 0.0) + fte * times
    return total


# --- the overview ----------------------------------------------------------------------------


def annual_overview(
    user: User,
    year: int | None = None,
    peildatum: date | None = None,
    basis: str = STANDPLAATS,
) -> AnnualOverview:
    """The summary of both sections and the effect per province. Default: this year,
    peildatum today (or 31 December of a past year), the effect per standplaats."""
    _require(user)
    basis = basis if basis in BASES else STANDPLAATS
    year, peildatum = period(year, peildatum)
    ongoing, decided = ongoing_scope(user, peildatum), decided_scope(user, year)
    return AnnualOverview(
        year=year,
        peildatum=peildatum,
        state_from_audit=ongoing.state_from_audit,
        ongoing=summary(ongoing),
        decided=summary(decided),
        basis=basis,
        effect=effect_per_province(ongoing, decided, basis),
        viewer=user,
    )


# --- downloads -------------------------------------------------------------------------------


def filename(data: AnnualOverview, extension: str) -> str:
    basis = "" if data.basis == STANDPLAATS else f"-{data.basis}"
    return f"jaaroverzicht-{data.year}-peildatum-{data.peildatum.isoformat()}{basis}.{extension}"


COLUMN_WIDTHS = (12, 14, 40, 22, 24, 34, 26, 26, 12, 30)
SUMMARY_WIDTHS = (40, 14, 14)


def _list_statement(user: User, section: str, year: int, peildatum: date) -> Select[Any]:
    scope = _scope(user, section, year, peildatum)
    order: tuple[Any, ...] = (
        (Ministry.abbreviation, Case.reference)
        if section == ONGOING
        else (Ministry.abbreviation, Case.closed_at, Case.reference)
    )
    return _rows_query(scope, Selection()).order_by(*order).execution_options(yield_per=BATCH)


def _list_result(
    data: AnnualOverview, section: str, connection: Connection | None = None
) -> Result[Any]:
    """A section's full list, running: on ``connection`` for a streamed download (see
    tabular.Download), else in the session."""
    if data.viewer is None:
        raise NotAllowed(NOT_ALLOWED)
    statement = _list_statement(data.viewer, section, data.year, data.peildatum)
    if connection is not None:
        return tabular.streamed(connection, statement)
    return db.session.execute(statement)


def _streamed(section: str, result: Result[Any]) -> Iterator[OverviewRow]:
    """The rows of a running list query, a batch at a time (decided ones with their
    weighing, one query per batch); the cursor is closed at the end."""
    try:
        for batch in result.partitions(BATCH):
            if section == DECIDED:
                yield from _weighed([_decided(line) for line in case_lines.lines(batch)])
            else:
                yield from (_ongoing(line) for line in case_lines.lines(batch))
    finally:
        result.close()


def full_list(user: User, section: str, year: int, peildatum: date) -> Iterator[OverviewRow]:
    """Every case of a section, in the order of the downloads, read in batches."""
    _require(user)
    statement = _list_statement(user, section, year, peildatum)
    return _streamed(section, db.session.execute(statement))


def _list_table(
    title: str, headers: Sequence[str], found: Iterator[OverviewRow]
) -> Iterator[tabular.Row]:
    yield Heading((title,))
    yield Heading(headers)
    for row in found:
        yield row.cells()


def _effect_table(data: AnnualOverview) -> list[tabular.Row]:
    return [
        Heading((f"Effect van de zaken per provincie, {data.basis_label}",)),
        Heading(effect_headers(data.basis)),
        *[row.cells() for row in data.effect],
    ]


def _summary_table(data: AnnualOverview) -> list[tabular.Row]:
    """Both sections' totals and breakdowns, one small table after the other."""
    rows: list[tabular.Row] = [Heading(("Samenvatting",))]
    for title, found in (
        (f"Lopende zaken op {data.peildatum:%d-%m-%Y}", data.ongoing),
        (f"Besloten zaken in {data.year}", data.decided),
    ):
        rows.append(Heading((title, "Aantal zaken", "Fte wijziging")))
        rows.append(("Totaal", found.count, found.fte))
        for breakdown in found.breakdowns:
            rows.append(Heading((breakdown.title,)))
            rows.extend(
                (cell.label or "Geen provincie", cell.count, cell.fte) for cell in breakdown.cells
            )
        rows.append(BLANK)
    return rows


def _ongoing_title(data: AnnualOverview) -> str:
    return f"Lopende zaken op {data.peildatum:%d-%m-%Y}"


def _decided_title(data: AnnualOverview) -> str:
    return f"Besloten zaken in {data.year}"


def csv_bytes(data: AnnualOverview) -> tabular.Download:
    """The full lists, the summary and the effect per province, one after the other, each
    under a title line, an empty line between; streamed in chunks while the rows are read.
    Both list queries run now, before the caller starts the response, on a connection of
    the download's own (the lists are read in that connection's transaction, the summary
    before it in the request's)."""
    connection = tabular.streaming_connection()
    try:
        ongoing = _list_result(data, ONGOING, connection)
        decided = _list_result(data, DECIDED, connection)
    except BaseException:
        connection.close()
        raise

    def table() -> Iterator[tabular.Row]:
        yield from _list_table(_ongoing_title(data), ONGOING_HEADERS, _streamed(ONGOING, ongoing))
        yield BLANK
        yield from _list_table(_decided_title(data), DECIDED_HEADERS, _streamed(DECIDED, decided))
        yield BLANK
        yield from _summary_table(data)
        yield from _effect_table(data)

    return tabular.Download(tabular.csv_chunks(table()), connection, (ongoing, decided))


def xlsx_file(data: AnnualOverview) -> IO[bytes]:
    """One sheet per table, written row by row (openpyxl write-only) into a temporary file
    positioned at its start; the list rows are read in batches as the sheets are written."""
    return tabular.xlsx_file(xlsx_sheets(data))


def write_xlsx(data: AnnualOverview, target: IO[bytes]) -> None:
    """The same workbook as ``xlsx_file``, written into ``target`` (an export job's file)."""
    tabular.write_xlsx(xlsx_sheets(data), target)


def xlsx_sheets(data: AnnualOverview) -> list[tabular.Sheet]:
    """The workbook's sheets: both full lists (their queries run now, their rows are read
    in batches as the sheets are written), the summary and the effect per province."""
    ongoing = _streamed(ONGOING, _list_result(data, ONGOING))
    decided = _streamed(DECIDED, _list_result(data, DECIDED))
    return [
        tabular.Sheet(
            "Lopende zaken",
            _list_table(_ongoing_title(data), ONGOING_HEADERS, ongoing),
            COLUMN_WIDTHS,
        ),
        tabular.Sheet(
            "Besloten zaken",
            _list_table(_decided_title(data), DECIDED_HEADERS, decided),
            COLUMN_WIDTHS,
        ),
        tabular.Sheet("Samenvatting", _summary_table(data), SUMMARY_WIDTHS),
        tabular.Sheet("Effect per provincie", _effect_table(data), COLUMN_WIDTHS),
    ]
