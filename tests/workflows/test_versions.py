"""Workflow versions: the size change's version 2 adds an optional *vooroverleg* before
filing and leaves every path of version 1 as it was (no app, no database)."""

from __future__ import annotations

import workflows
from caseflow import engine
from workflows.base import ADVISEUR, COORDINATOR, MINISTERIE, SECRETARIAAT

V1 = workflows.definition("omvangswijziging", 1)
V2 = workflows.definition("omvangswijziging", 2)


def test_new_cases_get_version_2_and_version_1_stays_registered() -> None:
    assert workflows.latest("omvangswijziging") is V2
    assert (V1.version, V2.version) == (1, 2)
    assert V1.state("concept") and V1.action("vooroverleg_aanvragen") is None
    assert "vooroverleg" not in {s.code for s in V1.states}


def test_version_2_adds_one_state_and_two_actions() -> None:
    assert {s.code for s in V2.states} - {s.code for s in V1.states} == {"vooroverleg"}
    assert {a.name for a in V2.actions} - {a.name for a in V1.actions} == {
        "vooroverleg_aanvragen",
        "vooroverleg_afronden",
    }
    assert V2.state_label("vooroverleg") == "Vooroverleg met BZK"
    assert [s.code for s in V2.states][:3] == ["concept", "vooroverleg", "ingediend"]


def test_every_path_of_version_1_is_unchanged_in_version_2() -> None:
    for old in V1.actions:
        new = V2.action(old.name)
        assert new is not None
        assert (new.branches, new.roles, new.guards, new.form) == (
            old.branches,
            old.roles,
            old.guards,
            old.form,
        )
        extra = set(new.sources) - set(old.sources)
        assert extra == ({"vooroverleg"} if old.name == "intrekken" else set()), old.name
    assert getattr(V2, "fields", None) == getattr(V1, "fields", None)
    assert V1.deadlines == V2.deadlines[: len(V1.deadlines)]


def test_the_consultation_goes_from_concept_and_back() -> None:
    ask, end = V2.action("vooroverleg_aanvragen"), V2.action("vooroverleg_afronden")
    assert ask is not None and end is not None
    assert (ask.sources, ask.destinations("concept"), ask.roles) == (
        ("concept",),
        ("vooroverleg",),
        {MINISTERIE},
    )
    assert (end.sources, end.destinations("vooroverleg"), end.roles) == (
        ("vooroverleg",),
        ("concept",),
        {MINISTERIE, ADVISEUR, COORDINATOR},
    )
    # No guard and no form beyond the comment: nothing can block the way back.
    assert (ask.guards, end.guards, ask.form, end.form) == ((), (), "opmerking", "opmerking")
    assert [a.name for a in V2.actions_from("vooroverleg")] == [
        "intrekken",
        "vooroverleg_afronden",
    ]
    assert not any(SECRETARIAAT in a.roles for a in V2.actions_from("vooroverleg"))


def test_the_ministry_edits_and_may_withdraw_during_the_consultation() -> None:
    assert "vooroverleg" in V2.edit_states
    withdraw = V2.action("intrekken")
    assert withdraw is not None and "vooroverleg" in withdraw.sources
    assert "vooroverleg" not in V1.edit_states


def test_bzk_answers_the_consultation_within_its_own_term() -> None:
    policy = V2.deadlines[-1]
    assert (policy.kind, policy.starts_in, policy.runs_in) == (
        "vooroverleg",
        "vooroverleg",
        ("vooroverleg",),
    )
    assert (policy.working_days, policy.responsible_role) == (10, ADVISEUR)


def test_the_two_versions_have_their_own_machine() -> None:
    assert engine.machine("omvangswijziging", 1) is not engine.machine("omvangswijziging", 2)
    assert "vooroverleg_aanvragen" in engine.machine("omvangswijziging", 2).events
    assert "vooroverleg_aanvragen" not in engine.machine("omvangswijziging", 1).events
    # Building version 2 did not touch version 1's action index.
    assert V1.action("vooroverleg_afronden") is None
