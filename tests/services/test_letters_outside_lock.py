"""Issuing renders the letter before the case row is locked, at the case version of the
coordinator's form; under the lock that version is checked, so the rendered letter is the
letter of what is issued, and a stale form renders nothing."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from caseflow.domain.errors import Conflict
from caseflow.extensions import db
from caseflow.models import User
from caseflow.services.cases import access, letters, lifecycle
from caseflow.services.cases.lifecycle import latest_advice
from tests.factories import case_in_state
from tests.services.test_letters import pdf_text

Users = dict[str, User]


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Per PDF rendered, whether the case row was locked at that moment."""
    locked: list[bool] = [False]
    rendered: list[bool] = []
    get_case, render_pdf = access.get_case, letters.render_pdf

    def locking_get_case(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("for_update"):
            locked[0] = True
        return get_case(*args, **kwargs)

    def recording_render(html: str) -> bytes:
        rendered.append(locked[0])
        return render_pdf(html)

    monkeypatch.setattr(access, "get_case", locking_get_case)
    monkeypatch.setattr(letters, "render_pdf", recording_render)
    return rendered


def test_the_letter_is_rendered_before_the_row_lock(users: Users, renders: list[bool]) -> None:
    coordinator = users["coordinator"]
    case = case_in_state(users, "omvangswijziging", "ter_goedkeuring")
    case = lifecycle.perform(coordinator, case.id, "uitbrengen", case.version, {})
    assert renders == [False]
    advice = latest_advice(case.id)
    assert advice is not None and advice.status == "uitgebracht"
    assert advice.approved_by_id == coordinator.id and advice.issued_at is not None
    _, pdf = letters.letter_pdf(coordinator, case.id, advice.number)
    text = pdf_text(pdf)
    # Date and approver as before: those of the issue itself.
    assert f"vastgesteld door {coordinator.name}" in text


def test_a_stale_form_renders_no_letter_and_issues_nothing(
    users: Users, renders: list[bool]
) -> None:
    case = case_in_state(users, "omvangswijziging", "ter_goedkeuring")
    with pytest.raises(Conflict):
        lifecycle.perform(users["coordinator"], case.id, "uitbrengen", case.version - 1, {})
    assert renders == []
    advice = latest_advice(case.id)
    assert advice is not None and advice.status == "ter_goedkeuring"


def test_a_role_that_may_not_issue_renders_no_letter(users: Users, renders: list[bool]) -> None:
    case = case_in_state(users, "omvangswijziging", "ter_goedkeuring")
    with pytest.raises(Exception, match="rol"):
        lifecycle.perform(users["ministerie"], case.id, "uitbrengen", case.version, {})
    assert renders == []


def test_a_letter_prepared_at_another_version_is_rendered_again(
    users: Users, renders: list[bool]
) -> None:
    case = case_in_state(users, "omvangswijziging", "ter_goedkeuring")
    advice = latest_advice(case.id)
    assert advice is not None
    prepared = letters.prepare_letter(case, advice, users["coordinator"])
    assert prepared.fits(case, advice)
    stale = replace(prepared, case_version=case.version - 1, pdf=b"%PDF-oud")
    advice.approved_by = users["coordinator"]
    stored = letters.store_letter(case, advice, stale)
    assert stored.pdf != b"%PDF-oud" and len(renders) == 2
    db.session.rollback()
