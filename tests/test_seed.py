"""`flask caseflow seed`, as `make run` calls it: one transaction, all or nothing; the demo
covers every state of every workflow, three ministries and a folded one; twice adds nothing."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

import workflows
from caseflow.extensions import db
from caseflow.models import (
    AdviceWeighing,
    Case,
    Ministry,
    Office,
    Signal,
    Talk,
    TalkFollowUp,
)
from caseflow.services.cases import letters
from caseflow.services.cases.access import holder_of
from caseflow.services.installation import demo
from caseflow.services.reference import loader


def _row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table)) or 0
        for table in db.metadata.sorted_tables
    }


def _seed(app: Flask) -> str:
    result = app.test_cli_runner().invoke(args=["caseflow", "seed"])
    assert result.exit_code == 0, result.output
    return result.output


def _ministry_user_sees(app: Flask, key: str) -> str:
    client: FlaskClient = app.test_client()
    response = client.post(
        "/inloggen", data={"email": demo.demo_email(key), "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302, key
    return client.get("/zaken").get_data(as_text=True)


def test_a_failure_half_way_leaves_the_database_as_it_was(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reference data the seed would put back, to see that its first step is undone too.
    db.session.execute(update(Ministry).where(Ministry.abbreviation == "OCW").values(name="X"))
    db.session.commit()
    before = _row_counts()

    def no_pango(html: str) -> bytes:
        raise OSError("cannot load library 'libpango-1.0-0': no such file\n(details)")

    monkeypatch.setattr(letters, "render_pdf", no_pango)
    result = app.test_cli_runner().invoke(args=["caseflow", "seed"])

    assert result.exit_code == 1
    assert result.output.strip() == (
        "Laden mislukt bij demozaak «[DEMO] Groei DUO Groningen (overeenstemming)» "
        "(OSError: cannot load library 'libpango-1.0-0': no such file): er is niets "
        "opgeslagen, de database is zoals hij was."
    )
    assert _row_counts() == before
    assert "X" in db.session.scalars(select(Ministry.name).where(Ministry.abbreviation == "OCW"))
    loader.load_reference()  # the name back for the tests after this one
    assert "X" not in db.session.scalars(
        select(Ministry.name).where(Ministry.abbreviation == "OCW")
    )


def test_demo_covers_every_state_three_ministries_and_a_folded_one(app: Flask) -> None:
    first = _seed(app)
    made = db.session.scalar(select(func.count()).select_from(Case).where(Case.demo)) or 0
    assert f"Demozaken aangemaakt: {made}." in first
    assert "ministerie3@demo.caseflow.nl" in first
    after_first = _row_counts()
    assert "Demozaken aangemaakt: 0." in _seed(app)
    assert _row_counts() == after_first
    # The demo advices are weighed along the leidraad, so their letters show the weighing.
    assert db.session.scalar(select(func.count()).select_from(AdviceWeighing))
    # The regional network: two talks (once, not again on the second seed), a due follow-up
    # and a signal from the ministry talk.
    assert db.session.scalar(select(func.count()).select_from(Talk)) == 2
    assert db.session.scalar(select(func.count()).select_from(TalkFollowUp)) == 1
    (signal,) = db.session.scalars(select(Signal))
    assert signal.talk is not None and signal.talk.kind == "ministerie"
    # One demo case records a place of work beside its standplaats (hybrid working).
    assert [(c.work_place, c.work_fte) for c in demo_cases_with_place_of_work()] == [("Assen", 40)]
    demo_offices = db.session.scalars(select(Office).where(Office.source.startswith("[DEMO]")))
    assert sorted((o.place, o.workplaces - o.occupied) for o in demo_offices) == [
        ("Groningen", 60),
        ("Zwolle", 120),
    ]

    demo_cases = list(db.session.scalars(select(Case).where(Case.demo)))
    shown = {(case.case_type, case.state) for case in demo_cases}
    for code in workflows.CASE_TYPES:
        for state in workflows.latest(code).states:
            assert (code, state.code) in shown, (code, state.code)
    ministries = {case.ministry_id for case in demo_cases}
    assert len(ministries) >= 3
    folded = [case for case in demo_cases if case.ministry.valid_to is not None]
    assert folded, "no demo case under a ministry that no longer exists"
    assert all(holder_of(case.ministry_id) != case.ministry_id for case in folded)
    _each_ministry_user_sees_its_own(app, demo_cases)


def _each_ministry_user_sees_its_own(app: Flask, demo_cases: list[Case]) -> None:
    """Logged in as each demo ministry, the case list holds that ministry's cases (those of
    the ministries it took over included) and none of another's."""
    names: dict[int, str] = {m.id: m.abbreviation for m in db.session.scalars(select(Ministry))}
    holder = {case.id: names[case.holder_ministry_id] for case in demo_cases}
    jenv = [case for case in demo_cases if holder[case.id] == "JenV"]
    assert any(case.ministry.abbreviation == "AenM" for case in jenv)
    for key, _name, _role, abbreviation in demo.DEMO_USERS:
        if abbreviation is None:
            continue
        page = _ministry_user_sees(app, key)
        own = [c for c in demo_cases if holder[c.id] == abbreviation]
        assert len(own) >= 5, abbreviation
        for case in demo_cases:
            assert (case.title in page) == (case in own), (abbreviation, case.title)


def demo_cases_with_place_of_work() -> list[Case]:
    query = select(Case).where(Case.demo, Case.work_province_id.is_not(None))
    return list(db.session.scalars(query))
