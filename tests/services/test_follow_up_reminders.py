"""Reminders of talks' follow-up actions: the recorder is told once when an action falls due
within five working days and once when it is overdue; done actions and inactive recorders
get nothing; a scan run twice sends once. Dates hand-picked around Monday 7 December 2026
(no holidays until Christmas): five working days on is Monday 14 December."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import MailMessage, Notification, TalkFollowUp, User
from caseflow.services.network import follow_up_reminders, talks
from caseflow.services.network.talks import TalkData
from tests.factories import province_id

Users = dict[str, User]
MONDAY = date(2026, 12, 7)


def _talk_with_actions(user: User) -> tuple[int, dict[str, int]]:
    talk_id = talks.record_talk(
        user,
        TalkData(
            date(2026, 12, 1), "bestuurders", province_id("Overijssel"), functions=["gedeputeerde"]
        ),
    )
    for action, due in (
        ("Kantoorruimte Zwolle nagaan", date(2026, 12, 11)),  # due within five working days
        ("Profiel bijwerken", date(2026, 12, 21)),  # later
        ("Verslag sturen", date(2026, 12, 4)),  # overdue
        ("Afspraak maken", date(2026, 12, 9)),  # done below
    ):
        talks.add_follow_up(user, talk_id, action, "Adviseur BZK", due)
    ids = {f.action: f.id for f in talks.get_talk(user, talk_id).follow_ups}
    db.session.get_one(TalkFollowUp, ids["Afspraak maken"]).done_on = date(2026, 12, 3)
    db.session.commit()
    return talk_id, ids


def _texts(user: User) -> list[str]:
    query = select(Notification.text).where(Notification.user_id == user.id)
    return sorted(db.session.scalars(query.order_by(Notification.id)))


def test_due_and_overdue_actions_are_reminded_once(users: Users) -> None:
    adviser = users["adviseur"]
    talk_id, _ids = _talk_with_actions(adviser)
    assert follow_up_reminders.remind(MONDAY) == 2
    assert _texts(adviser) == [
        "De actie «Kantoorruimte Zwolle nagaan» (eigenaar: Adviseur BZK) uit het gesprek van "
        "1 december 2026 met Overijssel verloopt op 11 december 2026.",
        "De actie «Verslag sturen» (eigenaar: Adviseur BZK) uit het gesprek van 1 december "
        "2026 met Overijssel is verlopen op 4 december 2026.",
    ]
    mail = db.session.scalars(select(MailMessage).order_by(MailMessage.id)).first()
    assert mail is not None and mail.to_address == adviser.email and mail.case_id is None
    assert f"/gesprekken/{talk_id}" in mail.body and mail.body.startswith(f"Beste {adviser.name}")
    assert follow_up_reminders.remind(MONDAY) == 0  # once
    assert follow_up_reminders.remind(date(2026, 12, 8)) == 0  # still due soon: no new step
    # A week on: the first action is overdue now, the later one falls due within five days.
    assert follow_up_reminders.remind(date(2026, 12, 14)) == 2
    assert len(_texts(adviser)) == 4
    assert not [t for t in _texts(users["coordinator"]) if "actie" in t]


def test_a_new_due_date_is_reminded_anew(users: Users) -> None:
    adviser = users["adviseur"]
    _talk_id, ids = _talk_with_actions(adviser)
    follow_up_reminders.remind(MONDAY)
    db.session.get_one(TalkFollowUp, ids["Kantoorruimte Zwolle nagaan"]).due_on = date(2026, 12, 10)
    db.session.commit()
    assert follow_up_reminders.remind(MONDAY) == 1


def test_an_inactive_recorder_gets_nothing(users: Users) -> None:
    adviser = users["adviseur"]
    _talk_with_actions(adviser)
    adviser.active = False
    db.session.commit()
    assert follow_up_reminders.remind(MONDAY) == 0
