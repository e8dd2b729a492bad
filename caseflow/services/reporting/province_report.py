"""The province report (issue #12, item 7): for one province and one year, what the state does
there. Groningen first: the yearly *Staat van Groningen* reports the central-government jobs
in the province (measure 41 of *Nij Begun*). One frozen read model for the page, the PDF and
the CSV/XLSX downloads:

1. central-government jobs: the province's fte per peildatum up to the year's (trend, change
   year on year, share of the national total) and per sector on the year's peildatum. The
   figures are those of the /spreiding dashboard (``insight.spreading``: sound rows only,
   a province's sectors or its "Totaal"); illustrative demo figures are marked as such. The
   national total is the sum of the provinces when the peildatum is complete, else the
   official national total when one is stored, else unknown (no share is made up);
2. cases concerning the province (current, proposed, agreed or second province): ongoing at
   the end of the year (today for the current year; the state on a past day comes from the
   audit trail, as in the annual overview) per state, and decided in the year per outcome,
   each with the number of cases and the sum of their fte changes. Counted and summed in SQL
   (GROUP BY), within the case list's conditions (``caselists.queries.conditions``);
3. talks held in the year in the province, with the functions spoken with and their open
   follow-ups, within the talks' need-to-know (``network.talks``);
4. the province's signals, open and converted, within the signals' need-to-know;
5. the province's offices and rijksontmoetingspleinen (``places.offices``) and its
   masterplan (``places.masterplans``).

Need-to-know, the choice made: the report is for the coordination side only (BZK and the
secretariat, ``BZK_SIDE``: permission ``province_report.view`` in the permissions TABLE),
like the annual overview and the yearly overview of talks. It brings BZK's own regional
talks together with every ministry's cases and signals; a ministry sees its own cases on
the case list and the masterplan pages. The queries still go through each object's
visibility filter, so widening the permission would not leak.

The four province columns of a case each have an index, so the filter on them is a
bitmap OR of index scans on PostgreSQL, not a scan of all cases.

Not built: the provincial fte of a case counted by direction (a case moving away from the
province and one moving into it both show their own ``fte_change``, as the annual overview
does); a list of the cases themselves (the case list filters on a province's current and
proposed province).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import IO, Any

from sqlalchemy import func, or_, select, true
from sqlalchemy.orm import joinedload, selectinload

from caseflow.domain.clock import local_today
from caseflow.domain.errors import NotFound
from caseflow.domain.talks import is_overdue
from caseflow.extensions import db
from caseflow.models import Case, Masterplan, Province, Signal, User
from caseflow.models.region import NationalFigure
from caseflow.models.talk import Talk
from caseflow.services import permissions
from caseflow.services.caselists import case_lines
from caseflow.services.caselists.queries import CaseFilter, conditions
from caseflow.services.cases.access import visible_to
from caseflow.services.insight import figure_status, spreading
from caseflow.services.network import signals, talks
from caseflow.services.places.masterplans import MasterplanLine, list_masterplans
from caseflow.services.places.offices import OfficeView, list_offices
from caseflow.services.reporting import annual_overview, tabular, tallies
from caseflow.services.reporting.tabular import BLANK, CSV_MIMETYPE, XLSX_MIMETYPE, Heading
from workflows.base import MINISTERIE

__all__ = ["CSV_MIMETYPE", "XLSX_MIMETYPE"]

PERMISSION = "province_report.view"
NO_PROVINCE = "Deze provincie bestaat niet."


# --- the read model ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceRef:
    id: int
    name: str
    cbs_code: str
    slug: str


@dataclass(frozen=True)
class JobsPoint:
    """The province's fte on one peildatum, against the nation and the peildatum before."""

    peildatum: date
    fte: float
    national_fte: float | None  # None: the national total of that peildatum is unknown
    share: float | None
    change: float | None  # fte more (or fewer) than on the previous peildatum shown
    change_share: float | None  # that change as a fraction of the previous fte
    illustrative: bool


@dataclass(frozen=True)
class SectorLine:
    sector: str
    fte: float
    share: float  # of the province's total on the peildatum
    national_fte: float  # the sector's total over all provinces on the peildatum
    national_share: float  # the province's part of that sector nationally
    illustrative: bool


@dataclass(frozen=True)
class CaseCountLine:
    """Cases of one state (ongoing) or one outcome (decided): how many, their fte change."""

    label: str
    case_type: str
    count: int
    fte: int


@dataclass(frozen=True)
class FollowUpLine:
    action: str
    owner: str
    due_on: date
    overdue: bool


@dataclass(frozen=True)
class TalkLine:
    id: int
    held_on: date
    kind: str
    talk_with: str
    functions: tuple[str, ...]
    participants: str
    topics: str
    open_follow_ups: tuple[FollowUpLine, ...]


@dataclass(frozen=True)
class SignalLine:
    id: int
    ministry: str
    organisation: str
    fte_change: int
    horizon: str
    status: str
    case_id: int | None


@dataclass(frozen=True)
class ProvinceReport:
    province: ProvinceRef
    year: int
    years: tuple[int, ...]  # the years with employment figures for the province
    peildatum: date | None  # the year's peildatum with figures (None: no figures that year)
    jobs: tuple[JobsPoint, ...]  # oldest first, up to the year's peildatum
    sectors: tuple[SectorLine, ...]
    illustrative: bool  # some figure shown is an illustrative demo figure
    sources: tuple[str, ...]
    cases_on: date  # the day the ongoing cases are counted on
    state_from_audit: bool
    ongoing: tuple[CaseCountLine, ...]
    decided: tuple[CaseCountLine, ...]
    talks: tuple[TalkLine, ...]
    signals: tuple[SignalLine, ...]
    offices: tuple[OfficeView, ...]
    masterplans: tuple[MasterplanLine, ...] = field(default_factory=tuple)

    @property
    def current(self) -> JobsPoint | None:
        return self.jobs[-1] if self.jobs and self.jobs[-1].peildatum == self.peildatum else None

    @property
    def ongoing_count(self) -> int:
        return sum(line.count for line in self.ongoing)

    @property
    def ongoing_fte(self) -> int:
        return sum(line.fte for line in self.ongoing)

    @property
    def decided_count(self) -> int:
        return sum(line.count for line in self.decided)

    @property
    def decided_fte(self) -> int:
        return sum(line.fte for line in self.decided)

    @property
    def open_signals(self) -> tuple[SignalLine, ...]:
        return tuple(s for s in self.signals if s.status == signals.OPEN)

    @property
    def converted_signals(self) -> tuple[SignalLine, ...]:
        return tuple(s for s in self.signals if s.status == signals.CONVERTED)

    @property
    def meeting_places(self) -> tuple[OfficeView, ...]:
        return tuple(o for o in self.offices if o.meeting_place)


def may_view(user: User) -> bool:
    return permissions.can(user, PERMISSION)


# --- the province ------------------------------------------------------------------------


def slug(name: str) -> str:
    """'Fryslân' -> 'fryslan', 'Noord-Holland' -> 'noord-holland': the name in a URL."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return "-".join(plain.casefold().replace("-", " ").split())


def find_province(key: str) -> ProvinceRef:
    """The province named by its slug or CBS code ('groningen', 'PV20'); NotFound else."""
    wanted = key.strip().casefold()
    for province in db.session.scalars(select(Province).order_by(Province.cbs_code)):
        ref = ProvinceRef(province.id, province.name, province.cbs_code, slug(province.name))
        if wanted in (ref.slug, ref.cbs_code.casefold()):
            return ref
    raise NotFound(NO_PROVINCE)


def province_slugs(names: Sequence[str]) -> dict[str, str]:
    """Slug per province name, for links from pages that name provinces."""
    return {name: slug(name) for name in names}


# --- 1. jobs -----------------------------------------------------------------------------


def _national_official() -> dict[date, float]:
    rows = db.session.execute(select(NationalFigure.peildatum, NationalFigure.total_fte))
    return {day: float(total) for day, total in rows if total and total > 0}


def _share(part: float, whole: float | None) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class _Jobs:
    years: tuple[int, ...]
    peildatum: date | None
    points: tuple[JobsPoint, ...]
    sectors: tuple[SectorLine, ...]
    illustrative: bool
    sources: tuple[str, ...]


def _jobs(province: str, year: int | None) -> tuple[int, _Jobs]:
    # The rows the /spreiding dashboard computes with (stored nan or absurd fte left out).
    rows = spreading._figure_rows()  # the one reader of the figures
    found = figure_status.statuses((r.province, r.sector, r.peildatum) for r in rows)
    official = _national_official()
    per_day: dict[date, list[spreading.FigureRow]] = {}
    for row in rows:
        per_day.setdefault(row.peildatum, []).append(row)
    own_days = sorted({r.peildatum for r in rows if r.province == province})
    years = tuple(sorted({d.year for d in own_days}))
    # The report of a year reads the jobs at the latest peildatum up to it: the figures of
    # 1 January appear months later, and a report of the running year should not go empty.
    year = year if year is not None else local_today().year
    up_to = [d for d in own_days if d.year <= year]
    peildatum = up_to[-1] if up_to else None
    points: list[JobsPoint] = []
    previous: float | None = None
    for day in own_days:
        if day.year > year:
            break
        totals = spreading.province_totals(per_day[day])
        own = totals[province]
        complete = day in found and found[day].complete
        national = sum(t.fte for t in totals.values()) if complete else official.get(day)
        change = own.fte - previous if previous is not None else None
        points.append(
            JobsPoint(
                peildatum=day,
                fte=own.fte,
                national_fte=national,
                share=_share(own.fte, national),
                change=change,
                change_share=_share(change, previous) if change is not None else None,
                illustrative=own.illustrative,
            )
        )
        previous = own.fte
    sectors = _sectors(province, per_day[peildatum]) if peildatum else ()
    shown = [r for r in rows if r.province == province and r.peildatum <= (peildatum or date.min)]
    return year, _Jobs(
        years=years,
        peildatum=peildatum,
        points=tuple(points),
        sectors=sectors,
        illustrative=any(p.illustrative for p in points) or any(s.illustrative for s in sectors),
        sources=tuple(sorted({r.source for r in shown if r.source})),
    )


def _sectors(province: str, day_rows: Sequence[spreading.FigureRow]) -> tuple[SectorLine, ...]:
    national: dict[str, float] = {}
    for row in day_rows:
        if row.sector != spreading.TOTAAL:
            national[row.sector] = national.get(row.sector, 0.0) + row.fte
    own = [r for r in day_rows if r.province == province and r.sector != spreading.TOTAAL]
    total = sum(r.fte for r in own)
    return tuple(
        SectorLine(
            sector=r.sector,
            fte=r.fte,
            share=_share(r.fte, total) or 0.0,
            national_fte=national[r.sector],
            national_share=_share(r.fte, national[r.sector]) or 0.0,
            illustrative=r.illustrative,
        )
        for r in sorted(own, key=lambda r: r.sector)
    )


# --- 2. cases ----------------------------------------------------------------------------


def _concerning(province_id: int) -> Any:
    return or_(
        Case.current_province_id == province_id,
        Case.proposed_province_id == province_id,
        Case.agreed_province_id == province_id,
        Case.second_province_id == province_id,
    )


def _year_end(year: int, today: date) -> date:
    return today if year >= today.year else date(year, 12, 31)


def _ongoing(user: User, province_id: int, day: date) -> tuple[list[CaseCountLine], bool]:
    """Per (case type, version, state on ``day``): the number of cases and their fte, as the
    annual overview counts ongoing cases (filed with BZK, not closed by the end of the day)."""
    from_audit = day < local_today()
    if not from_audit and _sees_all(user):
        kept = tallies.tally_rows(tallies.ONGOING_PROVINCE, tallies.NOW, province_id).subquery()
        found = db.session.execute(
            select(kept.c.case_type, kept.c.workflow_version, kept.c.status, kept.c.n, kept.c.fte)
        )
        return _merged_states(user, found), from_audit
    state: Any = (
        func.coalesce(annual_overview.state_on(day), Case.state)
        if from_audit
        else permissions.state_column(user)
    )
    next_day = annual_overview._utc_start(day + timedelta(days=1))
    cases = (
        select(
            Case.case_type.label("case_type"),
            Case.workflow_version.label("version"),
            state.label("state"),
            Case.fte_change.label("fte"),
        )
        .where(
            *conditions(user, CaseFilter()),
            _concerning(province_id),
            Case.created_at < next_day,
            or_(Case.closed_at.is_(None), Case.closed_at >= next_day),
        )
        .subquery()
    )
    grouped = (
        select(
            cases.c.case_type,
            cases.c.version,
            cases.c.state,
            func.count(),
            func.coalesce(func.sum(cases.c.fte), 0),
        )
        .where(cases.c.state.not_in(annual_overview.UNFILED))
        .group_by(cases.c.case_type, cases.c.version, cases.c.state)
    )
    return _merged_states(user, db.session.execute(grouped)), from_audit


def _sees_all(user: User) -> bool:
    """Whether ``user`` sees every case as it is (the kept counts are over all cases, in
    their stored states)."""
    return user.role != MINISTERIE and bool(visible_to(user).compare(true()))


def _merged_states(user: User, found: Iterable[Any]) -> list[CaseCountLine]:
    """Per (type label, state label as ``user`` is shown it): the rows added up."""
    merged: dict[tuple[str, str], tuple[int, int]] = {}
    for case_type, version, code, count, fte in found:
        shown = permissions.shown_state(user, code)
        type_label, state_label = case_lines.labels(case_type, version, shown)
        before = merged.get((type_label, state_label), (0, 0))
        merged[(type_label, state_label)] = (before[0] + count, before[1] + int(fte or 0))
    return [
        CaseCountLine(label=s, case_type=t, count=n, fte=fte)
        for (t, s), (n, fte) in sorted(merged.items())
    ]


def _decided(user: User, province_id: int, year: int) -> list[CaseCountLine]:
    """Per outcome (and case type): the cases closed in ``year`` with a decision."""
    if _sees_all(user):
        kept = tallies.tally_rows(tallies.DECIDED_PROVINCE, year, province_id).subquery()
        found: Iterable[Any] = db.session.execute(
            select(kept.c.case_type, kept.c.workflow_version, kept.c.status, kept.c.n, kept.c.fte)
        )
        return _merged_outcomes(found)
    start = annual_overview._utc_start(date(year, 1, 1))
    end = annual_overview._utc_start(date(year + 1, 1, 1))
    grouped = (
        select(
            Case.case_type,
            Case.workflow_version,
            Case.outcome,
            func.count(),
            func.coalesce(func.sum(Case.fte_change), 0),
        )
        .where(
            *conditions(user, CaseFilter()),
            _concerning(province_id),
            Case.outcome.in_(annual_overview.DECISION_OUTCOMES),
            Case.closed_at >= start,
            Case.closed_at < end,
        )
        .group_by(Case.case_type, Case.workflow_version, Case.outcome)
    )
    return _merged_outcomes(db.session.execute(grouped))


def _merged_outcomes(found: Iterable[Any]) -> list[CaseCountLine]:
    merged: dict[tuple[str, str], tuple[int, int]] = {}
    for case_type, version, outcome, count, fte in found:
        type_label = case_lines.labels(case_type, version, "")[0]
        label = annual_overview.OUTCOME_LABELS.get(outcome, outcome)
        before = merged.get((type_label, label), (0, 0))
        merged[(type_label, label)] = (before[0] + count, before[1] + int(fte or 0))
    return [
        CaseCountLine(label=o, case_type=t, count=n, fte=fte)
        for (t, o), (n, fte) in sorted(merged.items())
    ]


# --- 3. talks, 4. signals, 5. places --------------------------------------------------------


def _talks(user: User, province_id: int, year: int) -> list[TalkLine]:
    """The talks held in ``year`` in the province that ``user`` may see, oldest first, with
    their open follow-ups (two queries)."""
    query = (
        talks._filtered(user, talks.TalkFilter(province_id=province_id, year=year))
        .options(
            joinedload(Talk.province), joinedload(Talk.ministry), selectinload(Talk.follow_ups)
        )
        .order_by(Talk.held_on, Talk.id)
    )
    today = local_today()
    return [
        TalkLine(
            id=talk.id,
            held_on=talk.held_on,
            kind=talk.kind,
            talk_with=talks.talk_label(talk),
            functions=tuple(talk.functions or ()),
            participants=talk.participants,
            topics=talk.topics,
            open_follow_ups=tuple(
                FollowUpLine(f.action, f.owner, f.due_on, is_overdue(f.due_on, f.done_on, today))
                for f in sorted(talk.follow_ups, key=lambda f: (f.due_on, f.id))
                if f.done_on is None
            ),
        )
        for talk in db.session.scalars(query)
    ]


def _signals(user: User, province_id: int) -> list[SignalLine]:
    """The province's open and converted signals that ``user`` may see, open first."""
    query = (
        select(Signal)
        .where(
            signals._visible(user),
            Signal.province_id == province_id,
            Signal.status.in_((signals.OPEN, signals.CONVERTED)),
        )
        .options(joinedload(Signal.ministry))
        .order_by((Signal.status == signals.OPEN).desc(), Signal.id)
    )
    return [
        SignalLine(
            id=s.id,
            ministry=s.ministry.display_name,
            organisation=s.organisation,
            fte_change=s.fte_change,
            horizon=signals.horizon_label(s.horizon_year, s.horizon_quarter),
            status=s.status,
            case_id=s.case_id,
        )
        for s in db.session.scalars(query)
    ]


def _masterplans(user: User, province_id: int) -> list[MasterplanLine]:
    own = set(
        db.session.scalars(select(Masterplan.id).where(Masterplan.province_id == province_id))
    )
    return list_masterplans(user, own) if own else []


# --- the report --------------------------------------------------------------------------


def province_report(user: User, key: str, year: int | None = None) -> ProvinceReport:
    """The report of the province named by ``key`` (slug or CBS code) for ``year`` (default:
    the running year; its jobs at the latest peildatum up to that year)."""
    permissions.require(user, PERMISSION)
    province = find_province(key)
    year, jobs = _jobs(province.name, year)
    cases_on = _year_end(year, local_today())
    ongoing, from_audit = _ongoing(user, province.id, cases_on)
    return ProvinceReport(
        province=province,
        year=year,
        years=jobs.years,
        peildatum=jobs.peildatum,
        jobs=jobs.points,
        sectors=jobs.sectors,
        illustrative=jobs.illustrative,
        sources=jobs.sources,
        cases_on=cases_on,
        state_from_audit=from_audit,
        ongoing=tuple(ongoing),
        decided=tuple(_decided(user, province.id, year)),
        talks=tuple(_talks(user, province.id, year)),
        signals=tuple(_signals(user, province.id)),
        offices=tuple(list_offices(user, province.id)),
        masterplans=tuple(_masterplans(user, province.id)),
    )


# --- downloads -----------------------------------------------------------------------------


def filename(data: ProvinceReport, extension: str) -> str:
    return f"provincierapport-{data.province.slug}-{data.year}.{extension}"


STATUS_LABELS = {signals.OPEN: "open", signals.CONVERTED: "omgezet in een zaak"}
COLUMN_WIDTHS = (16, 30, 18, 18, 18, 18, 14)


def _figure_status(illustrative: bool) -> str:
    return "illustratief" if illustrative else "officieel"


def _sections(
    data: ProvinceReport, function_labels: Mapping[str, str]
) -> list[tuple[str, list[tabular.Row]]]:
    """Per table its sheet name and rows: a title, the header, the rows."""
    name, year = data.province.name, data.year
    jobs: list[tabular.Row] = [
        Heading((f"Rijkswerkgelegenheid in {name} (fte, standplaats)",)),
        Heading(
            ("Peildatum", "Fte", "Fte landelijk", "Aandeel", "Verschil", "Verschil %", "Cijfer")
        ),
        *(
            (
                p.peildatum,
                p.fte,
                p.national_fte,
                p.share,
                p.change,
                p.change_share,
                _figure_status(p.illustrative),
            )
            for p in data.jobs
        ),
        BLANK,
        Heading((f"Per sector op {data.peildatum:%d-%m-%Y}" if data.peildatum else "Per sector",)),
        Heading(
            ("Sector", "Fte", "Aandeel provincie", "Fte landelijk", "Aandeel landelijk", "Cijfer")
        ),
        *(
            (
                s.sector,
                s.fte,
                s.share,
                s.national_fte,
                s.national_share,
                _figure_status(s.illustrative),
            )
            for s in data.sectors
        ),
    ]
    cases: list[tabular.Row] = [
        Heading((f"Lopende zaken op {data.cases_on:%d-%m-%Y}",)),
        Heading(("Zaaktype", "Status", "Aantal", "Fte wijziging")),
        *((c.case_type, c.label, c.count, c.fte) for c in data.ongoing),
        Heading(("Totaal", "", str(data.ongoing_count), str(data.ongoing_fte))),
        BLANK,
        Heading((f"Besloten zaken in {year}",)),
        Heading(("Zaaktype", "Uitkomst", "Aantal", "Fte wijziging")),
        *((c.case_type, c.label, c.count, c.fte) for c in data.decided),
        Heading(("Totaal", "", str(data.decided_count), str(data.decided_fte))),
    ]
    network: list[tabular.Row] = [
        Heading((f"Gesprekken in {year}",)),
        Heading(("Datum", "Gesproken met", "Functies", "Onderwerpen", "Open acties")),
        *(
            (
                t.held_on,
                t.talk_with,
                ", ".join(function_labels.get(f, f) for f in t.functions),
                t.topics,
                "; ".join(
                    f"{f.action} ({f.owner}, {f.due_on:%d-%m-%Y})" for f in t.open_follow_ups
                ),
            )
            for t in data.talks
        ),
        BLANK,
        Heading(("Signalen",)),
        Heading(("Ministerie", "Organisatie", "Fte", "Horizon", "Status")),
        *(
            (s.ministry, s.organisation, s.fte_change, s.horizon, STATUS_LABELS.get(s.status))
            for s in data.signals
        ),
    ]
    places: list[tabular.Row] = [
        Heading((f"Kantoren en rijksontmoetingspleinen in {name}",)),
        Heading(
            (
                "Plaats",
                "Naam",
                "Werkplekken",
                "Vrij",
                "Rijksontmoetingsplein",
                "Opening",
                "Masterplan",
                "Bron",
            )
        ),
        *(
            (
                o.place,
                o.name,
                o.workplaces,
                o.free,
                o.meeting_status_label if o.meeting_place else "",
                o.opening.iso if o.opening else "",
                o.masterplan,
                o.source,
            )
            for o in data.offices
        ),
        BLANK,
        Heading(("Masterplan", "Periode", "Status", "Zaken", "Verzoeken tot Wijziging")),
        *((m.name, m.period, m.status, m.cases, m.change_requests) for m in data.masterplans),
    ]
    return [
        ("Werkgelegenheid", jobs),
        ("Zaken", cases),
        ("Gesprekken en signalen", network),
        ("Kantoren", places),
    ]


def csv_bytes(data: ProvinceReport, function_labels: Mapping[str, str]) -> Iterator[bytes]:
    """The tables one after the other under the report's title, an empty line between.
    Built whole before it is returned, so nothing can fail once the response has started."""
    title = Heading((f"Provinciaal rapport {data.province.name} {data.year}",))
    rows: list[tabular.Row] = [title]
    for _, section in _sections(data, function_labels):
        rows += [BLANK, *section]
    return iter([tabular.csv_document(rows)])


def xlsx_file(data: ProvinceReport, function_labels: Mapping[str, str]) -> IO[bytes]:
    """One sheet per section, in a temporary file positioned at its start."""
    return tabular.xlsx_file(
        tabular.Sheet(name, rows, COLUMN_WIDTHS) for name, rows in _sections(data, function_labels)
    )
