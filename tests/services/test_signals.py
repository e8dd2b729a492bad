"""Early signals: who records and reads which (a ministry only its own), validation, the
source talk and optimistic locking."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from caseflow.domain.bounds import FTE_MAX
from caseflow.domain.clock import local_today
from caseflow.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.models import Case, CaseEvent, Notification, User
from caseflow.services.cases import lifecycle
from caseflow.services.insight import regions
from caseflow.services.network import signals, talks
from caseflow.services.network.signals import SignalData
from caseflow.services.network.talks import TalkData
from caseflow.services.places import meeting_places, offices
from caseflow.services.reference.loader import current_ministry
from tests.factories import act, organisation_id, province_id

Users = dict[str, User]


def _growth(ministry: str = "JenV", **extra: object) -> SignalData:
    values: dict[str, object] = {
        "ministry_id": current_ministry(ministry).id,
        "fte_change": 150,
        "horizon_year": 2027,
        "horizon_quarter": 3,
        "organisation": "Uitvoeringsdienst",
        "province_id": province_id("Overijssel"),
        "region": "Zwolle",
    }
    values.update(extra)
    return SignalData(**values)  # type: ignore[arg-type]


def _regional_talk(users: Users) -> int:
    return talks.record_talk(
        users["adviseur"],
        TalkData(
            held_on=local_today() - timedelta(days=1),
            kind="bestuurders",
            province_id=province_id("Overijssel"),
            functions=["gedeputeerde"],
        ),
    )


def test_bzk_records_from_a_talk_and_the_bzk_side_reads(users: Users) -> None:
    talk_id = _regional_talk(users)
    signal_id = signals.record_signal(users["adviseur"], _growth(talk_id=talk_id))
    for role in ("adviseur", "coordinator", "secretariaat"):
        page = signals.get_signal(users[role], signal_id)
        assert (page.fte_change, page.horizon, page.province) == (150, "2027-Q3", "Overijssel")
        assert (page.talk_id, page.status, page.case_id) == (talk_id, "open", None)
        assert [s.id for s in signals.list_signals(users[role])] == [signal_id]


def test_a_ministry_records_and_sees_only_its_own(users: Users) -> None:
    jenv = signals.record_signal(users["ministerie"], _growth("JenV"))
    ocw = signals.record_signal(users["adviseur"], _growth("OCW"))
    assert [s.id for s in signals.list_signals(users["ministerie"])] == [jenv]
    with pytest.raises(NotFound):
        signals.get_signal(users["ministerie"], ocw)
    with pytest.raises(NotAllowed):
        signals.record_signal(users["ministerie"], _growth("OCW"))


def test_a_ministry_cannot_link_a_talk_it_does_not_see(users: Users) -> None:
    talk_id = _regional_talk(users)  # regional talks are BZK's own
    with pytest.raises(ValidationFailed) as refused:
        signals.record_signal(users["ministerie"], _growth(talk_id=talk_id))
    assert "talk_id" in refused.value.fields


@pytest.mark.parametrize("role", ["secretariaat", "beheerder"])
def test_the_secretariat_and_the_administrator_record_none(users: Users, role: str) -> None:
    with pytest.raises(NotAllowed):
        signals.record_signal(users[role], _growth())


def test_the_administrator_sees_none(users: Users) -> None:
    signal_id = signals.record_signal(users["adviseur"], _growth())
    with pytest.raises(NotAllowed):
        signals.list_signals(users["beheerder"])
    with pytest.raises(NotAllowed):
        signals.get_signal(users["beheerder"], signal_id)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("fte_change", 0),
        ("fte_change", FTE_MAX + 1),
        ("fte_change", -FTE_MAX - 1),
        ("horizon_year", 1999),
        ("horizon_quarter", 5),
        ("ministry_id", 999_999),
        ("province_id", 999_999),
        ("talk_id", 999_999),
        ("status", "omgezet"),  # only converting a signal into a case sets it
        ("organisation", "x" * 201),
        ("description", "bad\x00text"),
    ],
)
def test_bad_input_names_the_field(users: Users, field: str, value: object) -> None:
    with pytest.raises(ValidationFailed) as refused:
        signals.record_signal(users["adviseur"], replace(_growth(), **{field: value}))
    assert field in refused.value.fields


def test_shrinkage_is_a_negative_change_and_a_year_is_a_horizon(users: Users) -> None:
    signal_id = signals.record_signal(
        users["adviseur"], _growth(fte_change=-40, horizon_quarter=None)
    )
    page = signals.get_signal(users["adviseur"], signal_id)
    assert (page.fte_change, page.horizon) == (-40, "2027")


def test_a_stale_version_is_a_conflict_and_lapsed_signals_list_last(users: Users) -> None:
    older = signals.record_signal(users["adviseur"], _growth())
    newer = signals.record_signal(users["adviseur"], _growth())
    version = signals.get_signal(users["adviseur"], newer).version
    signals.change_signal(users["adviseur"], newer, version, _growth(status="vervallen"))
    with pytest.raises(Conflict):
        signals.change_signal(users["adviseur"], newer, version, _growth())
    assert [s.id for s in signals.list_signals(users["adviseur"])] == [older, newer]
    assert [s.id for s in signals.list_signals(users["adviseur"], status="vervallen")] == [newer]


@pytest.mark.parametrize(
    ("fte", "organisation", "direction", "case_type"),
    [
        (150, "Uitvoeringsdienst", "groei", "omvangswijziging"),
        (-40, "Uitvoeringsdienst", "krimp", "omvangswijziging"),
        (150, "", "nieuw", "nieuwe_dienst"),
        (150, "   ", "nieuw", "nieuwe_dienst"),
    ],
)
def test_a_signal_reads_as_a_case(
    fte: int, organisation: str, direction: str, case_type: str
) -> None:
    assert signals.signal_direction(fte, organisation) == direction
    assert signals.case_type_for(fte, organisation) == case_type


def test_a_signal_is_matched_to_zwolle_with_its_room(users: Users) -> None:
    meeting_places.load_meeting_places()  # idempotent; emptied between PostgreSQL tests
    offices.add_office(
        users["adviseur"],
        offices.OfficeInput(
            place="Zwolle",
            province_id=province_id("Overijssel"),
            source="RVB 2026",
            name="Rijkskantoor",
            workplaces=300,
            occupied=220,
        ),
    )
    profile = regions.create_profile(
        users["adviseur"],
        regions.ProfileData(
            name="Regio Zwolle",
            provinces=["Overijssel"],
            municipalities=["Zwolle"],
            core_qualities=["Logistiek knooppunt"],
            themes=["migratie"],
            sectors=["asiel"],
        ),
    )
    signal_id = signals.record_signal(
        users["adviseur"], _growth(description="Groei door migratie en asiel.")
    )
    (zwolle,) = signals.matches_for_signal(users["adviseur"], signal_id)
    assert zwolle.profile_id == profile.id
    # theme migratie 1, sector asiel 2, growth outside the Randstad 1.5, the proposed
    # province Overijssel 1 (as for a case)
    assert zwolle.score == 1 + 2 + 1.5 + 1
    assert (
        zwolle.reasons[-1]
        == "Huisvesting: ruimte voor 80 werkplekken in Zwolle, rijksontmoetingsplein opent in 2026."
    )


def test_matches_follow_need_to_know(users: Users) -> None:
    ocw = signals.record_signal(users["adviseur"], _growth("OCW"))
    with pytest.raises(NotFound):
        signals.matches_for_signal(users["ministerie"], ocw)


def test_an_open_signal_becomes_a_prefilled_case(users: Users) -> None:
    # BZK records the signal from a talk; the ministry files the case (case.create).
    signal_id = signals.record_signal(users["adviseur"], _growth(description="Meer zaken."))
    version = signals.get_signal(users["ministerie"], signal_id).version
    case_id = signals.convert_signal(users["ministerie"], signal_id, version)
    case = db.session.get(Case, case_id)
    assert case is not None
    assert (case.case_type, case.state, case.ministry_id) == (
        "omvangswijziging",
        "concept",
        current_ministry("JenV").id,
    )
    assert case.title == "Uitvoeringsdienst: +150 fte (2027-Q3)"
    assert (case.fte_change, case.change_kind, case.unit_name) == (
        150,
        "groei",
        "Uitvoeringsdienst",
    )
    assert (case.proposed_province_id, case.motivation) == (
        province_id("Overijssel"),
        "Meer zaken.",
    )
    page = signals.get_signal(users["adviseur"], signal_id)
    assert (page.status, page.case_id) == ("omgezet", case_id)
    with pytest.raises(Conflict):  # once only
        signals.convert_signal(users["ministerie"], signal_id, page.version)


def test_a_ministry_converts_its_own_signal_into_a_new_service(users: Users) -> None:
    signal_id = signals.record_signal(users["ministerie"], _growth(organisation=""))
    version = signals.get_signal(users["ministerie"], signal_id).version
    case_id = signals.convert_signal(users["ministerie"], signal_id, version)
    case = db.session.get(Case, case_id)
    assert case is not None
    assert (case.case_type, case.title) == ("nieuwe_dienst", "Nieuwe dienst: +150 fte (2027-Q3)")


def test_a_refused_conversion_leaves_the_signal_open(users: Users) -> None:
    signal_id = signals.record_signal(users["adviseur"], _growth())
    version = signals.get_signal(users["adviseur"], signal_id).version
    with pytest.raises(Conflict):
        signals.convert_signal(users["ministerie"], signal_id, version + 1)
    with pytest.raises(NotAllowed):  # the secretariat neither files nor prepares cases
        signals.convert_signal(users["secretariaat"], signal_id, version)
    db.session.expire_all()
    assert signals.get_signal(users["adviseur"], signal_id).status == "open"


def test_bzk_sets_a_concept_ready_that_the_ministry_completes_and_submits(users: Users) -> None:
    # BZK converts: the case is a concept of the signal's ministry, which stays the one who
    # files (location cases' create_roles); the ministry's officers are told, BZK may not edit.
    signal_id = signals.record_signal(users["adviseur"], _growth(organisation="IND"))
    version = signals.get_signal(users["adviseur"], signal_id).version
    assert signals.conversion(users["adviseur"]) == signals.PREPARES
    assert signals.conversion(users["ministerie"]) == signals.FILES_ITSELF
    assert signals.conversion(users["secretariaat"]) == ""
    case_id = signals.convert_signal(users["adviseur"], signal_id, version)
    case = db.session.get(Case, case_id)
    assert case is not None
    assert (case.state, case.ministry_id, case.created_by_id) == (
        "concept",
        current_ministry("JenV").id,
        users["adviseur"].id,
    )
    # "IND" names the listed JenV organisation: it is picked, with its seat as the location.
    assert (case.organisation_id, case.unit_name) == (organisation_id("IND"), "")
    assert (case.current_province_id, case.current_place) == (
        province_id("Zuid-Holland"),
        "Den Haag",
    )
    event = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id)).one()
    assert event.comment == (
        f"Klaargezet door BZK voor Ministerie van Justitie en Veiligheid (uit signaal {signal_id})."
    )
    told = db.session.scalars(select(Notification).where(Notification.case_id == case_id)).all()
    assert [n.user_id for n in told] == [users["ministerie"].id]
    assert "concept-zaak" in told[0].text and case.reference in told[0].text
    with pytest.raises(NotAllowed):
        lifecycle.update_case(users["adviseur"], case_id, case.version, {"fte_current": 400})
    # The ministry completes what the signal did not know and submits.
    case = lifecycle.update_case(
        users["ministerie"],
        case_id,
        case.version,
        {
            "fte_current": 400,
            "motivation": "Meer beslismedewerkers.",
            "labour_market_scan": "voldoende",
        },
    )
    case = act(users["ministerie"], case, "indienen")
    assert case.state == "ingediend"


def test_a_signal_naming_no_listed_organisation_keeps_its_text(users: Users) -> None:
    signal_id = signals.record_signal(users["adviseur"], _growth(organisation="RVO"))  # not JenV's
    version = signals.get_signal(users["adviseur"], signal_id).version
    case = db.session.get(Case, signals.convert_signal(users["adviseur"], signal_id, version))
    assert case is not None
    assert (case.organisation_id, case.unit_name, case.current_province_id) == (None, "RVO", None)


def test_the_list_reads_in_a_constant_number_of_statements(users: Users) -> None:
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        statements.append(statement)

    def count() -> int:
        statements.clear()
        db.session.expire_all()
        lines = signals.list_signals(users["adviseur"])
        assert all(line.recorded_by for line in lines)
        return len(statements)

    signals.record_signal(users["adviseur"], _growth())
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        few = count()
        for who in ("coordinator", "ministerie"):  # other recorders, other ministries' rows
            signals.record_signal(users[who], _growth())
        signals.record_signal(users["adviseur"], _growth("OCW"))
        assert count() == few
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
