"""Demo users and demo cases for a fresh installation, clearly marked as demo.

Cases are created and moved through the real services, so every demo case has a true
audit trail. Running it twice adds nothing: users are matched on e-mail and demo cases
are only created when there are none yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import Case, Masterplan, Organisation, Province, User
from caseflow.services import cases, deadlines, figures, meetings, regions
from caseflow.services.auth import hash_password, new_session_token
from caseflow.services.reference_data import current_ministry
from workflows.base import ADVISEUR, BEHEERDER, COORDINATOR, MINISTERIE, SECRETARIAAT

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - printed for the demo, not a secret

# key, name, role, ministry; the e-mail address is <key>@demo.caseflow.nl
DEMO_USERS: tuple[tuple[str, str, str, str | None], ...] = (
    (MINISTERIE, "Mila de Vries (JenV)", MINISTERIE, "JenV"),
    ("ministerie2", "Ole Bakker (OCW)", MINISTERIE, "OCW"),
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
    figures.load_known_figures()
    illustrative = figures.generate_demo_figures()
    profiles = regions.load_demo_profiles()
    users = load_demo_users()
    return DemoLoad(users, load_demo_cases(users), profiles, illustrative)


def load_demo_users() -> dict[str, User]:
    users: dict[str, User] = {}
    for key, name, role, ministry in DEMO_USERS:
        email = demo_email(key)
        user = db.session.scalars(select(User).where(User.email == email)).first()
        if user is None:
            user = User(
                email=email,
                name=name,
                role=role,
                password_hash=hash_password(DEMO_PASSWORD),
                session_token=new_session_token(),
                ministry=current_ministry(ministry) if ministry else None,
            )
            db.session.add(user)
        users[key] = user
    db.session.commit()
    return users


def load_demo_cases(users: dict[str, User]) -> int:
    _meetings(users[SECRETARIAAT])
    existing = set(db.session.scalars(select(Case.title).where(Case.demo.is_(True))))
    todo = [spec for spec in _specs() if _demo_title(spec[1]) not in existing]
    made = [_demo_case(users, spec) for spec in todo]
    for case in made:
        if case.title == _demo_title({"title": OVERDUE_TITLE}):
            _backdate(case, working_days=8)
    return len(made)


OVERDUE_TITLE = "Groei IND Zwolle (termijn verlopen)"


def _backdate(case: Case, working_days: int) -> None:
    """Let the demo show an overdue deadline: as if the case came in some days ago."""
    calendar = deadlines.calendar()
    for deadline in deadlines.open_deadlines(case.id):
        deadline.started_on = calendar.add_working_days(local_today(), -working_days)
        deadline.due_on = calendar.add_working_days(deadline.started_on, deadline.working_days)
        deadlines.replan(deadline)
    deadlines.refresh_next_due(case)
    db.session.commit()


def _demo_title(fields: dict[str, Any]) -> str:
    return f"[DEMO] {fields['title']}"


def _meetings(secretary: User) -> None:
    # Four weeks of working Fridays from tomorrow; a closed Friday (Kerst, Nieuwjaar) is skipped.
    today = local_today()
    meetings.plan_fridays(secretary, today + timedelta(days=1), today + timedelta(weeks=4))


def _ids(model: type[Any], **key: Any) -> int:
    found: int = db.session.scalars(select(model.id).filter_by(**key)).one()
    return found


def _specs() -> list[tuple[str, dict[str, Any], list[str]]]:
    """(case type, fields, actions to walk) for each demo case."""
    zh, gr, ut, li = (
        _ids(Province, name=n) for n in ("Zuid-Holland", "Groningen", "Utrecht", "Limburg")
    )
    ind, coa = _ids(Organisation, abbreviation="IND"), _ids(Organisation, abbreviation="COA")
    cjib = _ids(Organisation, abbreviation="CJIB")
    growth = {
        "organisation_id": ind,
        "fte_current": 5200,
        "fte_change": 150,
        "current_province_id": zh,
        "current_place": "Den Haag",
        "proposed_province_id": gr,
        "proposed_place": "Groningen",
        "motivation": "Groei door hogere instroom; de regio Groningen biedt ruimte.",
        "labour_market_scan": "voldoende",
    }
    new = {
        "organisation_id": cjib,
        "unit_name": "Landelijk Incassocentrum Noord",
        "fte_change": 180,
        "proposed_province_id": ut,
        "proposed_place": "Utrecht",
        "motivation": "Dicht bij de ketenpartners in Utrecht.",
        "labour_market_scan": "beperkt",
    }
    plan = {
        "masterplan_id": _ids(Masterplan, name="Masterplan Limburg"),
        "change_request": True,
        "proposed_province_id": li,
        "proposed_place": "Heerlen",
        "motivation": "Verzoek tot wijziging: extra kantoorruimte voor 250 werkplekken.",
    }
    zbo = {
        "organisation_id": coa,
        "talk_date": local_today() + timedelta(days=10),
        "minister": "Minister van Justitie en Veiligheid",
    }
    to_issue = [
        "indienen",
        "intake_accepteren",
        "concept_opslaan",
        "ter_goedkeuring_voorleggen",
        "uitbrengen",
    ]
    return [
        ("omvangswijziging", growth | {"title": "Groei IND Den Haag"}, []),
        ("omvangswijziging", growth | {"title": "Groei IND naar Groningen"}, ["indienen"]),
        (
            "omvangswijziging",
            growth
            | {
                "title": OVERDUE_TITLE,
                "proposed_place": "Zwolle",
                "proposed_province_id": _ids(Province, name="Overijssel"),
            },
            ["indienen"],
        ),
        (
            "omvangswijziging",
            growth | {"title": "Uitbreiding IND-loket"},
            ["indienen", "intake_accepteren", "concept_opslaan"],
        ),
        ("omvangswijziging", growth | {"title": "IND-capaciteit 2027"}, to_issue),
        (
            "omvangswijziging",
            growth | {"title": "IND-verhuizing (overeenstemming)"},
            [*to_issue, "instemmen", "afronden"],
        ),
        ("nieuwe_dienst", new | {"title": "Nieuw incassocentrum"}, ["indienen"]),
        (
            "nieuwe_dienst",
            new | {"title": "Incassocentrum (aanvulling)"},
            ["indienen", "aanvulling_vragen"],
        ),
        (
            "nieuwe_dienst",
            new | {"title": "Incassocentrum (escalatie)"},
            [*to_issue, "niet_instemmen", "agenderen"],
        ),
        ("masterplan", plan | {"title": "VtW Masterplan Limburg"}, ["indienen"]),
        (
            "masterplan",
            plan | {"title": "VtW Limburg (ter goedkeuring)"},
            ["indienen", "intake_accepteren", "concept_opslaan", "ter_goedkeuring_voorleggen"],
        ),
        ("zbo_gesprek", zbo | {"title": "Spreidingsgesprek COA"}, []),
        (
            "zbo_gesprek",
            zbo | {"title": "Spreidingsgesprek COA (opvolging)"},
            ["verslag_vastleggen", "acties_afspreken"],
        ),
    ]


ACTOR = {
    "indienen": MINISTERIE,
    "intake_accepteren": ADVISEUR,
    "aanvulling_vragen": ADVISEUR,
    "concept_opslaan": ADVISEUR,
    "ter_goedkeuring_voorleggen": ADVISEUR,
    "uitbrengen": COORDINATOR,
    "instemmen": MINISTERIE,
    "niet_instemmen": MINISTERIE,
    "agenderen": SECRETARIAAT,
    "afronden": COORDINATOR,
    "verslag_vastleggen": ADVISEUR,
    "acties_afspreken": ADVISEUR,
}


def _action_data(case: Case) -> dict[str, Any]:
    province = case.proposed_province_id or case.current_province_id
    meeting = meetings.upcoming()[0]
    return {
        "vraag": "Graag de uitkomst van de arbeidsmarktscan toelichten.",
        "tekst": "BZK adviseert de groei te realiseren buiten de Randstad, in Groningen.",
        "provincie_id": province,
        "plaats": case.proposed_place or "Groningen",
        "bezwaren": "De dienst moet dicht bij de ketenpartners in de Randstad blijven.",
        "vergadering_id": meeting.id,
        "verslag": "Gesprek gevoerd over spreiding van locaties.",
        "omschrijving": "Onderzoek naar een vestiging in Noord-Nederland",
        "eigenaar": "COA, directie Huisvesting",
        "uiterlijk": local_today() + timedelta(days=60),
        "opmerking": "(demo)",
    }


def _demo_case(users: dict[str, User], spec: tuple[str, dict[str, Any], list[str]]) -> Case:
    case_type, fields, actions = spec
    fields = fields | {"title": _demo_title(fields)}
    creator = users[ADVISEUR] if case_type == "zbo_gesprek" else users[MINISTERIE]
    case = cases.create_case(
        creator,
        case_type,
        fields | {"ministry_id": creator.ministry_id or users[MINISTERIE].ministry_id},
        demo=True,
    )
    for name in actions:
        cases.perform(users[ACTOR[name]], case.id, name, case.version, _action_data(case))
    return case
