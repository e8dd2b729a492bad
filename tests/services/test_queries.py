"""Case lists, counts and work queues: isolation per ministry, keyset pages, filters."""

from __future__ import annotations

from collections import Counter

from caseflow.models import Case, User
from caseflow.services.caselists import queries
from caseflow.services.caselists.queries import CaseFilter
from caseflow.services.reference.loader import current_ministry
from tests.factories import case_in_state, organisation_id, province_id

Users = dict[str, User]
ALL = CaseFilter()

LOCATION_STATES = (
    "concept",
    "ingediend",
    "aanvulling_gevraagd",
    "in_behandeling",
    "ter_goedkeuring",
    "advies_uitgebracht",
    "overeenstemming",
    "geen_overeenstemming",
    "geagendeerd",
    "besloten",
    "afgerond",
    "ingetrokken",
    "buiten_behandeling",
)
ZBO_STATES = ("gepland", "gevoerd", "opvolging", "afgerond", "geannuleerd")

# Written by hand from domain.md: in which open states a case waits for each role. Side
# actions (withdraw, cancel, assign, out of scope) are possible but never awaited.
WAITING: dict[str, tuple[set[str], set[str]]] = {  # role -> (location states, zbo states)
    "ministerie": ({"concept", "aanvulling_gevraagd", "advies_uitgebracht"}, {"opvolging"}),
    "adviseur": ({"ingediend", "in_behandeling"}, {"gepland", "gevoerd", "opvolging"}),
    "coordinator": (
        {"ingediend", "in_behandeling", "ter_goedkeuring", "overeenstemming", "besloten"},
        {"gepland", "gevoerd", "opvolging"},
    ),
    "secretariaat": ({"geen_overeenstemming", "geagendeerd"}, set()),
    "beheerder": (set(), set()),
}


def ids(cases: list[Case]) -> set[int]:
    return {c.id for c in cases}


def listed(user: User, f: CaseFilter = ALL) -> set[int]:
    page = queries.page(user, f, None, 1000)
    assert page.next_after is None
    assert queries.count(user, f) == len(page.cases)
    return ids(list(page.cases))


def ocw_cases(users: Users) -> list[Case]:
    ocw = users["ministerie_ocw"]
    return [
        case_in_state(users, "nieuwe_dienst", "concept", owner=ocw),
        case_in_state(
            users,
            "omvangswijziging",
            "ingediend",
            owner=ocw,
            organisation_id=organisation_id("DUO"),
        ),
    ]


def test_lists_and_counts_are_isolated_per_ministry(users: Users) -> None:
    jenv = [
        case_in_state(users, "omvangswijziging", "ingediend"),
        case_in_state(users, "masterplan", "in_behandeling"),
        case_in_state(users, "zbo_gesprek", "gepland"),
    ]
    ocw = ocw_cases(users)

    assert listed(users["ministerie_ocw"]) == ids(ocw)
    assert queries.state_counts(users["ministerie_ocw"]) == {
        "nieuwe_dienst:concept": 1,
        "omvangswijziging:ingediend": 1,
    }
    assert listed(users["ministerie"]) == ids(jenv)
    assert queries.state_counts(users["ministerie"]) == {
        "omvangswijziging:ingediend": 1,
        "masterplan:in_behandeling": 1,
        "zbo_gesprek:gepland": 1,
    }
    # A filter on another ministry never widens what a ministry user sees.
    jenv_id = current_ministry("JenV").id
    assert listed(users["ministerie_ocw"], CaseFilter(ministry_id=jenv_id)) == set()
    assert listed(users["ministerie_ocw"], CaseFilter(waiting_for="ministerie")) == {ocw[0].id}

    for role in ("adviseur", "coordinator", "secretariaat"):
        assert listed(users[role]) == ids(jenv + ocw), role
        assert sum(queries.state_counts(users[role]).values()) == 5
    # The application administrator sees no case content at all.
    assert listed(users["beheerder"]) == set()
    assert listed(users["beheerder"], CaseFilter(waiting_for="beheerder")) == set()
    assert queries.state_counts(users["beheerder"]) == {}


def test_keyset_pagination_returns_every_case_exactly_once(users: Users) -> None:
    made = [case_in_state(users, "nieuwe_dienst", "ingediend") for _ in range(7)]
    made += ocw_cases(users)
    for user, size in (
        (users["coordinator"], 3),
        (users["coordinator"], 9),
        (users["ministerie"], 2),
        (users["coordinator"], 1),
    ):
        seen: list[int] = []
        after = None
        pages = 0
        while True:
            page = queries.page(user, ALL, after, size)
            pages += 1
            assert len(page.cases) <= size
            seen += [c.id for c in page.cases]
            if page.next_after is None:
                break
            assert page.next_after == page.cases[-1].id
            after = page.next_after
        expected = ids(made) if user.role == "coordinator" else ids(made[:7])
        assert seen == sorted(expected, reverse=True)  # newest first, no duplicates
        assert pages == -(-len(expected) // size)


def test_filters_combine(users: Users) -> None:
    overijssel, limburg = province_id("Overijssel"), province_id("Limburg")
    grow = case_in_state(users, "omvangswijziging", "ingediend")  # current: Overijssel
    grow_limburg = case_in_state(
        users, "omvangswijziging", "ingediend", current_province_id=limburg
    )
    new_limburg = case_in_state(users, "nieuwe_dienst", "ingediend")  # proposed: Limburg
    new_overijssel = case_in_state(
        users, "nieuwe_dienst", "in_behandeling", proposed_province_id=overijssel
    )
    assigned = case_in_state(users, "nieuwe_dienst", "ingediend", assignee=users["adviseur2"])
    ocw = ocw_cases(users)
    viewer = users["coordinator"]

    assert listed(viewer, CaseFilter(case_type="nieuwe_dienst")) == ids(
        [new_limburg, new_overijssel, assigned, ocw[0]]
    )
    assert listed(viewer, CaseFilter(case_type="nieuwe_dienst", state="ingediend")) == ids(
        [new_limburg, assigned]
    )
    # The province matches the current or the proposed location.
    assert listed(viewer, CaseFilter(province_id=limburg)) == ids(
        [grow_limburg, new_limburg, assigned, ocw[0]]
    )
    assert listed(viewer, CaseFilter(province_id=overijssel)) == ids([grow, new_overijssel, ocw[1]])
    both = CaseFilter(case_type="omvangswijziging", state="ingediend", province_id=overijssel)
    assert listed(viewer, both) == ids([grow, ocw[1]])
    jenv = CaseFilter(
        ministry_id=current_ministry("JenV").id, state="ingediend", province_id=overijssel
    )
    assert listed(viewer, jenv) == {grow.id}
    assert listed(viewer, CaseFilter(assignee_id=users["adviseur2"].id)) == {assigned.id}
    assert listed(viewer, CaseFilter(assignee_id=users["adviseur"].id)) == {new_overijssel.id}
    nothing = CaseFilter(case_type="masterplan", province_id=limburg)
    assert listed(viewer, nothing) == set()


def test_waiting_for_each_role(users: Users) -> None:
    world = [case_in_state(users, "omvangswijziging", s) for s in LOCATION_STATES]
    world += [case_in_state(users, "zbo_gesprek", s) for s in ZBO_STATES]
    world += [
        case_in_state(users, "masterplan", "advies_uitgebracht"),
        case_in_state(users, "nieuwe_dienst", "in_behandeling", assignee=users["adviseur2"]),
        *ocw_cases(users),
    ]
    problems = []
    for key in (
        "ministerie",
        "ministerie_ocw",
        "adviseur",
        "adviseur2",
        "coordinator",
        "secretariaat",
        "beheerder",
    ):
        user = users[key]
        location_states, zbo_states = WAITING[user.role]
        expected = {
            c.id
            for c in world
            if c.state in (zbo_states if c.case_type == "zbo_gesprek" else location_states)
            and (user.role != "ministerie" or c.ministry_id == user.ministry_id)
            # An adviser's queue: unassigned cases and his own.
            and (user.role != "adviseur" or c.assignee_id in (None, user.id))
        }
        got = listed(user, CaseFilter(waiting_for=user.role))
        if got != expected:
            by_id = {c.id: f"{c.case_type}/{c.state}" for c in world}
            problems.append(
                f"{key}: extra {sorted(by_id[i] for i in got - expected)}, "
                f"missing {sorted(by_id[i] for i in expected - got)}"
            )
    assert not problems, "\n".join(problems)


def test_waiting_combines_with_other_filters(users: Users) -> None:
    issued = [
        case_in_state(users, t, "advies_uitgebracht") for t in ("masterplan", "nieuwe_dienst")
    ]
    case_in_state(users, "masterplan", "ingediend")
    waiting = CaseFilter(waiting_for="ministerie", case_type="masterplan")
    assert listed(users["ministerie"], waiting) == {issued[0].id}
    counts = Counter(c.state for c in queries.page(users["ministerie"], ALL, None, 10).cases)
    assert counts == {"advies_uitgebracht": 2, "ingediend": 1}
