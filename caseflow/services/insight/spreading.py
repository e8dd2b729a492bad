"""Spreading insight: the /spreiding dashboard (map, Randstad trend, sectors, cumulative
effect of decided cases), the effect of one case on the case page and split changes.

One query per dataset (figures, provinces, cases), then pure computation in the domain.
Case data always goes through ``access.visible_to``: a ministry user only ever sees (the
effect of) its own ministry's cases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import func, select

from caseflow.domain.clock import AMSTERDAM, local_today, to_local
from caseflow.domain.impact import (
    Impact,
    Move,
    applied,
    impact,
    share_bin,
    usable_fte,
    within_note,
)
from caseflow.domain.place_of_work import BASES, STANDPLAATS
from caseflow.domain.province_map import ProvinceValue, TrendPoint, map_svg, percent, trend_svg
from caseflow.domain.split_changes import Change, SplitFlag, find_split_changes
from caseflow.extensions import db
from caseflow.models import Case, DecidedCount, DecidedEffect, Organisation, Province, User
from caseflow.models.region import EmploymentFigure, NationalFigure
from caseflow.services import permissions
from caseflow.services.cases.access import held_by, holder_of, visible_to
from caseflow.services.cases.change_facts import counted_moves, spreading_applies
from caseflow.services.insight import figure_status
from caseflow.services.places import rooms
from workflows.base import BEHEERDER, MINISTERIE

TOTAAL = "Totaal"
DECIDED_OUTCOMES = ("overeenstemming", "ministerraad")
# Withdrawn or dismissed cases change nothing and are left out of split-change signalling.
DROPPED_OUTCOMES = ("ingetrokken", "buiten_behandeling")


@dataclass(frozen=True)
class FigureRow:
    province: str
    sector: str
    peildatum: date
    fte: float
    source: str
    illustrative: bool


@dataclass(frozen=True)
class ProvinceTotal:
    fte: float
    illustrative: bool


@dataclass(frozen=True)
class ProvinceRow:
    province: str
    fte: float
    share: float
    bin: str
    illustrative: bool
    randstad: bool


@dataclass(frozen=True)
class SectorRow:
    sector: str
    fte: float
    share: float
    illustrative: bool


@dataclass(frozen=True)
class TrendRow:
    peildatum: date
    randstad_fte: float
    total_fte: float
    share: float
    illustrative: bool


@dataclass(frozen=True)
class CumulativeEffect:
    year: int
    case_count: int
    impact: Impact | None
    peildatum: date | None
    illustrative: bool
    skipped: tuple[date, ...] = ()  # newer peildata left out because they are incomplete
    # How the cases' fte are counted (domain.place_of_work.BASES); the figures they are
    # applied to stay by standplaats.
    basis: str = STANDPLAATS

    @property
    def basis_label(self) -> str:
        return BASES[self.basis]


@dataclass(frozen=True)
class IncompletePeildatum:
    peildatum: date
    missing: str  # Dutch: what is missing (figure_completeness.Completeness.summary)


@dataclass(frozen=True)
class Dashboard:
    peildata: list[date]
    sectors: list[str]
    peildatum: date | None
    sector: str
    rows: list[ProvinceRow] = field(default_factory=list)
    total_fte: float = 0.0
    randstad_share: float = 0.0
    illustrative: bool = False
    map_svg: str = ""
    trend: list[TrendRow] = field(default_factory=list)
    trend_svg: str = ""
    sector_rows: list[SectorRow] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    cumulative: CumulativeEffect | None = None
    randstad_provinces: tuple[str, ...] = ()
    reference: date | None = None  # the latest complete peildatum
    incomplete: list[IncompletePeildatum] = field(default_factory=list)


@dataclass(frozen=True)
class CaseImpact:
    impact: Impact
    peildatum: date
    illustrative: bool
    skipped: tuple[date, ...] = ()  # newer peildata left out because they are incomplete


@dataclass(frozen=True)
class SplitCase:
    id: int
    reference: str
    title: str
    fte_change: int
    on: date


@dataclass(frozen=True)
class SplitFlagView:
    organisation: str
    total_fte: int
    first: date
    last: date
    cases: list[SplitCase]


def randstad() -> frozenset[str]:
    return frozenset(current_app.config["RANDSTAD_PROVINCES"])


# --- figures -------------------------------------------------------------------------------


def _figure_rows(peildatum: date | None = None) -> list[FigureRow]:
    """All employment figures (or those of one peildatum) in one query."""
    query = select(
        Province.name,
        EmploymentFigure.sector,
        EmploymentFigure.peildatum,
        EmploymentFigure.fte,
        EmploymentFigure.source,
        EmploymentFigure.illustrative,
    ).join(Province, Province.id == EmploymentFigure.province_id)
    if peildatum is not None:
        query = query.where(EmploymentFigure.peildatum == peildatum)
    return _sound([FigureRow(*row) for row in db.session.execute(query)])


def _sound(rows: list[FigureRow]) -> list[FigureRow]:
    """The figures the pages can compute with: a stored ``nan``, infinity, negative or absurd
    fte (from before imports checked them, or edited in the database) is left out and
    logged, so one bad row never breaks the insight pages for everyone."""
    most = float(current_app.config["FIGURE_MAX_FTE"])
    sound = [r for r in rows if usable_fte(r.fte, most)]
    for row in rows:
        if not usable_fte(row.fte, most):
            current_app.logger.warning(
                "Cijfer overgeslagen (fte %r): %s, %s, %s",
                row.fte,
                row.province,
                row.sector,
                row.peildatum,
            )
    return sound


def province_totals(rows: Iterable[FigureRow], sector: str = "") -> dict[str, ProvinceTotal]:
    """Fte per province for rows of one peildatum: with ``sector`` only that sector; else the
    sum over the sectors, or the "Totaal" row where a province has no sector rows."""
    per_province: dict[str, list[FigureRow]] = {}
    for row in rows:
        if not sector or row.sector == sector:
            per_province.setdefault(row.province, []).append(row)
    totals = {}
    for province, group in per_province.items():
        sectors = [r for r in group if r.sector != TOTAAL] if not sector else group
        used = sectors or group
        totals[province] = ProvinceTotal(
            fte=sum(r.fte for r in used), illustrative=any(r.illustrative for r in used)
        )
    return totals


@dataclass(frozen=True)
class _Reference:
    peildatum: date | None
    totals: dict[str, ProvinceTotal]
    skipped: tuple[date, ...]


def _status_of(rows: Sequence[FigureRow]) -> dict[date, figure_status.PeildatumStatus]:
    return figure_status.statuses((r.province, r.sector, r.peildatum) for r in rows)


def _reference_totals() -> _Reference:
    """Province totals of the reference peildatum (the latest complete one): a newer,
    incomplete year would count a few provinces as the whole country."""
    rows = _figure_rows()
    found = _status_of(rows)
    day = figure_status.reference_peildatum(found)
    skipped = tuple(figure_status.incomplete_after(found, day))
    if day is None:
        return _Reference(None, {}, skipped)
    return _Reference(day, province_totals([r for r in rows if r.peildatum == day]), skipped)


def _share(part: float, total: float) -> float:
    return part / total if total > 0 else 0.0


def _rows_for(
    totals: dict[str, ProvinceTotal], randstad_names: frozenset[str]
) -> list[ProvinceRow]:
    total = sum(t.fte for t in totals.values())
    return [
        ProvinceRow(
            province=name,
            fte=value.fte,
            share=_share(value.fte, total),
            bin=share_bin(_share(value.fte, total)),
            illustrative=value.illustrative,
            randstad=name in randstad_names,
        )
        for name, value in sorted(totals.items())
    ]


def _trend(
    rows: Sequence[FigureRow], sector: str, randstad_names: frozenset[str]
) -> list[TrendRow]:
    per_date: dict[date, list[FigureRow]] = {}
    for row in rows:
        per_date.setdefault(row.peildatum, []).append(row)
    trend = []
    for day in sorted(per_date):
        totals = province_totals(per_date[day], sector)
        if not totals:
            continue
        total = sum(t.fte for t in totals.values())
        in_randstad = sum(t.fte for p, t in totals.items() if p in randstad_names)
        trend.append(
            TrendRow(
                peildatum=day,
                randstad_fte=in_randstad,
                total_fte=total,
                share=_share(in_randstad, total),
                illustrative=any(t.illustrative for t in totals.values()),
            )
        )
    return trend


def _sector_rows(rows: Sequence[FigureRow], total: float) -> list[SectorRow]:
    per_sector: dict[str, list[FigureRow]] = {}
    for row in rows:
        if row.sector != TOTAAL:
            per_sector.setdefault(row.sector, []).append(row)
    return [
        SectorRow(
            sector=name,
            fte=sum(r.fte for r in group),
            share=_share(sum(r.fte for r in group), total),
            illustrative=any(r.illustrative for r in group),
        )
        for name, group in sorted(per_sector.items())
    ]


def _national_sources() -> list[str]:
    return [s for s in db.session.scalars(select(NationalFigure.source).distinct()) if s]


def dashboard(
    user: User,
    peildatum: date | None = None,
    sector: str = "",
    year: int | None = None,
    basis: str = STANDPLAATS,
) -> Dashboard:
    """The dashboard; ``basis`` says how the effect of the decided cases counts their fte
    (per standplaats, the default, or per plaats van tewerkstelling)."""
    permissions.require(user, "insight.view")
    names = randstad()
    found_rows = _figure_rows()
    found = _status_of(found_rows)
    # Only complete peildata are offered and computed with; the others are listed as such.
    peildata = sorted((d for d, s in found.items() if s.complete), reverse=True)
    incomplete = [
        IncompletePeildatum(d, found[d].completeness.summary())
        for d in figure_status.incomplete_after(found, None)
    ]
    all_rows = [r for r in found_rows if r.peildatum in peildata]
    sectors = sorted({r.sector for r in all_rows})
    cumulative_effect = cumulative_effect_for(user, year or local_today().year, basis)
    if not peildata:
        return Dashboard(
            peildata=[],
            sectors=[],
            peildatum=None,
            sector="",
            cumulative=cumulative_effect,
            randstad_provinces=tuple(sorted(names)),
            incomplete=incomplete,
        )
    chosen = peildatum if peildatum in peildata else peildata[0]
    sector = sector if sector in sectors else ""
    day_rows = [r for r in all_rows if r.peildatum == chosen]
    totals = province_totals(day_rows, sector)
    rows = _rows_for(totals, names)
    total = sum(r.fte for r in rows)
    values = {r.province: ProvinceValue(r.fte, r.share, r.illustrative) for r in rows}
    label = f"sector {sector}" if sector else "alle sectoren"
    trend = _trend(all_rows, sector, names)
    randstad_share = _share(sum(r.fte for r in rows if r.randstad), total)
    return Dashboard(
        peildata=peildata,
        sectors=sectors,
        peildatum=chosen,
        sector=sector,
        rows=rows,
        total_fte=total,
        randstad_share=randstad_share,
        illustrative=any(r.illustrative for r in rows),
        map_svg=map_svg(
            values,
            title=f"Rijkswerkgelegenheid per provincie op {chosen:%d-%m-%Y}, {label}",
            description=(
                "Kaart van de twaalf provincies, gekleurd naar aandeel in het landelijk "
                "totaal. De cijfers staan ook in de tabel bij de kaart. Rondjes: het aantal "
                "rijksontmoetingspleinen per provincie, met de plaatsen in hun titel."
            ),
            layer=rooms.map_layer(),
        ),
        trend=trend,
        trend_svg=trend_svg(
            [TrendPoint(str(t.peildatum.year), t.share) for t in trend],
            title=f"Aandeel Randstad per peildatum, {label}",
            description=(
                "Staafdiagram van het aandeel van de Randstad in de rijkswerkgelegenheid: "
                + "; ".join(f"{t.peildatum.year}: {percent(t.share)}" for t in trend)
                + "."
            ),
        ),
        sector_rows=_sector_rows(day_rows, total) if not sector else [],
        sources=sorted({r.source for r in all_rows if r.source} | set(_national_sources())),
        cumulative=cumulative_effect,
        randstad_provinces=tuple(sorted(names)),
        reference=peildata[0],
        incomplete=incomplete,
    )


# --- effect of cases -------------------------------------------------------------------------


def _province_names() -> dict[int, str]:
    return {row.id: row.name for row in db.session.execute(select(Province.id, Province.name))}


def _moves(case: Case, names: dict[int, str], basis: str = STANDPLAATS) -> list[Move]:
    # The case's own kind of change, landing where agreed or decided, else as proposed;
    # per standplaats or per plaats van tewerkstelling.
    return counted_moves(case, names, case.agreed_province_id, basis)


def reference_figures() -> tuple[date, dict[str, float], bool] | None:
    """Peildatum, fte per province and whether illustrative, of the reference figures."""
    reference = _reference_totals()
    if reference.peildatum is None:
        return None
    figures = {name: t.fte for name, t in reference.totals.items()}
    illustrative = any(t.illustrative for t in reference.totals.values())
    return reference.peildatum, figures, illustrative


def case_impact(case: Case) -> CaseImpact | None:
    """The effect of a (visible) case on the figures of the reference peildatum (the latest
    complete one); None without a complete peildatum or without moves."""
    if not spreading_applies(case):
        return None
    reference = _reference_totals()
    if reference.peildatum is None:
        return None
    moves = _moves(case, _province_names())
    if not moves:
        return None
    figures = {name: t.fte for name, t in reference.totals.items()}
    return CaseImpact(
        impact=impact(figures, moves, randstad()),
        peildatum=reference.peildatum,
        illustrative=any(t.illustrative for t in reference.totals.values()),
        skipped=reference.skipped,
    )


def _utc_start_of(year: int) -> datetime:
    """1 January of ``year``, 00:00 Amsterdam time, as naive UTC (how moments are stored)."""
    start = datetime(year, 1, 1, tzinfo=AMSTERDAM)
    return start.astimezone(UTC).replace(tzinfo=None)


def decided_cases(user: User, year: int) -> list[Case]:
    """Cases the user may see with a positive outcome, closed in ``year``."""
    query = select(Case).where(
        visible_to(user),
        Case.outcome.in_(DECIDED_OUTCOMES),
        Case.closed_at >= _utc_start_of(year),
        Case.closed_at < _utc_start_of(year + 1),
    )
    return list(db.session.scalars(query.order_by(Case.closed_at, Case.id)))


def cumulative_effect_for(user: User, year: int, basis: str = STANDPLAATS) -> CumulativeEffect:
    """The decided cases of ``year`` applied to the reference figures (by standplaats), their
    fte counted per ``basis``: from the totals kept per ministry and province
    (``decided_totals``), never from the cases themselves. The notes on moves within one
    province come by province and size."""
    basis = basis if basis in BASES else STANDPLAATS
    ministries = _ministries_seen(user)
    case_count = _decided_count(year, ministries)
    reference = _reference_totals()
    peildatum, totals = reference.peildatum, reference.totals
    if not case_count or peildatum is None:
        return CumulativeEffect(year, case_count, None, peildatum, False, reference.skipped, basis)
    delta, notes = _decided_effect(year, basis, ministries)
    effect = applied({name: t.fte for name, t in totals.items()}, delta, notes, randstad())
    return CumulativeEffect(
        year,
        case_count,
        effect,
        peildatum,
        any(t.illustrative for t in totals.values()),
        reference.skipped,
        basis,
    )


def _ministries_seen(user: User) -> list[int] | None:
    """The ministries (filed under) whose cases the user sees; None: all of them."""
    if user.role == BEHEERDER:
        return []
    if user.role == MINISTERIE:
        return [] if user.ministry_id is None else sorted(held_by(holder_of(user.ministry_id)))
    return None


def _decided_count(year: int, ministries: list[int] | None) -> int:
    query = select(func.coalesce(func.sum(DecidedCount.n), 0)).where(DecidedCount.year == year)
    if ministries is not None:
        query = query.where(DecidedCount.ministry_id.in_(ministries))
    return int(db.session.scalar(query) or 0)


def _decided_effect(
    year: int, basis: str, ministries: list[int] | None
) -> tuple[dict[str, float], list[str]]:
    """Net fte per touched province and the notes on moves within one province."""
    n, fte = func.sum(DecidedEffect.n), func.sum(DecidedEffect.fte)
    query = (
        select(DecidedEffect.province_id, DecidedEffect.within, n, fte)
        .where(DecidedEffect.year == year, DecidedEffect.basis == basis)
        .group_by(DecidedEffect.province_id, DecidedEffect.within)
        .having(n > 0)
    )
    if ministries is not None:
        query = query.where(DecidedEffect.ministry_id.in_(ministries))
    names = _province_names()
    delta: dict[str, float] = {}
    within: list[tuple[str, float, int]] = []
    for province_id, moved, count, net in db.session.execute(query):
        name = (names.get(province_id) or "").strip()
        if not name:
            continue  # a province no longer known: as the moves of its cases are dropped
        if moved:
            within.append((name, float(moved), int(count)))
        else:
            delta[name] = delta.get(name, 0.0) + float(net)
    notes = [within_note(p, f) for p, f, count in sorted(within) for _ in range(count)]
    return delta, notes


# --- split changes ---------------------------------------------------------------------------


# Split changes: the changes of one organisation within this many days (split_changes).
SPLIT_WINDOW = timedelta(days=365)


def _local_date(moment: datetime) -> date:
    return to_local(moment).date()


def _split_flags(
    user: User, organisation_id: int | None = None, between: tuple[date, date] | None = None
) -> list[SplitFlagView]:
    threshold = int(current_app.config["THRESHOLD_FTE"])
    query = (
        select(
            Case.id,
            Case.reference,
            Case.title,
            Case.organisation_id,
            Case.fte_change,
            Case.created_at,
            Organisation.name,
        )
        .join(Organisation, Organisation.id == Case.organisation_id)
        .where(
            visible_to(user),
            Case.case_type == "omvangswijziging",
            Case.fte_change.is_not(None),
            # Only changes under the threshold make up a split change (domain.split_changes).
            func.abs(Case.fte_change) < threshold,
            Case.outcome.not_in(DROPPED_OUTCOMES),
        )
    )
    if organisation_id is not None:
        query = query.where(Case.organisation_id == organisation_id)
    if between is not None:  # local dates; a day's margin for the UTC moments stored
        query = query.where(
            Case.created_at >= datetime.combine(between[0] - timedelta(days=1), time()),
            Case.created_at < datetime.combine(between[1] + timedelta(days=2), time()),
        )
    cases: dict[int, SplitCase] = {}
    organisations: dict[int, str] = {}
    changes = []
    for case_id, reference, title, org_id, fte_change, created_at, org_name in db.session.execute(
        query
    ):
        if org_id is None or fte_change is None:  # excluded by the query; narrows the types
            continue
        on = _local_date(created_at)
        cases[case_id] = SplitCase(case_id, reference, title, fte_change, on)
        organisations[org_id] = org_name
        changes.append(Change(case_id, org_id, on, fte_change))
    return [_flag_view(f, cases, organisations) for f in find_split_changes(changes, threshold)]


def _flag_view(
    flag: SplitFlag, cases: dict[int, SplitCase], organisations: dict[int, str]
) -> SplitFlagView:
    return SplitFlagView(
        organisation=organisations[flag.organisation_id],
        total_fte=flag.total_fte,
        first=flag.first,
        last=flag.last,
        cases=[cases[i] for i in flag.case_ids],
    )


def split_change_list(user: User) -> list[SplitFlagView]:
    """All split changes, for the coordinator and the advisers."""
    permissions.require(user, "split_changes.view")
    return _split_flags(user)


def split_flags_for_case(user: User, case: Case) -> list[SplitFlagView]:
    """The split changes a (visible) case belongs to, among the cases the user may see."""
    if case.case_type != "omvangswijziging" or case.organisation_id is None:
        return []
    # Read the organisation's changes around the case, a window that widens until the flags
    # of the case lie a full signal window (365 days) inside it: no change outside can then
    # join them, so the answer equals that over all the organisation's cases.
    on, span = _local_date(case.created_at), SPLIT_WINDOW
    while True:
        between = (on - span, on + span)
        flags = _split_flags(user, case.organisation_id, between)
        mine = [f for f in flags if any(c.id == case.id for c in f.cases)]
        inside = all(
            f.first - between[0] >= SPLIT_WINDOW and between[1] - f.last >= SPLIT_WINDOW
            for f in mine
        )
        if inside or span > SPLIT_WINDOW * 40:
            return mine
        span *= 2
