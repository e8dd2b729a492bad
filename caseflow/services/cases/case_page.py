"""The case page's read model: everything the page shows a user, gathered (and checked for
need-to-know) by one call, so the view only renders it and the template queries nothing.
The allowed actions are computed once and reused by every panel that depends on them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from caseflow.domain.matching import Match
from caseflow.domain.spreading import SpreadingCheck
from caseflow.extensions import db
from caseflow.models import (
    Advice,
    AgendaItem,
    Case,
    Document,
    FollowUp,
    Ministry,
    Signal,
    User,
)
from caseflow.services import permissions
from caseflow.services.cases import documents, drafting, lifecycle, weighing
from caseflow.services.cases.access import get_case
from caseflow.services.cases.case_timeline import CaseTimeline, case_timeline
from caseflow.services.cases.change_facts import spreading_applies
from caseflow.services.cases.diagrams import diagram_svg, side_paths
from caseflow.services.cases.effects import current_agenda_item
from caseflow.services.cases.filing import missing_fields
from caseflow.services.deadlines import adjustments
from caseflow.services.insight import labour_market, regions, spreading, spreading_check
from caseflow.services.insight.location_impact import LocationImpact, location_impact
from caseflow.services.network import signals
from caseflow.services.reference import choice_lists
from workflows.base import Action, WorkflowDefinition


@dataclass(frozen=True)
class SpreadingPanels:
    """The case's effect on the spreading and the split-change signals: on the case page and
    beside the advice form, so the adviser drafts with them in view."""

    impact: spreading.CaseImpact | None
    location_impact: LocationImpact | None
    split_flags: list[spreading.SplitFlagView]
    # The regional labour-market indicators of the case's provinces (issue #12 item 5).
    labour_market: list[labour_market.ProvinceIndicators]


@dataclass(frozen=True)
class RegionMatches:
    """The "Passende regio's" panel: the best fitting regions and whether to offer taking a
    region's reasoning into a new draft."""

    matches: list[Match]
    can_draft: bool


@dataclass(frozen=True)
class DocumentsPanel:
    """The "Documenten" section: only the documents the user may see."""

    documents: list[Document]
    upload_refusal: str | None  # None: the user may add a document
    may_share: bool  # the "Delen met het ministerie" buttons and column


@dataclass(frozen=True)
class PublicationPanel:
    """The Woo decisions of a closed case: on the case and on each document the user sees."""

    decision: str
    ground: str
    documents: list[Document]
    may_decide: bool


@dataclass(frozen=True)
class CasePage:
    case: Case
    ministry: Ministry  # on whose behalf the case was filed
    definition: WorkflowDefinition
    shown_state: str  # the state as the user is shown it (permissions.shown_state)
    actions: list[tuple[Action, str | None]]  # with the reason an action is blocked
    can_edit: bool
    deadlines: list[adjustments.Standing]
    missing: list[str]
    concept_notice: bool
    documents: DocumentsPanel
    publication: PublicationPanel | None  # None while the case is open
    check: SpreadingCheck | None  # None where the spreading check does not apply (a talk)
    spreading: SpreadingPanels
    regions: RegionMatches
    advice_versions: list[Advice]  # newest first, only those the user may read
    advice_diffs: dict[int, drafting.VersionDiff]  # BZK only: drafts are internal
    # Per advice id its weighing along the leidraad, for the versions the user may read.
    advice_weighings: dict[int, list[weighing.WeighedLine]]
    may_see_review_comments: bool
    agenda_item: AgendaItem | None
    follow_ups: list[FollowUp]
    from_signals: list[Signal]  # the early signals this case was made from (visible ones)
    diagram: str  # SVG, escaped by the diagram renderer
    side_paths: list[tuple[str, list[str]]]
    timeline: CaseTimeline


def case_page(user: User, case_id: int) -> CasePage:
    """The case page for ``user``; NotFound when the user may not see the case."""
    case = get_case(user, case_id)
    definition = lifecycle.definition_of(case)
    shown_state = permissions.shown_state(user, case.state)
    actions = lifecycle.available_actions(user, case)
    versions = advice_versions(case)
    all_documents = documents.documents_of(case)
    visible_documents = permissions.visible_documents(user, all_documents)
    return CasePage(
        case=case,
        ministry=case.ministry,
        definition=definition,
        shown_state=shown_state,
        actions=actions,
        can_edit=lifecycle.can_edit(user, case),
        deadlines=adjustments.overview(user, case),
        missing=missing_fields(case),
        # The README's decision: BZK reads a concept; the ministry is told so.
        concept_notice=permissions.can(user, "concept_notice.view", case),
        documents=_documents_panel(user, case, visible_documents),
        publication=_publication_panel(user, case, visible_documents),
        check=spreading_check.check_case(case) if spreading_applies(case) else None,
        spreading=_spreading_panels(user, case, versions),
        regions=_region_matches(user, case, actions),
        advice_versions=permissions.visible_advice(user, versions),
        advice_diffs=drafting.version_diffs(user, versions),
        advice_weighings=weighing.visible_weighings(user, versions),
        may_see_review_comments=permissions.can(user, "review_comment.view", case),
        agenda_item=current_agenda_item(case.id),
        follow_ups=choice_lists.follow_ups(case.id),
        from_signals=signals.signals_of_case(user, case.id),
        diagram=diagram_svg(definition, shown_state),
        side_paths=side_paths(definition),
        timeline=case_timeline(user, case, all_documents),
    )


def spreading_panels(user: User, case: Case) -> SpreadingPanels:
    """For the advice form (the caller already checked case access)."""
    return _spreading_panels(user, case, advice_versions(case))


def region_matches(user: User, case: Case) -> RegionMatches:
    """For the advice form, which offers the reasoning as insertions instead of a link."""
    return RegionMatches(regions.matches_for_case(user, case), can_draft=False)


def advice_versions(case: Case) -> list[Advice]:
    """All advice versions of a case, newest first (filter before showing them)."""
    query = select(Advice).where(Advice.case_id == case.id).order_by(Advice.number.desc())
    return list(db.session.scalars(query))


def _spreading_panels(user: User, case: Case, versions: list[Advice]) -> SpreadingPanels:
    # BZK's advised location is that of the latest version the user may see: a ministry
    # sees an advice only once it is issued.
    latest = next(iter(permissions.visible_advice(user, versions)), None)
    return SpreadingPanels(
        spreading.case_impact(case),
        location_impact(case, latest),
        spreading.split_flags_for_case(user, case),
        labour_market.per_province(_province_ids(case)),
    )


def _province_ids(case: Case) -> list[int]:
    places = (case.current_province_id, case.proposed_province_id, case.second_province_id)
    return sorted({p for p in places if p is not None})


def _region_matches(
    user: User, case: Case, actions: list[tuple[Action, str | None]]
) -> RegionMatches:
    can_draft = regions.may_edit(user) and any(
        a.name == regions.PREFILL_ACTION and blocked is None for a, blocked in actions
    )
    # A talk has no location to match (and the page shows no such panel for it).
    found = regions.matches_for_case(user, case) if spreading_applies(case) else []
    return RegionMatches(found, can_draft)


def _documents_panel(user: User, case: Case, shown: list[Document]) -> DocumentsPanel:
    return DocumentsPanel(
        shown,
        documents.upload_refusal(user, case),
        permissions.can(user, "document.share", case),
    )


def _publication_panel(user: User, case: Case, shown: list[Document]) -> PublicationPanel | None:
    if case.closed_at is None:
        return None
    return PublicationPanel(
        case.publication,
        case.publication_ground,
        shown,
        permissions.can(user, "publication.decide"),
    )
