"""The annual overview for parliament: cases ongoing on a peildatum and cases decided in a
year, per ministry (domain.md, "Reporting"). On screen, as CSV/XLSX and as an accessible PDF.

The state of a case on a past peildatum comes from the audit trail: the ``to_state`` of its
last event up to the end of that day, read in the same query as the case by a correlated
subquery on the (case_id, id) index of ``case_events``. On or after today the current
state is used, which is exact. Only the roles that work with all cases (adviser,
coordinator, secretariat) may draw up the overview; the check lives here, not in the view.

The effect of the cases per province counts their fte per standplaats (the default, as the
yearly letter does) or per plaats van tewerkstelling (``domain.place_of_work``): where a
case records that part of its fte will mostly work elsewhere, that part counts there. The
official employment figures are not in this overview; they stay by standplaats everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import IO, Any

from sqlalchemy import ScalarSelect, and_, func, or_, select

from caseflow.domain.clock import AMSTERDAM, local_today, to_local
from caseflow.domain.errors import NotAllowed
from caseflow.domain.place_of_work import BASES, STANDPLAATS, net_change
from caseflow.extensions import db
from caseflow.models import Case, CaseEvent, Ministry, User
from caseflow.services import permissions
from caseflow.services.caselists import case_lines
from caseflow.services.cases import weighing
from caseflow.services.cases.access import visible_to
from caseflow.services.cases.change_facts import counted_moves, province_names
from caseflow.services.insight.spreading import DECIDED_OUTCOMES
from caseflow.services.reporting import tabular
from caseflow.services.reporting.tabular import BLANK, CSV_MIMETYPE, XLSX_MIMETYPE, Heading

__all__ = ["CSV_MIMETYPE", "XLSX_MIMETYPE"]

NOT_ALLOWED = permissions.TABLE["annual_overview.view"].message
# Not yet filed with BZK: the draft, and an early consultation about it (vooroverleg, from
# version 2 of the size change) that returns to the draft.
UNFILED = ("concept", "vooroverleg")
DECISION_OUTCOMES = ("overeenstemming", "ministerraad", "ingetrokken", "buiten_behandeling")
OUTCOME_LABELS = {
    "overeenstemming": "Overeenstemming",
    "ministerraad": "Besluit ministerraad",
    "ingetrokken": "Ingetrokken",
    "buiten_behandeling": "Buiten behandeling",
}
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


@dataclass(frozen=True)
class Group:
    """The rows of one ministry, with the sum of their fte changes."""

    ministry: str
    rows: Sequence[OngoingRow | DecidedRow]

    @property
    def fte_total(self) -> int:
        return sum(r.fte_change or 0 for r in self.rows)


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


@dataclass(frozen=True)
class AnnualOverview:
    year: int
    peildatum: date
    state_from_audit: bool  # False: peildatum is today or later, the current state is used
    ongoing: list[Group] = field(default_factory=list)
    decided: list[Group] = field(default_factory=list)
    # How the effect per province counts the cases' fte (domain.place_of_work.BASES).
    basis: str = STANDPLAATS
    effect: list[EffectRow] = field(default_factory=list)

    @property
    def basis_label(self) -> str:
        return BASES[self.basis]

    @property
    def ongoing_count(self) -> int:
        return sum(len(g.rows) for g in self.ongoing)

    @property
    def decided_count(self) -> int:
        return sum(len(g.rows) for g in self.decided)


def may_view(user: User) -> bool:
    return permissions.can(user, "annual_overview.view")


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


def ongoing_on(user: User, day: date) -> tuple[list[OngoingRow], bool]:
    """Cases that were with BZK at the end of ``day``, in ministry order: past their draft
    (a draft has not reached BZK) and not closed by then. End of the day, like the states
    read from the audit trail: a case closed on the peildatum is decided, not ongoing."""
    from_audit = day < local_today()
    # A case without a transition up to that day (none recorded) keeps its current state.
    state: Any = func.coalesce(state_on(day), Case.state) if from_audit else Case.state
    next_day = _utc_start(day + timedelta(days=1))
    query = (
        case_lines.wide_select(state=state)
        .where(
            visible_to(user),
            Case.created_at < next_day,
            or_(Case.closed_at.is_(None), Case.closed_at >= next_day),
            state.not_in(UNFILED),
        )
        .order_by(Ministry.abbreviation, Case.reference)
    )
    return [_ongoing(line) for line in case_lines.lines(db.session.execute(query))], from_audit


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


def decided_in(user: User, year: int) -> list[DecidedRow]:
    """Cases closed in ``year`` (Amsterdam time) with a decision outcome, per ministry."""
    query = (
        case_lines.wide_select()
        .where(
            visible_to(user),
            Case.outcome.in_(DECISION_OUTCOMES),
            and_(
                Case.closed_at >= _utc_start(date(year, 1, 1)),
                Case.closed_at < _utc_start(date(year + 1, 1, 1)),
            ),
        )
        .order_by(Ministry.abbreviation, Case.closed_at, Case.reference)
    )
    rows = [
        _decided(line, line.closed_at)
        for line in case_lines.lines(db.session.execute(query))
        if line.closed_at is not None  # excluded by the query; narrows the type
    ]
    weighed = weighing.issued_summaries(r.case_id for r in rows)
    return [replace(r, weighing=weighed.get(r.case_id, "")) for r in rows]


def _decided(line: case_lines.CaseLine, closed_at: datetime) -> DecidedRow:
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


def _grouped(rows: Sequence[OngoingRow | DecidedRow]) -> list[Group]:
    groups: dict[str, list[OngoingRow | DecidedRow]] = {}
    for row in rows:
        groups.setdefault(row.ministry, []).append(row)
    return [Group(ministry, members) for ministry, members in groups.items()]


def effect_per_province(
    ongoing_ids: Sequence[int], decided_ids: Sequence[int], basis: str
) -> list[EffectRow]:
    """Net fte per province of the ongoing cases (at their proposal) and of the decided
    cases with agreement or a ministerraad decision (where agreed or decided), counted per
    ``basis``; a withdrawn or dismissed case moves nothing. The ids are those of the
    overview's rows, already within the user's need-to-know. One query for the cases."""
    wanted = set(ongoing_ids) | set(decided_ids)
    if not wanted:
        return []
    cases = {c.id: c for c in db.session.scalars(select(Case).where(Case.id.in_(wanted)))}
    names = province_names()
    ongoing = net_change(
        [m for i in ongoing_ids if i in cases for m in counted_moves(cases[i], names, None, basis)]
    )
    decided = net_change(
        [
            m
            for i in decided_ids
            if i in cases and cases[i].outcome in DECIDED_OUTCOMES
            for m in counted_moves(cases[i], names, cases[i].agreed_province_id, basis)
        ]
    )
    return [
        EffectRow(province, ongoing.get(province, 0.0), decided.get(province, 0.0))
        for province in sorted(set(ongoing) | set(decided))
    ]


def annual_overview(
    user: User,
    year: int | None = None,
    peildatum: date | None = None,
    basis: str = STANDPLAATS,
) -> AnnualOverview:
    """Default: this year, peildatum today (or 31 December of a past year), the effect of
    the cases per standplaats."""
    if not may_view(user):
        raise NotAllowed(NOT_ALLOWED)
    basis = basis if basis in BASES else STANDPLAATS
    today = local_today()
    year = year or today.year
    if peildatum is None:
        peildatum = today if year >= today.year else date(year, 12, 31)
    ongoing, from_audit = ongoing_on(user, peildatum)
    decided = decided_in(user, year)
    return AnnualOverview(
        year=year,
        peildatum=peildatum,
        state_from_audit=from_audit,
        ongoing=_grouped(ongoing),
        decided=_grouped(decided),
        basis=basis,
        effect=effect_per_province(
            [r.case_id for r in ongoing], [r.case_id for r in decided], basis
        ),
    )


# --- downloads -------------------------------------------------------------------------------


def filename(data: AnnualOverview, extension: str) -> str:
    basis = "" if data.basis == STANDPLAATS else f"-{data.basis}"
    return f"jaaroverzicht-{data.year}-peildatum-{data.peildatum.isoformat()}{basis}.{extension}"


COLUMN_WIDTHS = (12, 14, 40, 22, 24, 34, 26, 26, 12, 30)


def _sections(data: AnnualOverview) -> list[tuple[str, list[tabular.Row]]]:
    """Per table its sheet name and rows: a title, the header, the cases."""
    ongoing = [row.cells() for group in data.ongoing for row in group.rows]
    decided = [row.cells() for group in data.decided for row in group.rows]
    return [
        (
            "Lopende zaken",
            [
                Heading((f"Lopende zaken op {data.peildatum:%d-%m-%Y}",)),
                Heading(ONGOING_HEADERS),
                *ongoing,
            ],
        ),
        (
            "Besloten zaken",
            [Heading((f"Besloten zaken in {data.year}",)), Heading(DECIDED_HEADERS), *decided],
        ),
        (
            "Effect per provincie",
            [
                Heading((f"Effect van de zaken per provincie, {data.basis_label}",)),
                Heading(effect_headers(data.basis)),
                *[row.cells() for row in data.effect],
            ],
        ),
    ]


def csv_bytes(data: AnnualOverview) -> Iterator[bytes]:
    """The tables one after the other, each under a title line, an empty line between.
    Built whole before it is returned, so nothing can fail once the response has started."""
    (_, ongoing), (_, decided), (_, effect) = _sections(data)
    return iter([tabular.csv_document([*ongoing, BLANK, *decided, BLANK, *effect])])


def xlsx_file(data: AnnualOverview) -> IO[bytes]:
    """One sheet per table, in a temporary file positioned at its start."""
    return tabular.xlsx_file(
        tabular.Sheet(name, rows, COLUMN_WIDTHS) for name, rows in _sections(data)
    )
