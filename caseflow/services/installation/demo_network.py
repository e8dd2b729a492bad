"""Demo talks, signals and offices, so that ``make run`` shows the regional network as well
as cases: a yearly talk with the provincial executive of Groningen, a talk with a ministry
from which an expected growth came, a follow-up that is due, and two government offices
with free workplaces (Zwolle and Groningen, where meeting places are shipped), so that
matching can say "ruimte voor 120 werkplekken in Zwolle". Illustrative only: every text and
source says "[DEMO]". Loaded once (when no talk exists yet), through the services as BZK's
adviser would record them."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import Province, Talk, User
from caseflow.services.network import signals, talks
from caseflow.services.network.signals import SignalData
from caseflow.services.network.talks import TalkData
from caseflow.services.places import offices
from caseflow.services.places.offices import OfficeInput
from caseflow.services.reference.loader import current_ministry

DEMO = "[DEMO]"


def _province(name: str) -> int:
    return db.session.scalars(select(Province.id).where(Province.name == name)).one()


def _talk_days(today: date) -> tuple[date, date]:
    # Earlier this year where possible, so the yearly overview counts them.
    start = date(today.year, 1, 1)
    return max(start, today - timedelta(days=60)), max(start, today - timedelta(days=20))


def load_demo_network(adviser: User) -> int:
    """The demo talks and signals; returns how many talks were recorded (0 if any existed)."""
    if db.session.scalar(select(func.count(Talk.id))):
        return 0
    regional_day, ministry_day = _talk_days(local_today())
    groningen = talks.record_talk(
        adviser,
        TalkData(
            held_on=regional_day,
            kind="bestuurders",
            province_id=_province("Groningen"),
            functions=["commissaris_van_de_koning", "gedeputeerde"],
            participants=f"{DEMO} Commissaris van de Koning en gedeputeerde economie",
            topics=f"{DEMO} Staat van Groningen; rijksontmoetingsplein in de stad Groningen",
            notes=f"{DEMO} De provincie zoekt werk voor hoger opgeleiden in Oost-Groningen.",
        ),
    )
    talks.add_follow_up(
        adviser,
        groningen,
        f"{DEMO} Kansen in Oost-Groningen voorleggen aan de ministeries",
        "Adviseur BZK",
        local_today() + timedelta(days=14),
    )
    jenv = current_ministry("JenV").id
    ministry_talk = talks.record_talk(
        adviser,
        TalkData(
            held_on=ministry_day,
            kind="ministerie",
            ministry_id=jenv,
            functions=["directeur_generaal"],
            topics=f"{DEMO} Groei en krimp bij de uitvoeringsorganisaties in de komende jaren",
        ),
    )
    signals.record_signal(
        adviser,
        SignalData(
            ministry_id=jenv,
            fte_change=120,
            horizon_year=local_today().year + 1,
            horizon_quarter=2,
            organisation="CJIB",
            description=f"{DEMO} Verwachte groei door nieuwe inningstaken.",
            province_id=_province("Fryslân"),
            region="Leeuwarden",
            talk_id=ministry_talk,
        ),
    )
    _demo_offices(adviser)
    return 2


def _demo_offices(adviser: User) -> None:
    source = f"{DEMO} illustratief, geen gegevens van het Rijksvastgoedbedrijf"
    for place, province, workplaces, occupied in (
        ("Zwolle", "Overijssel", 420, 300),
        ("Groningen", "Groningen", 650, 590),
    ):
        offices.add_office(
            adviser,
            OfficeInput(
                place=place,
                province_id=_province(province),
                source=source,
                name=f"{DEMO} Rijkskantoor {place}",
                workplaces=workplaces,
                occupied=occupied,
            ),
        )
