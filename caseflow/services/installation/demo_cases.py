"""The demo cases: a few named ones for the README's walk-through, then one case for every
state of every workflow that those leave out, spread over three ministries (JenV, OCW,
Fin), and one zbo talk filed under Asiel en Migratie, folded into JenV in 2026.

Each case is reached by walking its workflow from the start with the real services
(``demo.load_demo_cases``); ``PATHS`` says which actions lead to which state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

import workflows
from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import Masterplan, Organisation, Province
from caseflow.services.reference.loader import current_ministry
from workflows.base import ADVISEUR, MINISTERIE

OVERDUE_TITLE = "Groei IND Zwolle (termijn verlopen)"
LOCATION_TYPES = ("omvangswijziging", "nieuwe_dienst", "masterplan")

_ISSUE = (
    "indienen",
    "intake_accepteren",
    "concept_opslaan",
    "ter_goedkeuring_voorleggen",
    "uitbrengen",
)
# The shortest walk to each state that shows the state as users meet it.
PATHS: dict[str, dict[str, tuple[str, ...]]] = {
    "location": {
        "concept": (),
        "vooroverleg": ("vooroverleg_aanvragen",),  # version 2 of the size change only
        "ingediend": ("indienen",),
        "aanvulling_gevraagd": ("indienen", "aanvulling_vragen"),
        "in_behandeling": ("indienen", "intake_accepteren"),
        "ter_goedkeuring": _ISSUE[:4],
        "advies_uitgebracht": _ISSUE,
        "overeenstemming": (*_ISSUE, "instemmen"),
        "geen_overeenstemming": (*_ISSUE, "niet_instemmen"),
        "geagendeerd": (*_ISSUE, "niet_instemmen", "agenderen"),
        "besloten": (*_ISSUE, "niet_instemmen", "agenderen", "besluit_vastleggen"),
        "afgerond": (*_ISSUE, "instemmen", "afronden"),
        "ingetrokken": ("indienen", "intrekken"),
        "buiten_behandeling": ("indienen", "buiten_behandeling_stellen"),
    },
    "zbo_gesprek": {
        "gepland": (),
        "gevoerd": ("verslag_vastleggen",),
        "opvolging": ("verslag_vastleggen", "acties_afspreken"),
        "afgerond": ("verslag_vastleggen", "afronden"),
        "geannuleerd": ("annuleren",),
    },
}


@dataclass(frozen=True)
class DemoCase:
    """One demo case: what is filed, by whom, and the state it is walked to.

    ``filer`` is the key of the demo user who files it and acts for the ministry; a BZK
    filer (zbo talks) files under ``ministry`` (an abbreviation, valid on ``ministry_on``).
    """

    case_type: str
    title: str
    fields: dict[str, Any]
    state: str
    filer: str = MINISTERIE
    extra: tuple[str, ...] = ()
    ministry: str | None = None
    ministry_on: date | None = None
    actions: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        family = "zbo_gesprek" if self.case_type == "zbo_gesprek" else "location"
        object.__setattr__(self, "actions", PATHS[family][self.state] + self.extra)


def _id(model: type[Any], **key: Any) -> int:
    found: int = db.session.scalars(select(model.id).filter_by(**key)).one()
    return found


def _province(name: str) -> int:
    return _id(Province, name=name)


def _org(abbreviation: str) -> int:
    return _id(Organisation, abbreviation=abbreviation)


def demo_cases() -> list[DemoCase]:
    """Every demo case, in the order they are made: the named ones last, so that they are
    the newest and lead the case list (newest first), where the README's walk finds them."""
    named = _named()
    return _every_other_state(named) + named


def _named() -> list[DemoCase]:
    growth = _jenv_growth()
    new = _new_service("CJIB", "Landelijk Incassocentrum Noord", 180, "Utrecht", "Utrecht")
    new["motivation"] = "Dicht bij de ketenpartners in Utrecht."
    plan = _plan("Masterplan Limburg", "Limburg", "Heerlen")
    overdue = {"proposed_place": "Zwolle", "proposed_province_id": _province("Overijssel")}
    # Hybrid working: of the 150 fte with standplaats Groningen, 40 work mostly in Assen.
    hybrid = {"work_province_id": _province("Drenthe"), "work_place": "Assen", "work_fte": 40}
    location = [
        ("omvangswijziging", "Groei IND Den Haag", growth, "concept", ()),
        # Version 2 of the size change: the ministry talks with BZK before filing.
        ("omvangswijziging", "Groei IND naar het noorden (vooroverleg)", growth, "vooroverleg", ()),
        ("omvangswijziging", "Groei IND naar Groningen", growth, "ingediend", ()),
        ("omvangswijziging", OVERDUE_TITLE, growth | overdue, "ingediend", ()),
        (
            "omvangswijziging",
            "Uitbreiding IND-loket",
            growth,
            "in_behandeling",
            ("concept_opslaan",),
        ),
        ("omvangswijziging", "IND-capaciteit 2027", growth | hybrid, "advies_uitgebracht", ()),
        ("omvangswijziging", "IND-verhuizing (overeenstemming)", growth, "afgerond", ()),
        ("nieuwe_dienst", "Nieuw incassocentrum", new, "ingediend", ()),
        ("nieuwe_dienst", "Incassocentrum (aanvulling)", new, "aanvulling_gevraagd", ()),
        ("nieuwe_dienst", "Incassocentrum (escalatie)", new, "geagendeerd", ()),
        ("masterplan", "VtW Masterplan Limburg", plan, "ingediend", ()),
        ("masterplan", "VtW Limburg (ter goedkeuring)", plan, "ter_goedkeuring", ()),
    ]
    return [
        DemoCase(kind, title, fields, state, extra=extra)
        for kind, title, fields, state, extra in location
    ] + _talks()


def _talks() -> list[DemoCase]:
    coa = _talk("COA", "Minister van Justitie en Veiligheid", local_today() + timedelta(days=10))
    folded = _talk("COA", "Minister voor Asiel en Migratie", date(2025, 11, 20))
    svb = _talk("SVB", "Minister van Sociale Zaken en Werkgelegenheid", local_today())
    cbs = _talk("CBS", "Minister van Economische Zaken", local_today() + timedelta(days=20))
    return [
        DemoCase("zbo_gesprek", "Spreidingsgesprek COA", coa, "gepland", ADVISEUR, ministry="JenV"),
        DemoCase(
            "zbo_gesprek",
            "Spreidingsgesprek COA (opvolging)",
            coa,
            "opvolging",
            ADVISEUR,
            ministry="JenV",
        ),
        # Filed when Asiel en Migratie still existed; JenV holds it since the 2026 fold.
        DemoCase(
            "zbo_gesprek",
            "Spreidingsgesprek COA 2025 (Asiel en Migratie)",
            folded,
            "afgerond",
            ADVISEUR,
            ministry="AenM",
            ministry_on=date(2025, 11, 20),
        ),
        DemoCase("zbo_gesprek", "Spreidingsgesprek SVB", svb, "gevoerd", ADVISEUR, ministry="SZW"),
        DemoCase(
            "zbo_gesprek", "Spreidingsgesprek CBS", cbs, "geannuleerd", ADVISEUR, ministry="EZK"
        ),
    ]


def _every_other_state(named: list[DemoCase]) -> list[DemoCase]:
    """A case for each state of each location workflow that no named case shows, taking
    turns between OCW and Fin so both ministries see cases all along the lifecycle."""
    shown = {(case.case_type, case.state) for case in named}
    bases = {"ministerie2": _ocw(), "ministerie3": _fin()}
    filers = list(bases)
    made: list[DemoCase] = []
    for case_type in LOCATION_TYPES:
        definition = workflows.latest(case_type)
        for state in (s.code for s in definition.states):
            if (case_type, state) in shown:
                continue
            filer = filers[len(made) % len(filers)]
            title, fields = bases[filer][case_type]
            label = definition.state_label(state).lower()
            made.append(DemoCase(case_type, f"{title} ({label})", fields, state, filer))
    return made


def _jenv_growth() -> dict[str, Any]:
    return {
        "organisation_id": _org("IND"),
        "change_kind": "groei",
        "fte_current": 5200,
        "fte_change": 150,
        "current_province_id": _province("Zuid-Holland"),
        "current_place": "Den Haag",
        "proposed_province_id": _province("Groningen"),
        "proposed_place": "Groningen",
        "motivation": "Groei door hogere instroom; de regio Groningen biedt ruimte.",
        "labour_market_scan": "voldoende",
    }


def _growth(
    org: str, now: int, change: int, at: tuple[str, str], to: tuple[str, str]
) -> dict[str, Any]:
    return {
        "organisation_id": _org(org),
        "change_kind": "groei" if change > 0 else "krimp",
        "fte_current": now,
        "fte_change": change,
        "current_province_id": _province(at[0]),
        "current_place": at[1],
        "proposed_province_id": _province(to[0]),
        "proposed_place": to[1],
        "labour_market_scan": "voldoende",
    }


def _new_service(org: str, unit: str, fte: int, province: str, place: str) -> dict[str, Any]:
    return {
        "organisation_id": _org(org),
        "unit_name": unit,
        "fte_change": fte,
        "proposed_province_id": _province(province),
        "proposed_place": place,
        "motivation": f"Een nieuwe eenheid van {fte} fte in {place}.",
        "labour_market_scan": "beperkt",
    }


def _plan(masterplan: str, province: str, place: str) -> dict[str, Any]:
    return {
        "masterplan_id": _id(Masterplan, name=masterplan),
        "change_request": True,
        "proposed_province_id": _province(province),
        "proposed_place": place,
        "motivation": "Verzoek tot wijziging: extra kantoorruimte voor 250 werkplekken.",
    }


def _ocw() -> dict[str, tuple[str, dict[str, Any]]]:
    growth = _growth("DUO", 3200, 120, ("Groningen", "Groningen"), ("Groningen", "Groningen"))
    growth["motivation"] = "Groei door de herinvoering van de basisbeurs."
    return {
        "omvangswijziging": ("Groei DUO Groningen", growth),
        "nieuwe_dienst": (
            "DUO-servicecentrum Zuid",
            _new_service("DUO", "DUO Servicecentrum Zuid", 140, "Limburg", "Maastricht"),
        ),
        "masterplan": (
            "VtW Masterplan Groningen",
            _plan("Masterplan Groningen", "Groningen", "Groningen"),
        ),
    }


def _fin() -> dict[str, tuple[str, dict[str, Any]]]:
    growth = _growth("Toeslagen", 3500, 220, ("Utrecht", "Utrecht"), ("Flevoland", "Almere"))
    growth["motivation"] = "Groei voor de hersteloperatie; Almere biedt ruimte."
    return {
        "omvangswijziging": ("Groei Toeslagen Almere", growth),
        "nieuwe_dienst": (
            "Douane-scancentrum Noord",
            _new_service("Douane", "Douane Scancentrum Noord", 160, "Groningen", "Delfzijl"),
        ),
        "masterplan": (
            "VtW Masterplan Utrecht",
            _plan("Masterplan Utrecht", "Utrecht", "Utrecht"),
        ),
    }


def _talk(org: str, minister: str, talk_date: date) -> dict[str, Any]:
    return {"organisation_id": _org(org), "talk_date": talk_date, "minister": minister}


def filing_ministry_id(case: DemoCase, own_ministry_id: int | None) -> int | None:
    """The ministry a case is filed under: a ministry user's own, or the one BZK chose."""
    if case.ministry is None:
        return own_ministry_id
    return current_ministry(case.ministry, case.ministry_on).id
