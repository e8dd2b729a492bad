"""Work queues per role (te doen, bijna verlopen, verlopen, mijn zaken): their counts on
the dashboard, the filtered case list behind each count, and ministry isolation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, select, update

from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import Case, Deadline, User
from caseflow.models.deadline import DONE
from caseflow.services.caselists import queries
from caseflow.services.caselists.queries import CaseFilter
from caseflow.services.cases import lifecycle
from caseflow.services.deadlines import tracking
from tests.conftest import login, make_user
from tests.factories import case_in_state, organisation_id

Users = dict[str, User]
QUEUE_LABELS = {
    "te_doen": "Te doen",
    "bijna_verlopen": "Bijna verlopen",
    "verlopen": "Verlopen",
    "mijn_zaken": "Mijn zaken",
}


def _with_deadlines(case: Case) -> Case:
    """Start the deadlines the case's (hand-set) state implies, as a transition would."""
    tracking.follow_case(case, lifecycle.definition_of(case))
    db.session.commit()
    return case


def _due(case: Case, day: date) -> None:
    """Move the case's open deadline(s) to ``day`` directly in the database."""
    db.session.execute(update(Deadline).where(Deadline.case_id == case.id).values(due_on=day))
    db.session.commit()


def _in(working_days: int) -> date:
    return tracking.calendar().add_working_days(local_today(), working_days)


def _case(users: Users, state: str, due: date, **traits: Any) -> Case:
    case = _with_deadlines(case_in_state(users, "omvangswijziging", state, **traits))
    _due(case, due)
    return case


def _awaiting_approval(users: Users, due: date) -> Case:
    """A draft of adviseur2 put up for approval while the advice term runs (it starts in
    'in behandeling' and runs on in 'ter goedkeuring')."""
    case = _case(users, "in_behandeling", due, assignee=users["adviseur2"])
    case.state = "ter_goedkeuring"
    db.session.commit()
    return case


@pytest.fixture
def world(users: Users) -> dict[str, Case]:
    """Cases whose open deadline sits at a known distance from today."""
    today = local_today()
    made = {
        "intake_far": _case(users, "ingediend", _in(10)),
        "intake_cutoff": _case(users, "ingediend", _in(5)),  # the 5th working day: still soon
        "intake_after_cutoff": _case(users, "ingediend", _in(6)),
        "intake_today": _case(users, "ingediend", today),  # due today: soon, not overdue
        "intake_late": _case(users, "ingediend", today - timedelta(days=1)),
        "reply_soon": _case(users, "advies_uitgebracht", _in(2)),
        "reply_late": _case(users, "advies_uitgebracht", _in(-3)),
        "agenda_late": _case(users, "geen_overeenstemming", _in(-1)),
        "advice_soon_other": _case(users, "in_behandeling", _in(1), assignee=users["adviseur2"]),
        # The coordinator's own: a draft awaiting approval, and an intake assigned to him.
        "approval_soon": _awaiting_approval(users, _in(2)),
        "coordinator_intake_soon": _case(users, "ingediend", _in(3), assignee=users["coordinator"]),
        "ocw_reply_late": _case(
            users,
            "advies_uitgebracht",
            _in(-1),
            owner=users["ministerie_ocw"],
            organisation_id=organisation_id("DUO"),
        ),
    }
    # A paused deadline (the clock stopped) and a closed one are never "verlopen".
    paused = _case(users, "ingediend", _in(-4))
    paused.state = "aanvulling_gevraagd"
    _with_deadlines(paused)
    _due(paused, _in(-4))
    done = _case(users, "ingediend", _in(-4))
    db.session.execute(update(Deadline).where(Deadline.case_id == done.id).values(status=DONE))
    db.session.commit()
    made["paused"], made["done"] = paused, done
    return made


EXPECTED: dict[str, dict[str, set[str]]] = {  # user key -> queue -> world keys
    "adviseur": {
        "bijna_verlopen": {"intake_cutoff", "intake_today"},
        "verlopen": {"intake_late"},
    },
    "adviseur2": {
        "bijna_verlopen": {"intake_cutoff", "intake_today", "advice_soon_other", "approval_soon"},
        "verlopen": {"intake_late"},
    },
    # Only his own tasks are almost due (approving, his own intake), not every adviser's
    # term; overdue terms are his too, as he is told of them (reminders).
    "coordinator": {
        "bijna_verlopen": {"approval_soon", "coordinator_intake_soon"},
        "verlopen": {"intake_late"},
    },
    "ministerie": {"bijna_verlopen": {"reply_soon"}, "verlopen": {"reply_late"}},
    "ministerie_ocw": {"bijna_verlopen": set(), "verlopen": {"ocw_reply_late"}},
    "secretariaat": {"bijna_verlopen": set(), "verlopen": {"agenda_late"}},
}


def _listed(user: User, queue: str) -> set[int]:
    found = queries.page(user, CaseFilter(queue=queue), None, 1000)
    assert queries.count(user, CaseFilter(queue=queue)) == len(found.cases)
    return {c.id for c in found.cases}


def _dashboard_count(page: str, queue: str) -> int:
    link = re.search(
        rf'<a href="/zaken\?wachtrij={queue}">{QUEUE_LABELS[queue]}: (\d+) zaa?k(?:en)?</a>', page
    )
    assert link, (queue, page[:4000])
    return int(link.group(1))


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_deadline_queues_per_role(
    client: FlaskClient, users: Users, world: dict[str, Case], key: str
) -> None:
    user = users[key]
    login(client, user)
    dashboard = client.get("/").get_data(as_text=True)
    for queue, names in EXPECTED[key].items():
        expected = {world[n].id for n in names}
        assert _listed(user, queue) == expected, (key, queue)
        assert queries.queue_counts(user)[queue] == len(expected)
        assert _dashboard_count(dashboard, queue) == len(expected)
        page = client.get(f"/zaken?wachtrij={queue}").get_data(as_text=True)
        for name, case in world.items():
            assert (case.reference in page) == (name in names), (key, queue, name)
        assert f'<option value="{queue}" selected>' in page


def test_queues_combine_with_other_filters(users: Users, world: dict[str, Case]) -> None:
    coordinator = users["coordinator"]
    soon = CaseFilter(queue="bijna_verlopen", state="ter_goedkeuring")
    assert {c.id for c in queries.page(coordinator, soon, None, 50).cases} == {
        world["approval_soon"].id
    }
    reference = world["coordinator_intake_soon"].reference
    found = queries.page(coordinator, CaseFilter(queue="bijna_verlopen", q=reference), None, 50)
    assert [c.id for c in found.cases] == [world["coordinator_intake_soon"].id]


def test_te_doen_is_the_waiting_queue(client: FlaskClient, users: Users) -> None:
    submitted = case_in_state(users, "omvangswijziging", "ingediend")
    issued = case_in_state(users, "nieuwe_dienst", "advies_uitgebracht")
    ocw_concept = case_in_state(users, "masterplan", "concept", owner=users["ministerie_ocw"])
    expected = {
        "ministerie": {issued.id},
        "ministerie_ocw": {ocw_concept.id},
        "adviseur": {submitted.id},
        "secretariaat": set(),
    }
    for key, ids in expected.items():
        user = users[key]
        assert _listed(user, "te_doen") == ids, key
        assert _listed(user, "te_doen") == _listed_waiting(user), key
        login(client, user)
        dashboard = client.get("/").get_data(as_text=True)
        assert _dashboard_count(dashboard, "te_doen") == len(ids), key
        assert f"Te doen ({len(ids)})" in dashboard


def test_the_coordinators_te_doen_holds_only_his_own_tasks(
    client: FlaskClient, users: Users
) -> None:
    """Not every submitted case: approving others' drafts, closing, and the handler's steps
    on cases assigned to him."""
    coordinator, adviser = users["coordinator"], users["adviseur"]
    mine = {
        "approve": case_in_state(users, "omvangswijziging", "ter_goedkeuring"),
        "close": case_in_state(users, "nieuwe_dienst", "overeenstemming"),
        "intake_assigned": case_in_state(users, "masterplan", "ingediend", assignee=coordinator),
        "drafting_assigned": case_in_state(
            users, "omvangswijziging", "in_behandeling", assignee=coordinator
        ),
    }
    others = {
        "submitted": case_in_state(users, "omvangswijziging", "ingediend"),
        "in_progress": case_in_state(users, "nieuwe_dienst", "in_behandeling", assignee=adviser),
        # Four-eyes: his own draft waits for another coordinator.
        "own_draft": case_in_state(
            users, "omvangswijziging", "ter_goedkeuring", drafter=coordinator
        ),
        "zbo_of_adviser": case_in_state(users, "zbo_gesprek", "gevoerd", assignee=adviser),
    }
    assert _listed(coordinator, "te_doen") == {c.id for c in mine.values()}
    login(client, coordinator)
    dashboard = client.get("/").get_data(as_text=True)
    assert _dashboard_count(dashboard, "te_doen") == len(mine)
    page = client.get("/zaken?wachtrij=te_doen").get_data(as_text=True)
    for name, case in {**mine, **others}.items():
        assert (case.reference in page) == (name in mine), name
    # The filter "wacht op mij" still shows everything he may act on.
    assert others["submitted"].id in _listed_waiting(coordinator)


def _listed_waiting(user: User) -> set[int]:
    found = queries.page(user, CaseFilter(waiting_for=user.role), None, 1000)
    return {c.id for c in found.cases}


def test_mijn_zaken_per_role(client: FlaskClient, users: Users) -> None:
    colleague = make_user("ministerie", "JenV", email="collega-jenv@test.nl")
    mine = case_in_state(users, "omvangswijziging", "ingediend")  # filed by "ministerie"
    theirs = case_in_state(users, "nieuwe_dienst", "concept", owner=colleague)
    for_adviser = case_in_state(users, "masterplan", "in_behandeling")  # assigned: adviseur
    for_adviser2 = case_in_state(
        users, "omvangswijziging", "in_behandeling", assignee=users["adviseur2"]
    )
    for_coordinator = case_in_state(
        users, "nieuwe_dienst", "in_behandeling", assignee=users["coordinator"]
    )
    ocw = case_in_state(users, "nieuwe_dienst", "concept", owner=users["ministerie_ocw"])
    expected = {
        users["ministerie"]: {mine.id, for_adviser.id, for_adviser2.id, for_coordinator.id},
        colleague: {theirs.id},
        users["ministerie_ocw"]: {ocw.id},
        users["adviseur"]: {for_adviser.id},
        users["adviseur2"]: {for_adviser2.id},
        users["coordinator"]: {for_coordinator.id},
    }
    for user, ids in expected.items():
        assert _listed(user, "mijn_zaken") == ids, user.email
        login(client, user)
        dashboard = client.get("/").get_data(as_text=True)
        assert _dashboard_count(dashboard, "mijn_zaken") == len(ids), user.email
        page = client.get("/zaken?wachtrij=mijn_zaken").get_data(as_text=True)
        assert f"{len(ids)} {'zaak' if len(ids) == 1 else 'zaken'} gevonden" in page


def test_secretariat_has_the_board_instead_of_own_cases(client: FlaskClient, users: Users) -> None:
    case_in_state(users, "omvangswijziging", "geen_overeenstemming")
    secretary = users["secretariaat"]
    assert "mijn_zaken" not in queries.queue_counts(secretary)
    assert _listed(secretary, "mijn_zaken") == set()
    login(client, secretary)
    dashboard = client.get("/").get_data(as_text=True)
    assert 'href="/ministerraad"' in dashboard and "Escalaties voor de ministerraad" in dashboard
    assert "wachtrij=mijn_zaken" not in dashboard
    assert _dashboard_count(dashboard, "te_doen") == 1
    assert client.get("/ministerraad").status_code == 200
    page = client.get("/zaken?wachtrij=mijn_zaken")
    assert page.status_code == 200 and "0 zaken gevonden" in page.get_data(as_text=True)


def test_unknown_queue_is_ignored_and_administrator_has_none(
    client: FlaskClient, users: Users
) -> None:
    case_in_state(users, "omvangswijziging", "ingediend")
    login(client, users["coordinator"])
    page = client.get("/zaken?wachtrij=alles").get_data(as_text=True)
    assert "1 zaak gevonden" in page  # an unknown queue filters nothing
    assert queries.queue_counts(users["beheerder"]) == {}
    assert _listed(users["beheerder"], "te_doen") == set()


def test_ocw_never_counts_jenv_cases(client: FlaskClient, users: Users) -> None:
    jenv = _case(users, "advies_uitgebracht", local_today() - timedelta(days=2))
    login(client, users["ministerie_ocw"])
    dashboard = client.get("/").get_data(as_text=True)
    for queue in ("te_doen", "bijna_verlopen", "verlopen", "mijn_zaken"):
        assert _dashboard_count(dashboard, queue) == 0, queue
        page = client.get(f"/zaken?wachtrij={queue}").get_data(as_text=True)
        assert jenv.reference not in page and "0 zaken gevonden" in page
    login(client, users["ministerie"])
    assert _dashboard_count(client.get("/").get_data(as_text=True), "verlopen") == 1


@contextmanager
def _statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_dashboard_counts_take_one_query_per_queue(client: FlaskClient, users: Users) -> None:
    def case_queries() -> int:
        login(client, users["coordinator"])
        with _statements() as seen:
            assert client.get("/").status_code == 200
        return sum(1 for sql in seen if "FROM cases" in sql)

    for _ in range(2):
        _case(users, "ingediend", local_today())
    few = case_queries()
    for _ in range(6):
        _case(users, "ingediend", local_today() - timedelta(days=1))
    assert case_queries() == few
    # 3 queue counts and the first page of "te doen"; "verlopen" counts the running
    # deadlines alone (their case's handler is on them) and the counts per status come from
    # case_counts, not from the cases.
    assert few == 4


def test_queue_counts_match_the_world(users: Users, world: dict[str, Case]) -> None:
    counts = queries.queue_counts(users["adviseur"])
    assert set(counts) == {"te_doen", "bijna_verlopen", "verlopen", "mijn_zaken"}
    owned = db.session.scalars(
        select(Case.id).where(Case.assignee_id == users["adviseur"].id)
    ).all()
    assert counts["mijn_zaken"] == len(owned)
