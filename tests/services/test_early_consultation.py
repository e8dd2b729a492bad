"""A size change in vooroverleg (version 2) has not been filed: like a draft, the annual
overview leaves it out of the ongoing cases, and it counts once it is filed."""

from __future__ import annotations

from caseflow.domain.clock import local_today
from caseflow.models import User
from caseflow.services.reporting import annual_overview
from tests.factories import act, case_in_state

Users = dict[str, User]


def _ongoing(users: Users) -> list[str]:
    everything = annual_overview.Selection()
    page = annual_overview.drill_down(
        users["coordinator"], annual_overview.ONGOING, everything, None, local_today()
    )
    assert annual_overview.annual_overview(users["coordinator"]).ongoing.count == len(page.rows)
    return [r.reference for r in page.rows]


def test_the_overview_leaves_an_early_consultation_out(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging")
    assert case.workflow_version == 2
    consulted = act(users["ministerie"], case, "vooroverleg_aanvragen")
    assert consulted.state == "vooroverleg"
    assert _ongoing(users) == []
    back = act(users["adviseur"], consulted, "vooroverleg_afronden")
    filed = act(users["ministerie"], back, "indienen")
    assert filed.state == "ingediend"
    assert _ongoing(users) == [filed.reference]
