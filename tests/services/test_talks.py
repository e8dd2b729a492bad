"""The register of talks: who records, who reads what (a ministry only its own talks),
validation, optimistic locking, follow-ups and the yearly overview."""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta

import pytest

from caseflow.domain.clock import local_today
from caseflow.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from caseflow.models import User
from caseflow.services.network import talk_overview, talks
from caseflow.services.network.talks import TalkData, TalkFilter
from caseflow.services.reference.loader import current_ministry
from tests.factories import province_id

Users = dict[str, User]
YESTERDAY = local_today() - timedelta(days=1)


def _regional(province: str = "Overijssel", **extra: object) -> TalkData:
    values: dict[str, object] = {
        "held_on": YESTERDAY,
        "kind": "bestuurders",
        "province_id": province_id(province),
        "functions": ["gedeputeerde"],
        "topics": "Groei van 150 fte bij een uitvoeringsdienst",
    }
    values.update(extra)
    return TalkData(**values)  # type: ignore[arg-type]


def _with_ministry(abbreviation: str) -> TalkData:
    return TalkData(
        held_on=YESTERDAY,
        kind="ministerie",
        ministry_id=current_ministry(abbreviation).id,
        functions=["directeur_generaal"],
    )


def test_bzk_records_and_everyone_on_the_bzk_side_reads(users: Users) -> None:
    talk_id = talks.record_talk(users["adviseur"], _regional())
    for role in ("adviseur", "coordinator", "secretariaat"):
        page = talks.get_talk(users[role], talk_id)
        assert page.province == "Overijssel"
        assert page.functions == ("gedeputeerde",)
        assert [line.id for line in talks.list_talks(users[role], TalkFilter()).lines] == [talk_id]


@pytest.mark.parametrize("role", ["secretariaat", "ministerie", "beheerder"])
def test_only_bzk_records(users: Users, role: str) -> None:
    with pytest.raises(NotAllowed):
        talks.record_talk(users[role], _regional())


def test_a_ministry_sees_only_talks_with_itself(users: Users) -> None:
    regional = talks.record_talk(users["adviseur"], _regional())
    jenv = talks.record_talk(users["adviseur"], _with_ministry("JenV"))
    ocw = talks.record_talk(users["adviseur"], _with_ministry("OCW"))
    ministry = users["ministerie"]  # JenV
    assert [line.id for line in talks.list_talks(ministry, TalkFilter()).lines] == [jenv]
    assert talks.get_talk(ministry, jenv).ministry.endswith("Justitie en Veiligheid")
    for hidden in (regional, ocw):
        with pytest.raises(NotFound):
            talks.get_talk(ministry, hidden)
    assert [line.id for line in talks.list_talks(users["ministerie_ocw"], TalkFilter()).lines] == [
        ocw
    ]


def test_the_administrator_sees_no_talks(users: Users) -> None:
    talk_id = talks.record_talk(users["adviseur"], _regional())
    with pytest.raises(NotAllowed):
        talks.list_talks(users["beheerder"], TalkFilter())
    with pytest.raises(NotFound):
        talks.get_talk(users["beheerder"], talk_id)
    with pytest.raises(NotAllowed):
        talk_overview.province_overview(users["beheerder"], YESTERDAY.year)
    with pytest.raises(NotAllowed):
        talk_overview.province_overview(users["ministerie"], YESTERDAY.year)


def test_a_talk_says_with_whom(users: Users) -> None:
    with pytest.raises(ValidationFailed) as regional:
        talks.record_talk(users["adviseur"], _regional(province_id=None))
    assert "province_id" in regional.value.fields
    with pytest.raises(ValidationFailed) as ministry:
        talks.record_talk(
            users["adviseur"], TalkData(YESTERDAY, "ministerie", functions=["ambtelijk"])
        )
    assert "ministry_id" in ministry.value.fields
    with pytest.raises(ValidationFailed) as wrong:
        talks.record_talk(
            users["adviseur"],
            _regional(
                kind="feest", functions=["keizer"], held_on=local_today() + timedelta(days=1)
            ),
        )
    assert set(wrong.value.fields) >= {"kind", "functions", "held_on"}
    # A region named instead of a province is enough.
    assert talks.record_talk(
        users["adviseur"], _regional(province_id=None, region="Noord-Nederland")
    )


def test_filters_and_newest_first(users: Users) -> None:
    older = talks.record_talk(users["adviseur"], _regional(held_on=date(2025, 3, 1)))
    newer = talks.record_talk(users["adviseur"], _regional("Groningen"))
    user = users["coordinator"]
    assert [t.id for t in talks.list_talks(user, TalkFilter()).lines] == [newer, older]
    assert [t.id for t in talks.list_talks(user, TalkFilter(year=2025)).lines] == [older]
    groningen = TalkFilter(province_id=province_id("Groningen"))
    assert [t.id for t in talks.list_talks(user, groningen).lines] == [newer]


def test_paging_is_bounded(users: Users, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(talks, "PAGE_SIZE", 2)
    ids = [talks.record_talk(users["adviseur"], _regional()) for _ in range(3)]
    first = talks.list_talks(users["adviseur"], TalkFilter())
    assert first.has_next and [t.id for t in first.lines] == [ids[2], ids[1]]
    second = talks.list_talks(users["adviseur"], TalkFilter(page=2))
    assert not second.has_next and [t.id for t in second.lines] == [ids[0]]
    assert talks.list_talks(users["adviseur"], TalkFilter(page=10**12)).lines == ()


def test_a_stale_version_is_a_conflict(users: Users) -> None:
    talk_id = talks.record_talk(users["adviseur"], _regional())
    shown = talks.get_talk(users["adviseur"], talk_id).version
    talks.change_talk(users["coordinator"], talk_id, shown, _regional(notes="eerst"))
    with pytest.raises(Conflict):
        talks.change_talk(users["adviseur"], talk_id, shown, _regional(notes="later"))
    page = talks.get_talk(users["adviseur"], talk_id)
    assert page.notes == "eerst" and page.version == shown + 1


def test_follow_ups_open_overdue_and_done(users: Users) -> None:
    talk_id = talks.record_talk(users["adviseur"], _regional())
    user = users["adviseur"]
    talks.add_follow_up(user, talk_id, "Kantoorruimte Zwolle nagaan", "adviseur BZK", YESTERDAY)
    talks.add_follow_up(user, talk_id, "Profiel opvragen", "gedeputeerde", local_today())
    late, due = talks.list_talks(user, TalkFilter()).follow_ups
    assert late.overdue and not due.overdue
    assert talks.list_talks(user, TalkFilter()).lines[0].open_follow_ups == 2
    talks.mark_done(user, talk_id, late.id)
    talks.mark_done(user, talk_id, late.id)  # again: nothing changes
    assert [f.id for f in talks.open_follow_ups(user)] == [due.id]
    done = talks.get_talk(user, talk_id).follow_ups[0]
    assert done.done_on == local_today() and not done.overdue
    with pytest.raises(ValidationFailed):
        talks.add_follow_up(user, talk_id, " ", "", YESTERDAY)
    with pytest.raises(NotFound):
        talks.mark_done(user, talk_id, due.id + 1000)
    with pytest.raises(NotAllowed):
        talks.mark_done(users["secretariaat"], talk_id, due.id)


def test_a_ministry_sees_no_follow_ups_of_regional_talks(users: Users) -> None:
    talk_id = talks.record_talk(users["adviseur"], _regional())
    talks.add_follow_up(users["adviseur"], talk_id, "Intern", "BZK", YESTERDAY)
    assert talks.open_follow_ups(users["ministerie"]) == ()


def test_the_yearly_overview_lists_all_provinces_and_the_gaps(users: Users) -> None:
    talks.record_talk(users["adviseur"], _regional())
    talks.record_talk(users["adviseur"], _regional("Zeeland", functions=["burgemeester"]))
    rows = talk_overview.province_overview(users["secretariaat"], YESTERDAY.year)
    assert len(rows) == 12
    by_name = {r.province: r for r in rows}
    assert not by_name["Overijssel"].gap
    assert by_name["Zeeland"].gap and by_name["Zeeland"].functions == ("burgemeester",)
    assert sum(r.gap for r in rows) == 11


def test_recording_and_changing_a_talk_are_in_the_security_log(
    users: Users, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="caseflow.security")
    talk_id = talks.record_talk(users["adviseur"], _regional())
    talks.change_talk(users["coordinator"], talk_id, 1, _regional(notes="aangevuld"))
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "caseflow.security"]
    assert [(e["action"], e["actor"], e["object"]) for e in lines] == [
        ("gesprek_vastgelegd", users["adviseur"].email, f"gesprek:{talk_id}"),
        ("gesprek_gewijzigd", users["coordinator"].email, f"gesprek:{talk_id}"),
    ]
