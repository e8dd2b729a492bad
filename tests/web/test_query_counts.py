"""SQL statements per screen (#14): pinned for every GET screen and every role that may open
it, and constant in the data volume and in the page size.

The screens are derived from ``app.url_map`` and the ROUTES permissions table: every GET
route is counted for every role that holds its permission (the anonymous visitor for the
public ones; the /api/v1 ones with the role's token), with its ids taken from a realistic
data set, unless ``EXCLUDED`` says why not. A new screen fails
``test_every_get_screen_is_counted_or_excluded`` until it is given a line in ``PINNED``.

The data: the whole demo (every case type in its states with events, deadlines, advice
versions, meetings and agenda items, talks, signals, offices, region profiles and figures),
the need-to-know case file (documents, drafts and send-backs), a figure import and a webhook
subscription. Then twice as much again of everything, and every screen must count the same.

When a count changes, the test prints the screens that differ with their statements; print
the whole table with ``QUERY_COUNTS_PRINT=1 .venv/bin/python -m pytest -q -s <this file>``.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlalchemy import event, select, update

from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import (
    Case,
    Deadline,
    LeidraadConsideration,
    MailMessage,
    Masterplan,
    Meeting,
    Office,
    Organisation,
    RegionProfile,
    Signal,
    Talk,
    User,
    WebhookSubscription,
)
from caseflow.models import deadline as deadlines
from caseflow.models.region import FigureBatch
from caseflow.services import permissions
from caseflow.services.accounts import api_tokens, two_factor
from caseflow.services.accounts.users import add_user
from caseflow.services.cases import documents
from caseflow.services.insight import figures
from caseflow.services.installation import demo
from caseflow.services.meetings import schedule
from caseflow.services.messaging import webhooks
from caseflow.services.network import signals, talks
from caseflow.services.network.signals import SignalData
from caseflow.services.network.talks import TalkData
from caseflow.services.places import meeting_places, offices
from caseflow.services.places.offices import OfficeInput
from caseflow.services.reference.loader import current_ministry
from tests import need_to_know as nk
from tests import sample_files
from tests.api.helpers import bearer
from tests.conftest import PASSWORD, enrol, login
from tests.factories import case_in_state, province_id
from workflows.base import ADVISEUR, BEHEERDER, COORDINATOR, MINISTERIE, SECRETARIAAT

ANONYMOUS = "anoniem"
ROLES = (MINISTERIE, ADVISEUR, COORDINATOR, SECRETARIAAT, BEHEERDER)

# GET routes not counted, each with the reason.
EXCLUDED: dict[str, str] = {
    "static": "a file from disk, no SQL",
    "favicon": "a file from disk, no SQL",
    "health.readyz": "probes the broker as well; its SQL is the migration check, pinned in "
    "tests/web/test_health.py",
    "health.metrics": "Prometheus with its own token; counters, not a screen",
    "documents.download": "a file download (the file streams from disk)",
    "api.document_download": "a file download (the file streams from disk)",
    "exports.download": "a file download of a finished export (the file streams from disk)",
    "overview.advice_letter": "a PDF of one stored letter",
    "api.advice_letter": "a PDF of one stored letter",
    "meetings.agenda_pdf": "a PDF rendering of the agenda screen, which is counted",
    "province_report.download": "a download (CSV, XLSX, PDF) of the report screen, which is "
    "counted",
    "overview.annual_download": "a download (CSV, XLSX, PDF) of the overview screen, which is "
    "counted",
    "cases.export_csv": "a streamed export in chunks of rows by design; the list is counted",
    "cases.export_xlsx": "a streamed export in chunks of rows by design; the list is counted",
    "publication.export": "a streamed export in chunks of rows by design",
    "cases.timeline_csv": "a download of the case page's timeline, which is counted",
}

# Statements of one request: screen -> role -> count (the second request of the role; the
# first may fill a per-process cache).
PINNED: dict[str, dict[str, int]] = {
    "account.api_tokens_page": {
        "adviseur": 3,
        "coordinator": 3,
        "ministerie": 3,
        "secretariaat": 3,
    },
    "account.change_password": {
        "adviseur": 2,
        "beheerder": 2,
        "coordinator": 2,
        "ministerie": 2,
        "secretariaat": 2,
    },
    "admin.reference": {"beheerder": 5},
    "admin.user_admin": {"beheerder": 4},
    "admin.user_edit": {"beheerder": 3},
    "api-docs.openapi_json": {"anoniem": 0},
    "api.annual": {"adviseur": 6, "coordinator": 6, "secretariaat": 6},
    "api.case_actions": {"adviseur": 3, "coordinator": 3, "ministerie": 3, "secretariaat": 3},
    "api.case_advice": {"adviseur": 5, "coordinator": 5, "ministerie": 4, "secretariaat": 4},
    "api.case_deadlines": {"adviseur": 5, "coordinator": 5, "ministerie": 5, "secretariaat": 5},
    "api.case_detail": {"adviseur": 4, "coordinator": 4, "ministerie": 4, "secretariaat": 4},
    "api.case_documents": {"adviseur": 3, "coordinator": 3, "ministerie": 3, "secretariaat": 3},
    "api.case_list": {"adviseur": 3, "coordinator": 3, "ministerie": 3, "secretariaat": 3},
    "api.employment_figures": {
        "adviseur": 16,
        "coordinator": 16,
        "ministerie": 16,
        "secretariaat": 16,
    },
    "api.meetings": {"adviseur": 3, "coordinator": 3, "secretariaat": 3},
    "api.notifications": {"adviseur": 2, "coordinator": 2, "ministerie": 2, "secretariaat": 2},
    "api.region_profiles": {"adviseur": 2, "coordinator": 2, "ministerie": 2, "secretariaat": 2},
    "api_clients.clients": {"beheerder": 4},
    "api_reference.docs": {"anoniem": 0},
    "auth.enrol": {"anoniem": 0},
    "auth.login": {"anoniem": 0},
    "auth.preferences": {
        "adviseur": 3,
        "beheerder": 3,
        "coordinator": 3,
        "ministerie": 3,
        "secretariaat": 3,
    },
    "auth.second_step": {"anoniem": 0},
    "cases.action": {"adviseur": 5, "coordinator": 5, "ministerie": 6, "secretariaat": 6},
    "cases.case_list": {"adviseur": 9, "coordinator": 9, "ministerie": 9, "secretariaat": 9},
    "cases.choose_type": {"adviseur": 2, "coordinator": 2, "ministerie": 2},
    "cases.dashboard": {
        "adviseur": 9,
        "beheerder": 1,
        "coordinator": 9,
        "ministerie": 9,
        "secretariaat": 8,
    },
    "cases.detail": {"adviseur": 45, "coordinator": 45, "ministerie": 42, "secretariaat": 42},
    "cases.edit_case": {"adviseur": 5, "coordinator": 5, "ministerie": 6},
    "cases.new_case": {"adviseur": 7, "coordinator": 7, "ministerie": 4},
    "deadlines.extend": {"coordinator": 5},
    "documents.upload": {"adviseur": 4, "coordinator": 4, "ministerie": 4, "secretariaat": 4},
    "health.healthz": {"anoniem": 0},
    "inbox.mail": {
        "adviseur": 3,
        "beheerder": 3,
        "coordinator": 3,
        "ministerie": 3,
        "secretariaat": 3,
    },
    "inbox.mail_message": {
        "adviseur": 3,
        "beheerder": 3,
        "coordinator": 3,
        "ministerie": 3,
        "secretariaat": 3,
    },
    "inbox.notifications": {
        "adviseur": 3,
        "beheerder": 3,
        "coordinator": 3,
        "ministerie": 3,
        "secretariaat": 3,
    },
    "exports.downloads": {
        "adviseur": 3,
        "beheerder": 3,
        "coordinator": 3,
        "ministerie": 3,
        "secretariaat": 3,
    },
    "insight.dashboard": {"adviseur": 11, "coordinator": 11, "ministerie": 11, "secretariaat": 11},
    "insight.split_changes": {"adviseur": 3, "coordinator": 3},
    "labour_market.indicator_import": {"adviseur": 2, "coordinator": 2},
    "labour_market.indicator_list": {
        "adviseur": 14,
        "beheerder": 14,
        "coordinator": 14,
        "ministerie": 14,
        "secretariaat": 14,
    },
    "leidraad.consideration_edit": {"beheerder": 3},
    "leidraad.considerations": {"beheerder": 3},
    "masterplans.masterplan_detail": {
        "adviseur": 9,
        "coordinator": 9,
        "ministerie": 9,
        "secretariaat": 9,
    },
    "masterplans.masterplan_edit": {"adviseur": 9, "coordinator": 9},
    "masterplans.masterplan_list": {
        "adviseur": 7,
        "coordinator": 7,
        "ministerie": 7,
        "secretariaat": 7,
    },
    "meetings.agenda": {"adviseur": 4, "coordinator": 4, "secretariaat": 4},
    "meetings.board": {"adviseur": 6, "coordinator": 6, "secretariaat": 6},
    "meetings.cancel": {"secretariaat": 4},
    "meetings.move": {"secretariaat": 4},
    "network.index": {
        "adviseur": 3,
        "beheerder": 3,
        "coordinator": 3,
        "ministerie": 3,
        "secretariaat": 3,
    },
    "offices.office_detail": {"adviseur": 4, "coordinator": 4, "ministerie": 4, "secretariaat": 4},
    "offices.office_edit": {"adviseur": 6, "coordinator": 6},
    "offices.office_import": {"adviseur": 2, "coordinator": 2},
    "offices.office_list": {"adviseur": 5, "coordinator": 5, "ministerie": 5, "secretariaat": 5},
    "offices.office_new": {"adviseur": 4, "coordinator": 4},
    "organisations.organisation_edit": {"beheerder": 5},
    "organisations.organisation_new": {"beheerder": 4},
    "organisations.proposals": {"adviseur": 4, "beheerder": 4, "coordinator": 4},
    "overview.annual": {"adviseur": 7, "coordinator": 7, "secretariaat": 7},
    "overview.drill_down": {"adviseur": 3, "coordinator": 3, "secretariaat": 3},
    "pages.accessibility": {"anoniem": 0},
    "province_report.report": {"adviseur": 18, "coordinator": 18, "secretariaat": 18},
    "regions.figure_batch": {
        "adviseur": 6,
        "beheerder": 6,
        "coordinator": 6,
        "ministerie": 6,
        "secretariaat": 6,
    },
    "regions.figure_batches": {
        "adviseur": 3,
        "beheerder": 3,
        "coordinator": 3,
        "ministerie": 3,
        "secretariaat": 3,
    },
    "regions.figure_import": {"adviseur": 2, "coordinator": 2},
    "regions.figure_list": {
        "adviseur": 16,
        "beheerder": 16,
        "coordinator": 16,
        "ministerie": 16,
        "secretariaat": 16,
    },
    "regions.profile_detail": {
        "adviseur": 3,
        "beheerder": 3,
        "coordinator": 3,
        "ministerie": 3,
        "secretariaat": 3,
    },
    "regions.profile_edit": {"adviseur": 4, "coordinator": 4},
    "regions.profile_list": {
        "adviseur": 3,
        "beheerder": 3,
        "coordinator": 3,
        "ministerie": 3,
        "secretariaat": 3,
    },
    "regions.profile_new": {"adviseur": 3, "coordinator": 3},
    "signals.signal_detail": {
        "adviseur": 24,
        "coordinator": 24,
        "ministerie": 24,
        "secretariaat": 24,
    },
    "signals.signal_edit": {"adviseur": 9, "coordinator": 9, "ministerie": 9},
    "signals.signal_list": {"adviseur": 4, "coordinator": 4, "ministerie": 4, "secretariaat": 4},
    "signals.signal_new": {"adviseur": 7, "coordinator": 7, "ministerie": 7},
    "talks.talk_detail": {"adviseur": 5, "coordinator": 5, "ministerie": 5, "secretariaat": 5},
    "talks.talk_edit": {"adviseur": 6, "coordinator": 6},
    "talks.talk_list": {"adviseur": 7, "coordinator": 7, "ministerie": 7, "secretariaat": 7},
    "talks.talk_new": {"adviseur": 4, "coordinator": 4},
    "talks.yearly_overview": {"adviseur": 4, "coordinator": 4, "secretariaat": 4},
    "webhooks.deliveries": {"beheerder": 5},
    "webhooks.subscriptions": {"beheerder": 4},
}


@dataclass(frozen=True)
class Seeded:
    users: dict[str, User]
    case_file: nk.CaseFile
    tokens: dict[str, str]


@contextmanager
def counted() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _get_rules(app: Flask) -> dict[str, Any]:
    return {r.endpoint: r for r in app.url_map.iter_rules() if "GET" in (r.methods or ())}


def _roles_of(endpoint: str) -> tuple[str, ...]:
    permission = permissions.ROUTES[endpoint]
    if permission == permissions.PUBLIC:
        return (ANONYMOUS,)
    return tuple(r for r in ROLES if permissions.role_holds(r, permission))


# ----------------------------------------------------------------------------- the data


def _seed(app: Flask, tmp_path: Path) -> Seeded:
    app.config["DOCUMENTS_PATH"] = str(tmp_path / "documenten")
    app.config["FIGURE_IMPORTS_PATH"] = str(tmp_path / "imports")
    users = demo.load_demo_users()
    for user in users.values():
        if two_factor.required_for(user):
            enrol(user)
    db.session.commit()
    webhooks.create(users[BEHEERDER], "Zaaksysteem", "https://zaken.example.org/hook", None)
    meeting_places.load_meeting_places()  # shipped, but emptied between PostgreSQL tests
    loaded = demo.load_demo()
    case_file = nk.build(app, loaded.users, tmp_path / "documenten")
    _import_figures(users[ADVISEUR], "2025")
    _mail_to(users[BEHEERDER], "start")  # the others have theirs from the cases
    tokens = {
        role: api_tokens.create(
            users[role], "systeem", api_tokens.READ, local_today() + timedelta(days=30)
        ).secret
        for role in ROLES
        if permissions.role_holds(role, "api_token.manage")
    }
    return Seeded(users, case_file, tokens)


def _mail_to(user: User, key: str) -> None:
    """A mail as the system writes one to a user without cases (the administrator)."""
    db.session.add(
        MailMessage(
            key=f"test:{key}:{user.id}",
            user_id=user.id,
            to_address=user.email,
            subject="Welkom",
            body="Uw account is aangemaakt.",
        )
    )
    db.session.commit()


PROVINCES = (
    *("Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland"),
    *("Utrecht", "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg"),
)


def _import_figures(user: User, year: str) -> None:
    rows = "".join(f"{name};Totaal;{year}-01-01;1000;Jaarbrief {year}\n" for name in PROVINCES)
    body = ("provincie;sector;peildatum;fte;bron\n" + rows).encode()
    figures.import_figures(user, figures.store_upload(user, "cijfers.csv", body))


def _grow(app: Flask, seeded: Seeded, round_: int) -> None:
    """As much again of everything, on the sample objects too."""
    users, case_file = seeded.users, seeded.case_file
    db.session.execute(
        update(Case).where(Case.demo.is_(True)).values(title=Case.title + f" ({round_})")
    )
    db.session.commit()
    assert demo.load_demo_cases(users) > 10  # every demo case again, walked through its states
    pending = case_file.under_approval
    nk.act(users[COORDINATOR], pending, "terugsturen", opmerkingen=f"Ronde {round_}")
    nk.act(users[ADVISEUR], pending, "concept_opslaan", **nk._draft(f"Concept {round_}"))
    nk.act(users[ADVISEUR], pending, "ter_goedkeuring_voorleggen")
    for shared in (False, True):
        pdf = io.BytesIO(sample_files.pdf())
        documents.upload(
            users[ADVISEUR], pending.id, "overig", f"extra-{round_}.pdf", pdf, shared=shared
        )
    _more_network(users, round_)
    for number in range(3):
        add_user(f"extra-{round_}-{number}@test.nl", f"Extra {number}", ADVISEUR, None, PASSWORD)
    _other_ministries(users, round_)
    later = local_today() + timedelta(weeks=4 * round_)
    schedule.plan_fridays(users[SECRETARIAAT], later, later + timedelta(weeks=4))
    _import_figures(users[ADVISEUR], str(2020 + round_))
    _mail_to(users[BEHEERDER], f"ronde-{round_}")


# Each round files cases for ministries not in the demo, so that a screen naming cases'
# ministries meets more of them (a ministry read per row would show).
NEW_MINISTRIES = {2: ("Def", "IenW", "SZW"), 3: ("VWS", "AZ", "BZ")}
NEW_MINISTRY_STATES = ("concept", "ingediend", "advies_uitgebracht", "geagendeerd", "besloten")


def _other_ministries(users: dict[str, User], round_: int) -> None:
    for abbreviation in NEW_MINISTRIES[round_]:
        email = f"extra-{abbreviation}@test.nl".lower()
        filer = add_user(
            email, f"Extra {abbreviation}", MINISTERIE, current_ministry(abbreviation), PASSWORD
        )
        db.session.commit()
        for state in NEW_MINISTRY_STATES:
            case_in_state(users, "nieuwe_dienst", state, owner=filer)


def _more_network(users: dict[str, User], round_: int) -> None:
    adviser = users[ADVISEUR]
    jenv = current_ministry("JenV").id
    for number, province in enumerate(("Groningen", "Limburg", "Zeeland")):
        talk = talks.record_talk(
            adviser,
            TalkData(
                held_on=local_today() - timedelta(days=10 + number),
                kind="bestuurders",
                province_id=province_id(province),
                functions=["gedeputeerde"],
                topics=f"Ronde {round_} gesprek {number}",
            ),
        )
        talks.add_follow_up(
            adviser, talk, f"Actie {round_}.{number}", "Adviseur", local_today() + timedelta(7)
        )
        ministry_talk = talks.record_talk(
            adviser,
            TalkData(
                held_on=local_today() - timedelta(days=5),
                kind="ministerie",
                ministry_id=jenv,
                functions=["directeur_generaal"],
            ),
        )
        for user in (adviser, users[MINISTERIE]):
            signals.record_signal(
                user,
                SignalData(
                    ministry_id=jenv,
                    fte_change=10 + number,
                    horizon_year=local_today().year + 1,
                    organisation="CJIB",
                    province_id=province_id(province),
                    talk_id=ministry_talk if user is adviser else None,
                ),
            )
    offices.add_office(
        adviser,
        OfficeInput(
            place=f"Plaats {round_}",
            province_id=province_id("Utrecht"),
            source="Rijksvastgoedbedrijf",
            name=f"Rijkskantoor {round_}",
            workplaces=100,
            occupied=50,
        ),
    )


# ------------------------------------------------------------------------- the screens

# The case a screen needs beside the sample case (the case file's case under approval), per
# role: (case type or None for any, state). A ministry's are JenV's.
CASES: dict[str, dict[str, tuple[str | None, str]]] = {
    "cases.edit_case": {
        MINISTERIE: ("omvangswijziging", "concept"),
        ADVISEUR: ("zbo_gesprek", "gepland"),
        COORDINATOR: ("zbo_gesprek", "gepland"),
    },
    "cases.action": {
        MINISTERIE: (None, "advies_uitgebracht"),
        ADVISEUR: (None, "ingediend"),
        COORDINATOR: (None, "ter_goedkeuring"),
        SECRETARIAAT: (None, "geen_overeenstemming"),
    },
    "documents.upload": {SECRETARIAAT: (None, "geagendeerd")},
}
# The action form each role opens, on its case of CASES["cases.action"].
ACTIONS = {
    MINISTERIE: "instemmen",
    ADVISEUR: "intake_accepteren",
    COORDINATOR: "uitbrengen",
    SECRETARIAAT: "agenderen",
}


def _first(query: Any) -> Any:
    found = db.session.scalars(query.limit(1)).first()
    assert found is not None, str(query)
    return found


def _samples(seeded: Seeded, role: str) -> dict[str, Any]:
    """A value for every URL argument, one the role may open."""
    pending = seeded.case_file.under_approval
    jenv = current_ministry("JenV").id
    running = select(Deadline).where(Deadline.status == deadlines.RUNNING).order_by(Deadline.id)
    deadline = _first(running)
    values: dict[str, Any] = {
        "case_id": pending.id,
        "key": pending.reference,
        "deadline": (deadline.case_id, deadline.id),
        "user_id": seeded.users[MINISTERIE].id,
        "consideration_id": _first(select(LeidraadConsideration.id)),
        "organisation_id": _first(select(Organisation.id).order_by(Organisation.id)),
        "subscription_id": _first(select(WebhookSubscription.id)),
        "batch_id": _first(select(FigureBatch.id).order_by(FigureBatch.id)),
        "talk_id": _first(select(Talk.id).where(Talk.ministry_id == jenv).order_by(Talk.id)),
        "signal_id": _first(
            select(Signal.id).where(Signal.ministry_id == jenv).order_by(Signal.id)
        ),
        "office_id": _first(select(Office.id).order_by(Office.id)),
        "profile_id": _first(select(RegionProfile.id).order_by(RegionProfile.id)),
        "masterplan_id": _first(select(Masterplan.id).order_by(Masterplan.id)),
        "meeting_id": _first(select(Meeting.id).order_by(Meeting.held_on.desc())),
        "province": "groningen",
        "section": "lopend",
        "case_type": "omvangswijziging" if role == MINISTERIE else "zbo_gesprek",
        "name": ACTIONS.get(role),
    }
    if role in seeded.users:
        mail = select(MailMessage.id).where(MailMessage.user_id == seeded.users[role].id)
        values["message_id"] = _first(mail.order_by(MailMessage.id))
    for endpoint, cases in CASES.items():
        if role in cases:
            case_type, state = cases[role]
            query = select(Case.id).where(Case.state == state).order_by(Case.id)
            if case_type:
                query = query.where(Case.case_type == case_type)
            if role == MINISTERIE:
                query = query.where(Case.ministry_id == jenv)
            values[endpoint] = _first(query)
    return values


# The URL arguments _samples fills in; a route with another one is not counted until it is.
ARGUMENTS = frozenset(
    {
        *("case_id", "key", "deadline_id", "user_id", "consideration_id", "organisation_id"),
        *("subscription_id", "batch_id", "talk_id", "signal_id", "office_id", "profile_id"),
        *("masterplan_id", "meeting_id", "province", "section", "case_type", "name"),
        "message_id",
    }
)


def _url(app: Flask, rule: Any, values: dict[str, Any]) -> str:
    args = {a: values[a] for a in rule.arguments if a in values}
    if rule.endpoint in values:
        args["case_id"] = values[rule.endpoint]
    if "deadline_id" in rule.arguments:
        args["case_id"], args["deadline_id"] = values["deadline"]
    with app.test_request_context():
        return url_for(rule.endpoint, **args)


@dataclass(frozen=True)
class Count:
    url: str
    status: int
    statements: list[str]


def _clients(app: Flask, seeded: Seeded) -> dict[str, FlaskClient]:
    clients = {ANONYMOUS: app.test_client()}
    for role in ROLES:
        clients[role] = app.test_client()
        login(clients[role], seeded.users[role], demo.DEMO_PASSWORD)
    return clients


def _count_all(
    app: Flask, seeded: Seeded, only: Callable[[str], bool] = lambda e: True
) -> dict[tuple[str, str], Count]:
    """Every screen as every role that may open it: the statements of the second request
    (the first may fill a per-process cache)."""
    clients, counts = _clients(app, seeded), {}
    samples = {role: _samples(seeded, role) for role in (ANONYMOUS, *ROLES)}
    for endpoint, rule in sorted(_get_rules(app).items()):
        if endpoint in EXCLUDED or not only(endpoint) or rule.arguments - ARGUMENTS:
            continue  # an unknown argument: test_every_get_screen_is_counted_or_excluded
        api = endpoint.startswith("api.")
        for role in _roles_of(endpoint):
            if api and role not in seeded.tokens:
                continue
            url = _url(app, rule, samples[role])
            counts[endpoint, role] = _count(
                clients[ANONYMOUS if api else role], url, bearer(seeded.tokens[role]) if api else {}
            )
    return counts


def _count(client: FlaskClient, url: str, headers: dict[str, str]) -> Count:
    client.get(url, headers=headers).close()
    with counted() as statements:
        response = client.get(url, headers=headers)
        response.get_data()
        response.close()
    return Count(url, response.status_code, statements)


def _listing(count: Count) -> str:
    return "\n".join(f"      {s.split(chr(10))[0][:160]}" for s in count.statements)


def _differences(
    label: str, expected: dict[tuple[str, str], int], counts: dict[tuple[str, str], Count]
) -> list[str]:
    lines = []
    for key, count in sorted(counts.items()):
        if expected.get(key) != len(count.statements):
            lines.append(
                f"  {key[0]} as {key[1]} ({count.url}): {label} {expected.get(key)}, now "
                f"{len(count.statements)}:\n{_listing(count)}"
            )
    return lines


def _pinned() -> dict[tuple[str, str], int]:
    return {(e, r): n for e, roles in PINNED.items() for r, n in roles.items()}


def _table(counts: dict[tuple[str, str], Count]) -> str:
    rows: dict[str, dict[str, int]] = {}
    for (endpoint, role), count in sorted(counts.items()):
        rows.setdefault(endpoint, {})[role] = len(count.statements)
    return (
        "PINNED: dict[str, dict[str, int]] = {\n"
        + "".join(
            f"    {e!r}: {{{', '.join(f'{r!r}: {n}' for r, n in roles.items())}}},\n"
            for e, roles in rows.items()
        )
        + "}"
    )


# --------------------------------------------------------------------------- the tests


def test_every_get_screen_is_counted_or_excluded(app: Flask) -> None:
    rules = _get_rules(app)
    screens = {(e, r) for e in rules if e not in EXCLUDED for r in _roles_of(e)}
    api_roles = {r for r in ROLES if permissions.role_holds(r, "api_token.manage")}
    screens = {(e, r) for e, r in screens if not e.startswith("api.") or r in api_roles}
    unknown = sorted(
        f"{e}: {set(r.arguments) - ARGUMENTS}"
        for e, r in rules.items()
        if e not in EXCLUDED and r.arguments - ARGUMENTS
    )
    assert unknown == [], "give these arguments a sample in _samples, or exclude the route"
    pinned = set(_pinned())
    assert sorted(screens - pinned) == [], "count these screens and pin them in PINNED"
    assert sorted(pinned - screens) == [], "PINNED names screens that no longer exist"
    assert sorted(set(EXCLUDED) - set(rules)) == [], "EXCLUDED names routes that are gone"
    assert set(EXCLUDED).isdisjoint(PINNED)


# Lists and how their page size is set: a query parameter, or the setting they read.
PAGED_API = ("api.case_list", "api.notifications")
PAGED_SCREENS: dict[str, tuple[str, str]] = {
    "cases.case_list": ("caseflow.config", "PAGE_SIZE"),  # app.config, see _page_size
    "inbox.notifications": ("caseflow.web.inbox", "PAGE_SIZE"),
    "inbox.mail": ("caseflow.web.inbox", "PAGE_SIZE"),
    "talks.talk_list": ("caseflow.services.network.talks", "PAGE_SIZE"),
    "signals.signal_list": ("caseflow.services.network.signals", "PAGE_SIZE"),
    "webhooks.deliveries": ("caseflow.services.messaging.webhooks", "PAGE_SIZE"),
    "overview.drill_down": ("caseflow.services.reporting.annual_overview", "PAGE_SIZE"),
}


def _paged(app: Flask, seeded: Seeded, size: int, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patch:
        app.config["PAGE_SIZE"] = size
        for module, name in PAGED_SCREENS.values():
            if module != "caseflow.config":
                patch.setattr(f"{module}.{name}", size)
        counts = _count_all(app, seeded, lambda e: e in PAGED_SCREENS)
    clients = _clients(app, seeded)
    for endpoint in PAGED_API:
        for role, token in seeded.tokens.items():
            with app.test_request_context():
                url = url_for(endpoint, aantal=size)
            counts[endpoint, role] = _count(clients[ANONYMOUS], url, bearer(token))
    return counts


def test_statements_per_screen_are_pinned_and_constant(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = _seed(app, tmp_path)
    before = _count_all(app, seeded)
    if os.environ.get("QUERY_COUNTS_PRINT"):
        print("\n" + _table(before))
    wrong = [
        f"{k[0]} as {k[1]} ({c.url}): {c.status}" for k, c in before.items() if c.status >= 400
    ]
    assert wrong == [], "these screens did not open (choose a sample the role may open):\n" + (
        "\n".join(wrong)
    )
    problems = _differences("pinned", _pinned(), before)
    for round_ in (2, 3):
        _grow(app, seeded, round_)
    grown = _count_all(app, seeded)
    counted_before = {k: len(c.statements) for k, c in before.items()}
    problems += _differences("with a third of the data", counted_before, grown)
    small = _paged(app, seeded, 2, monkeypatch)
    large = _paged(app, seeded, 100, monkeypatch)
    problems += _differences(
        "at page size 2", {k: len(c.statements) for k, c in small.items()}, large
    )
    assert problems == [], "statements per screen changed:\n" + "\n".join(problems)
