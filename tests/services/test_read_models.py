"""The read models of the case page, the dashboard and the escalation board: one call each,
with need-to-know applied by the service (a ministry never gets draft advice, diffs, review
comments or internal timeline steps), checked against what BZK gets for the same case."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from caseflow.domain.errors import NotAllowed, NotFound
from caseflow.models import User
from caseflow.services.caselists.dashboard import dashboard
from caseflow.services.cases.case_page import CasePage, case_page
from caseflow.services.meetings.board import meeting_board
from tests import need_to_know as nk

Users = dict[str, User]


@pytest.fixture
def case_file(app: Flask, users: Users, tmp_path: Path) -> nk.CaseFile:
    return nk.build(app, users, tmp_path / "documenten")


def _actions(page: CasePage) -> set[str]:
    return {action.name for action, _blocked in page.actions}


def _texts(page: CasePage) -> list[str]:
    return [a.text for a in page.advice_versions]


def test_bzk_gets_the_drafts_their_diffs_and_the_internal_steps(
    users: Users, case_file: nk.CaseFile
) -> None:
    page = case_page(users["coordinator"], case_file.under_approval.id)
    assert page.shown_state == "ter_goedkeuring"
    assert _texts(page) == [nk.DRAFT_TWO, nk.DRAFT_ONE]  # newest first
    assert set(page.advice_diffs) == {2}  # version 2 against version 1
    assert page.may_see_review_comments
    assert {"uitbrengen", "terugsturen"} <= _actions(page)
    names = {d.filename for d in page.documents.documents}
    assert names == {nk.INTERNAL_DOCUMENT, nk.SHARED_DOCUMENT, nk.OWN_DOCUMENT}
    assert page.documents.may_share
    steps = {e.action for e in page.timeline.events}
    assert {"terugsturen", "ter_goedkeuring_voorleggen"} <= steps
    assert not page.concept_notice


def test_a_ministry_gets_no_draft_no_diff_no_comment_and_no_internal_step(
    users: Users, case_file: nk.CaseFile
) -> None:
    page = case_page(users["ministerie"], case_file.under_approval.id)
    assert page.shown_state == "in_behandeling"  # the approval itself is internal
    assert page.advice_versions == []
    assert page.advice_diffs == {}
    assert not page.may_see_review_comments
    assert _actions(page) == {"intrekken"}  # none of BZK's steps
    names = {d.filename for d in page.documents.documents}
    assert names == {nk.SHARED_DOCUMENT, nk.OWN_DOCUMENT}
    assert not page.documents.may_share
    steps = {e.action for e in page.timeline.events}
    assert not steps & {"terugsturen", "ter_goedkeuring_voorleggen", "concept_opslaan"}
    assert all(nk.SEND_BACK not in (e.comment or "") for e in page.timeline.events)
    assert not page.regions.can_draft


def test_a_ministry_reads_only_the_issued_advice(users: Users, case_file: nk.CaseFile) -> None:
    bzk = case_page(users["adviseur"], case_file.issued.id)
    ministry = case_page(users["ministerie"], case_file.issued.id)
    assert nk.REJECTED in _texts(bzk)
    assert _texts(ministry) == [nk.ISSUED]
    assert ministry.advice_diffs == {}


def test_the_case_page_of_a_case_the_user_may_not_see_is_not_found(
    users: Users, case_file: nk.CaseFile
) -> None:
    with pytest.raises(NotFound):
        case_page(users["ministerie_ocw"], case_file.under_approval.id)


def test_the_region_draft_link_follows_the_actions_computed_for_the_page(
    users: Users, case_file: nk.CaseFile
) -> None:
    adviser = users["adviseur"]
    page = case_page(adviser, case_file.under_approval.id)
    may_draft = any(a.name == "concept_opslaan" and not b for a, b in page.actions)
    assert page.regions.can_draft == may_draft


def test_the_dashboard_counts_the_users_queues(users: Users, case_file: nk.CaseFile) -> None:
    coordinator = dashboard(users["coordinator"])
    assert case_file.under_approval.id in {c.id for c in coordinator.waiting.cases}
    assert coordinator.queue_counts["te_doen"] >= 1
    assert sum(coordinator.state_counts.values()) == 2
    assert [d.code for d in coordinator.definitions]
    ministry = dashboard(users["ministerie"])
    assert "omvangswijziging:ter_goedkeuring" not in ministry.state_counts  # shown otherwise


def test_the_administrator_has_no_dashboard(users: Users) -> None:
    with pytest.raises(NotAllowed):
        dashboard(users["beheerder"])


def test_the_escalation_board_is_for_bzk_and_the_secretariat(users: Users) -> None:
    board = meeting_board(users["secretariaat"])
    assert board.may_edit
    assert not meeting_board(users["adviseur"]).may_edit
    with pytest.raises(NotAllowed):
        meeting_board(users["ministerie"])
