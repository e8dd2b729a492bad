"""Talks to put in URLs: a regional talk and a talk with JenV, each with a follow-up; and
two early signals."""

from __future__ import annotations

from datetime import timedelta

from caseflow.domain.clock import local_today
from caseflow.models import User
from caseflow.services.network import signals, talks
from caseflow.services.network.signals import SignalData
from caseflow.services.network.talks import TalkData
from caseflow.services.reference.loader import current_ministry
from tests.factories import province_id


def recorded_talks(users: dict[str, User]) -> list[int]:
    """The ids of the talks and follow-ups recorded."""
    day = local_today() - timedelta(days=1)
    adviser = users["adviseur"]
    regional = talks.record_talk(
        adviser, TalkData(day, "bestuurders", province_id("Overijssel"), functions=["gedeputeerde"])
    )
    ministry = current_ministry("JenV").id
    with_jenv = talks.record_talk(
        adviser, TalkData(day, "ministerie", ministry_id=ministry, functions=["ambtelijk"])
    )
    for talk_id in (regional, with_jenv):
        talks.add_follow_up(adviser, talk_id, "Nagaan", "BZK", day)
    follow_ups = [
        f.id for t in (regional, with_jenv) for f in talks.get_talk(adviser, t).follow_ups
    ]
    return [regional, with_jenv, *follow_ups]


def recorded_signals(users: dict[str, User]) -> list[int]:
    """The ids of two open signals: a growth of JenV's and a new service of OCW's."""
    adviser = users["adviseur"]
    return [
        signals.record_signal(
            adviser,
            SignalData(
                ministry_id=current_ministry(ministry).id,
                fte_change=150,
                horizon_year=2027,
                organisation=organisation,
                province_id=province_id("Overijssel"),
            ),
        )
        for ministry, organisation in (("JenV", "Uitvoeringsdienst"), ("OCW", ""))
    ]
