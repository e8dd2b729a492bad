"""Demo users and demo cases for a fresh installation, clearly marked as demo.

Cases are created and moved through the real services, so every demo case has a true
audit trail. Running it twice adds nothing: users are matched on e-mail and demo cases on
their title. Which cases there are is in ``demo_cases``; ``seeding`` runs all of this in one
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import Case, Meeting, User
from caseflow.services.accounts.users import add_user
from caseflow.services.cases import lifecycle
from caseflow.services.deadlines import tracking
from caseflow.services.insight import figures, labour_market, regions
from caseflow.services.installation import demo_network
from caseflow.services.installation.demo_cases import (
    OVERDUE_TITLE,
    DemoCase,
    demo_cases,
    filing_ministry_id,
)
from caseflow.services.installation.seed_steps import step
from caseflow.services.meetings import schedule
from caseflow.services.reference.leidraad import active_considerations
from caseflow.services.reference.loader import current_ministry
from caseflow.services.unit_of_work import transaction
from workflows.base import ADVISEUR, BEHEERDER, COORDINATOR, MINISTERIE, SECRETARIAAT

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - printed for the demo, not a secret

# key, name, role, ministry; the e-mail address is <key>@demo.caseflow.nl
DEMO_USERS: tuple[tuple[str, str, str, str | None], ...] = (
    (MINISTERIE, "Mila de Vries (JenV)", MINISTERIE, "JenV"),
    ("ministerie2", "Ole Bakker (OCW)", MINISTERIE, "OCW"),
    ("ministerie3", "Fatima Yilmaz (Fin)", MINISTERIE, "Fin"),
    (ADVISEUR, "Ahmed El Amrani", ADVISEUR, None),
    (COORDINATOR, "Carla Jansen", COORDINATOR, None),
    (SECRETARIAAT, "Sanne Visser", SECRETARIAAT, None),
    (BEHEERDER, "Bram Mulder", BEHEERDER, None),
)


def demo_email(key: str) -> str:
    return f"{key}@demo.caseflow.nl"


@dataclass(frozen=True)
class DemoLoad:
    users: dict[str, User]
    cases: int
    profiles: int
    illustrative_figures: int


def load_demo() -> DemoLoad:
    """Everything ``make run`` shows (idempotent): the official figures plus illustrative
    ones, demo development profiles, users and cases. The figures come first, so the letters
    of the demo cases issued here carry their impact table."""
    with step("de cijfers en ontwikkelprofielen"):
        figures.load_known_figures()
        illustrative = figures.generate_demo_figures()
        labour_market.load_demo_indicators()  # illustrative, labelled so in their source
        profiles = regions.load_demo_profiles()
    with step("de demogebruikers"):
        users = load_demo_users()
    cases = load_demo_cases(users)
    with step("de demogesprekken en -signalen"):
        demo_network.load_demo_network(users[ADVISEUR])
    return DemoLoad(users, cases, profiles, illustrative)


def load_demo_users() -> dict[str, User]:
    users: dict[str, User] = {}
    with transaction():
        for key, name, role, ministry in DEMO_USERS:
            email = demo_email(key)
            user = db.session.scalars(select(User).where(User.email == email)).first()
            if user is None:
                owner = current_ministry(ministry) if ministry else None
                user = add_user(email, name, role, owner, DEMO_PASSWORD)
            users[key] = user
    return users


def load_demo_cases(users: dict[str, User]) -> int:
    """Make the demo cases that are not there yet (matched on title); returns how many."""
    existing = set(db.session.scalars(select(Case.title).where(Case.demo.is_(True))))
    todo = [spec for spec in demo_cases() if _demo_title(spec.title) not in existing]
    _meetings(users[SECRETARIAAT], decisions=any("besluit_vastleggen" in s.actions for s in todo))
    for spec in todo:
        with step(f"demozaak «{_demo_title(spec.title)}»"):
            case = _demo_case(users, spec)
            if spec.title == OVERDUE_TITLE:
                _backdate(case, working_days=8)
    return len(todo)


def _backdate(case: Case, working_days: int) -> None:
    """Let the demo show an overdue deadline: as if the case came in some days ago."""
    calendar = tracking.calendar()
    with transaction():
        for deadline in tracking.open_deadlines(case.id):
            deadline.started_on = calendar.add_working_days(local_today(), -working_days)
            deadline.due_on = calendar.add_working_days(deadline.started_on, deadline.working_days)
            tracking.replan(deadline)
        tracking.refresh_next_due(case)


def _demo_title(title: str) -> str:
    return f"[DEMO] {title}"


def _meetings(secretary: User, *, decisions: bool) -> None:
    """The coming month's regular meetings and, when decided cases are to be made, one
    held today: a decision is dated at or after its meeting and not in the future, and a
    case can only be placed on a meeting from today on."""
    today = local_today()
    with step("de vergaderkalender"):
        schedule.plan_fridays(secretary, today, today + timedelta(weeks=4))
        if not decisions or _meeting_on(today):
            return
        if tracking.calendar().is_working_day(today):
            schedule.add_meeting(secretary, today, "Extra vergadering")
            return
        # On a day off the calendar service (rightly) refuses a meeting; the demo writes
        # it directly, as it backdates deadlines, and says so in the note.
        with transaction():
            db.session.add(Meeting(held_on=today, note="Extra vergadering (demo, vrije dag)"))


def _meeting_on(day: date) -> Meeting | None:
    return db.session.scalars(select(Meeting).where(Meeting.held_on == day)).first()


ACTOR = {
    "vooroverleg_aanvragen": MINISTERIE,
    "indienen": MINISTERIE,
    "intake_accepteren": ADVISEUR,
    "aanvulling_vragen": ADVISEUR,
    "concept_opslaan": ADVISEUR,
    "ter_goedkeuring_voorleggen": ADVISEUR,
    "uitbrengen": COORDINATOR,
    "instemmen": MINISTERIE,
    "niet_instemmen": MINISTERIE,
    "intrekken": MINISTERIE,
    "buiten_behandeling_stellen": COORDINATOR,
    "agenderen": SECRETARIAAT,
    "besluit_vastleggen": SECRETARIAAT,
    "afronden": COORDINATOR,
    "verslag_vastleggen": ADVISEUR,
    "acties_afspreken": ADVISEUR,
    "annuleren": ADVISEUR,
}


def _action_data(case: Case) -> dict[str, Any]:
    province = case.proposed_province_id or case.current_province_id
    meeting = schedule.upcoming()[0]
    return {
        "vraag": "Graag de uitkomst van de arbeidsmarktscan toelichten.",
        "tekst": "BZK adviseert de groei te realiseren buiten de Randstad, in Groningen.",
        "provincie_id": province,
        "plaats": case.proposed_place or "Groningen",
        "bezwaren": "De dienst moet dicht bij de ketenpartners in de Randstad blijven.",
        "vergadering_id": meeting.id,
        "besluit": "De ministerraad besluit tot vestiging op de voorgestelde locatie.",
        "besloten_op": local_today(),
        "reden_code": "anders",
        "reden": "Demozaak: het ministerie heeft het plan heroverwogen.",
        "verslag": "Gesprek gevoerd over spreiding van locaties.",
        "omschrijving": "Onderzoek naar een vestiging in Noord-Nederland",
        "eigenaar": "COA, directie Huisvesting",
        "uiterlijk": local_today() + timedelta(days=60),
        "opmerking": "(demo)",
        "openbaarheid": "openbaar",
        "weging": _demo_weighing(),
    }


# The demo advice's weighing along the leidraad: two considerations judged, the rest n/a.
DEMO_JUDGEMENTS = {
    "regiobelang": ("positief", "Demo: de groei past bij het ontwikkelprofiel van de regio."),
    "arbeidsmarkt": ("neutraal", "Demo: de arbeidsmarktscan ziet voldoende aanbod met werving."),
}


def _demo_weighing() -> list[dict[str, str]]:
    return [
        {
            "code": c.code,
            "oordeel": DEMO_JUDGEMENTS.get(c.code, ("nvt", ""))[0],
            "motivering": DEMO_JUDGEMENTS.get(c.code, ("nvt", ""))[1],
        }
        for c in active_considerations()
    ]


def _demo_case(users: dict[str, User], spec: DemoCase) -> Case:
    filer = users[spec.filer]
    case = lifecycle.create_case(
        filer,
        spec.case_type,
        spec.fields
        | {
            "title": _demo_title(spec.title),
            "ministry_id": filing_ministry_id(spec, filer.ministry_id),
        },
        demo=True,
    )
    ministry_user = filer if filer.role == MINISTERIE else users[MINISTERIE]
    for name in spec.actions:
        actor = ministry_user if ACTOR[name] == MINISTERIE else users[ACTOR[name]]
        lifecycle.perform(actor, case.id, name, case.version, _action_data(case))
    if case.state != spec.state:
        raise RuntimeError(f"reached {case.state}, not {spec.state}")
    return case
