"""No 5xx on any input: a property-based fuzz test over every route, role, query parameter
and form field.

Every rule in ``app.url_map`` is requested by every role (and anonymously) with fuzzed path
values and query parameters; every POST route gets fuzzed values for every field of its
WTForms form (found by walking the form classes, so a new field is fuzzed without touching
this file). Workflow actions are posted on a case in a state where the role may take them,
so the forms are validated and the services run. Values include NUL bytes and other
control characters, integers beyond 2³¹, negative numbers, ``nan``/``inf``, dates such as
9999-12-31 and 0001-01-01, very long strings and arbitrary unicode.

Run ``pytest tests/web/test_fuzz.py -s`` to see the number of requests and 5xx answers;
the examples are derandomized, so a run is reproducible.
"""

from __future__ import annotations

import html
import inspect
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.routing import IntegerConverter, Rule
from wtforms import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    FloatField,
    IntegerField,
    SelectFieldBase,
)
from wtforms.fields.core import UnboundField

import workflows
from caseflow.extensions import db
from caseflow.models import Case, User
from caseflow.models.deadline import Deadline
from caseflow.web import forms
from caseflow.web.cases import LIST_ARGS
from caseflow.web.filing_form import case_form_class
from caseflow.web.forms import BoundedDateField, BoundedIntegerField
from tests.conftest import login
from tests.factories import act, case_in_state
from tests.talk_helpers import recorded_signals, recorded_talks

# The query parameters each page reads (besides these, every GET gets a random extra one).
QUERY_PARAMETERS: dict[str, tuple[str, ...]] = {
    "cases.case_list": (*LIST_ARGS, "na"),
    "cases.action": ("regio",),
    "auth.login": ("next",),
    "inbox.notifications": ("voor",),
    "inbox.mail": ("voor",),
    "insight.dashboard": ("peildatum", "sector", "jaar", "telling"),
    "overview.annual": ("jaar", "peildatum", "telling"),
    "overview.annual_download": ("jaar", "peildatum", "telling"),
    "overview.drill_down": (
        "jaar",
        "peildatum",
        "ministerie",
        "type",
        "status",
        "uitkomst",
        "provincie",
        "na",
    ),
    "talks.talk_list": ("provincie", "ministerie", "jaar", "pagina"),
    "talks.yearly_overview": ("jaar",),
    "province_report.report": ("jaar",),
    "province_report.download": ("jaar",),
    "signals.signal_new": ("gesprek",),
    "webhooks.deliveries": ("voor",),
}
QUERY_PARAMETERS["cases.export_csv"] = QUERY_PARAMETERS["cases.case_list"]
QUERY_PARAMETERS["cases.export_xlsx"] = QUERY_PARAMETERS["cases.case_list"]

# Who posts which form where. POST routes not listed get every field of every form.
ROLES = ("ministerie", "ministerie_ocw", "adviseur", "coordinator", "secretariaat", "beheerder")
NOT_POSTED = {"auth.logout"}  # would end the session the remaining examples run in

NUMBERS = ["0", "-1", "1", "2147483647", "2147483648", "-2147483649", "4294967296"]
NUMBERS += [str(10**20), str(2**63), "-" + str(10**20), "9" * 5000, "1e309", "1.5", "1_000"]
NUMBERS += ["nan", "NaN", "inf", "-inf", "Infinity", "+5", " 7 ", "٣", "0x10", ""]
DATES = ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01", "10000-01-01", "2026-02-30"]
DATES += ["2026-12-07", "1900-01-01", "2199-12-31", "-2026-01-01", "2026-1-1", "31-12-2026"]
NASTY = ["\u2028", "\ufeff", "\U0001f600", "'; DROP TABLE cases; --", "<script>alert(1)</script>"]
NASTY += ["%s%n", "{{7*7}}", "../../", "a\tb", "regel\r\nregel", "Ⅻ", "ﬁ", "İ", "ß" * 300]
CONTROL = ["\x00", "a\x00b", "\x01\x02\x1f", "\x7f", "\x85", "\x1b[31m", "x\x0by"]

numbers = st.one_of(
    st.sampled_from(NUMBERS), st.integers(min_value=-(2**70), max_value=2**70).map(str)
)
dates = st.one_of(st.sampled_from(DATES), st.dates().map(lambda d: d.isoformat()))
# Text without control characters reaches the forms and services; text with them must be
# refused at the door. Most examples are clean, so they get past the door.
texts = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=40),
    st.integers(min_value=1_000, max_value=100_000).map(lambda n: "x" * n),
)
controls = st.one_of(
    st.sampled_from(CONTROL),
    st.text(alphabet=st.characters(max_codepoint=0x9F), min_size=1, max_size=20),
)
anything = st.one_of(numbers, dates, texts)
# CI runs the default; FUZZ_EXAMPLES=2000 for a longer search.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0")) or None


@dataclass
class Tally:
    requests: int = 0
    failures: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    def check(self, method: str, url: str, status: int, sent: Any = None) -> None:
        self.requests += 1
        self.statuses[status] += 1
        if status >= 500:
            self.failures.append(f"{status} {method} {url} {sent!r:.160}")

    def report(self, what: str) -> None:
        seconds = time.monotonic() - self.started
        counts = f"{self.requests} requests, {len(self.failures)} with 5xx"
        print(
            f"\nfuzz {what}: {counts}, {seconds:.0f} s; by status {sorted(self.statuses.items())}"
        )
        assert not self.failures, "\n".join(self.failures[:20])


# --- the application's routes and forms ---------------------------------------------------


def all_form_classes() -> list[type[FlaskForm]]:
    """Every FlaskForm subclass of the application (importing the views defines them all)."""
    found: list[type[FlaskForm]] = []
    pending = list(FlaskForm.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("caseflow."):
            found.append(cls)
    return found


def form_fields(form_class: type[FlaskForm]) -> dict[str, type[Any]]:
    """The field names and field classes a form reads."""
    return {
        name: unbound.field_class
        for name, unbound in inspect.getmembers(form_class, lambda m: isinstance(m, UnboundField))
    }


def value_for(field_class: type[Any]) -> st.SearchStrategy[str]:
    """Mostly values of the field's own kind, sometimes anything at all."""
    if issubclass(field_class, IntegerField):
        own: st.SearchStrategy[str] = numbers
    elif issubclass(field_class, DateField):
        own = dates
    elif issubclass(field_class, BooleanField):
        own = st.sampled_from(["y", "", "\x00"])
    elif issubclass(field_class, SelectFieldBase):
        own = st.one_of(numbers, texts)
    else:
        own = texts
    return st.one_of(own, own, anything)


def form_data(fields: dict[str, type[Any]], dirty: bool) -> st.SearchStrategy[dict[str, str]]:
    """Fuzzed values for some of ``fields``; ``dirty``: control characters among them."""
    return st.fixed_dictionaries(
        {},
        optional={
            name: st.one_of(value_for(f), controls) if dirty else value_for(f)
            for name, f in fields.items()
        },
    )


def rules(app: Flask, method: str) -> list[Rule]:
    return sorted(
        (r for r in app.url_map.iter_rules() if method in (r.methods or ())),
        key=lambda r: r.rule,
    )


@dataclass
class World:
    """Logged-in clients per role, the case pool and the ids worth putting in URLs."""

    app: Flask
    users: dict[str, User]
    clients: dict[str, FlaskClient]
    ids: list[int]
    pool: dict[tuple[str, str], int] = field(default_factory=dict)

    def case_in(self, case_type: str, state: str) -> Case:
        """A case of ``case_type`` in ``state``; a fresh one when a fuzzed post moved it on."""
        case_id = self.pool.get((case_type, state))
        case = db.session.get(Case, case_id) if case_id else None
        db.session.expire_all()
        if case is None or case.state != state:
            db.session.rollback()
            case = case_in_state(self.users, case_type, state)
            self.pool[(case_type, state)] = case.id
        return case

    def filed_case(self) -> Case:
        """A case filed through the real action, so its deadlines run."""
        case_id = self.pool.get(("omvangswijziging", "termijnen"))
        case = db.session.get(Case, case_id) if case_id else None
        if case is None:
            case = act(
                self.users["ministerie"], case_in_state(self.users, "omvangswijziging"), "indienen"
            )
            self.pool[("omvangswijziging", "termijnen")] = case.id
        return case


@pytest.fixture
def world(app: Flask, users: dict[str, User]) -> World:
    clients = {"anoniem": app.test_client()}
    for role in ROLES:
        clients[role] = app.test_client()
        login(clients[role], users[role])
    ids = [0, 1, 2, 3, 2**31 - 1, 2**31, 10**20]
    world = World(app, users, clients, ids)
    for case_type in workflows.CASE_TYPES:
        world.ids.append(world.case_in(case_type, workflows.latest(case_type).initial).id)
    world.ids.append(world.case_in("omvangswijziging", "ingediend").id)
    world.ids.extend(recorded_talks(users))  # the register of talks: its pages and forms
    world.ids.extend(recorded_signals(users))  # early signals: their pages and conversion
    return world


# --- GET: every route, every role, fuzzed path values and query parameters -----------------


def path_values(rule: Rule, world: World) -> st.SearchStrategy[dict[str, Any]]:
    values: dict[str, st.SearchStrategy[Any]] = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            values[name] = st.one_of(
                st.sampled_from(world.ids), st.integers(min_value=0, max_value=10**25)
            )
        elif name == "case_type":
            values[name] = st.one_of(st.sampled_from(workflows.CASE_TYPES), texts, controls)
        elif name == "name":
            values[name] = st.one_of(st.sampled_from(ACTION_NAMES), texts, controls)
        elif name == "province":  # the province report: a known slug or CBS code, or junk
            values[name] = st.one_of(st.sampled_from(["groningen", "PV20", "fryslan"]), texts)
        elif name == "fmt":
            values[name] = st.sampled_from(["csv", "xlsx", "pdf", "txt"])
        elif name == "section":  # the annual overview's drill-down
            values[name] = st.sampled_from(["lopend", "besloten"])
        else:
            values[name] = st.one_of(texts, controls).filter(bool)
    return st.fixed_dictionaries(values)


ACTION_NAMES = sorted({a.name for t in workflows.CASE_TYPES for a in workflows.latest(t).actions})


def query(endpoint: str, dirty: bool) -> st.SearchStrategy[dict[str, str]]:
    names = QUERY_PARAMETERS.get(endpoint, ())
    value = st.one_of(anything, controls) if dirty else anything
    return st.fixed_dictionaries({}, optional={**dict.fromkeys(names, value), "extra": value})


def build(world: World, endpoint: str, values: dict[str, Any]) -> str | None:
    adapter = world.app.url_map.bind("localhost")
    try:
        return adapter.build(endpoint, values)
    except Exception:  # a value the route cannot even carry in its URL
        return None


def test_every_page_survives_fuzzed_urls_and_query_parameters(world: World) -> None:
    tally = Tally()
    get_rules = rules(world.app, "GET")
    roles = sorted(world.clients)

    @settings(
        max_examples=EXAMPLES or 500,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        rule = data.draw(st.sampled_from(get_rules))
        client = world.clients[data.draw(st.sampled_from(roles))]
        url = build(world, rule.endpoint, data.draw(path_values(rule, world)))
        if url is None:
            return
        params = data.draw(query(rule.endpoint, dirty=data.draw(st.integers(0, 3)) == 0))
        response = client.get(url, query_string=params)
        response.get_data()  # to the end, as a browser reads a download
        response.close()
        tally.check("GET", url, response.status_code, params)

    run()
    tally.report("GET")


# --- POST: every form with fuzzed values for every field ------------------------------------


@dataclass(frozen=True)
class Target:
    """A role posting a form to a route, with the path values the route needs."""

    role: str
    endpoint: str
    form: type[FlaskForm] | None
    path: Callable[[World], dict[str, Any]]
    case: Callable[[World], Case] | None = None  # the case whose version the form carries


def _action_targets() -> Iterator[Target]:
    for case_type in workflows.CASE_TYPES:
        for action in workflows.latest(case_type).actions:
            state = action.sources[0]
            form = forms.ACTION_FORMS[action.input_type]
            for role in sorted(action.roles & set(ROLES)):

                def case(w: World, t: str = case_type, s: str = state) -> Case:
                    return w.case_in(t, s)

                def path(w: World, c: Callable[[World], Case] = case, a: str = action.name) -> Any:
                    return {"case_id": c(w).id, "name": a}

                yield Target(role, "cases.action", form, path, case)


def _running_deadline(w: World) -> dict[str, Any]:
    case = w.filed_case()
    deadline = db.session.scalars(select(Deadline).where(Deadline.case_id == case.id)).first()
    return {"case_id": case.id, "deadline_id": deadline.id if deadline else 1}


def _case_path(case_type: str, state: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"case_id": w.case_in(case_type, state).id}


def _no_path(w: World) -> dict[str, Any]:
    return {}


def page_targets() -> list[Target]:
    from caseflow.web.api_clients import ApiClientForm
    from caseflow.web.documents import DocumentForm
    from caseflow.web.labour_market import IndicatorConfirmForm, IndicatorUploadForm
    from caseflow.web.leidraad import ConsiderationEditForm, ConsiderationForm
    from caseflow.web.masterplan_form import MasterplanForm
    from caseflow.web.overview import ExportForm
    from caseflow.web.regions import ConfirmForm, ProfileForm, UploadForm, WithdrawForm

    targets = [
        Target("anoniem", "auth.login", forms.LoginForm, _no_path),
        Target("adviseur", "auth.preferences", forms.PreferencesForm, _no_path),
        Target("beheerder", "admin.user_admin", forms.UserForm, _no_path),
        Target("secretariaat", "meetings.board", forms.MeetingForm, _no_path),
        Target("adviseur", "regions.profile_new", ProfileForm, _no_path),
        Target("coordinator", "regions.figure_import", UploadForm, _no_path),
        Target("coordinator", "regions.figure_import_confirm", ConfirmForm, _no_path),
        # No import exists in the fuzz world: a withdrawal of any batch number is a 404.
        Target(
            "coordinator", "regions.figure_batch_withdraw", WithdrawForm, lambda w: {"batch_id": 1}
        ),
        Target("coordinator", "labour_market.indicator_import", IndicatorUploadForm, _no_path),
        Target(
            "coordinator",
            "labour_market.indicator_import_confirm",
            IndicatorConfirmForm,
            _no_path,
        ),
        Target("coordinator", "deadlines.extend", forms.ExtendDeadlineForm, _running_deadline),
        Target("ministerie", "documents.upload", DocumentForm, _case_path("masterplan", "concept")),
        Target("beheerder", "leidraad.considerations", ConsiderationForm, _no_path),
        Target("beheerder", "api_clients.clients", ApiClientForm, _no_path),
        # The annual overview's Excel file as an export job (Mijn downloads).
        Target("secretariaat", "overview.annual_export", ExportForm, _no_path),
        Target(
            "coordinator",
            "masterplans.masterplan_edit",
            MasterplanForm,
            lambda w: {"masterplan_id": 1},
        ),
        Target(
            "beheerder",
            "leidraad.consideration_edit",
            ConsiderationEditForm,
            lambda w: {"consideration_id": 1},
        ),
    ]
    for case_type in workflows.CASE_TYPES:
        # The filing form of the type: the fields its definition declares.
        filing_form = case_form_class(workflows.latest(case_type))
        for role in ("ministerie", "adviseur", "coordinator"):
            targets.append(
                Target(role, "cases.new_case", filing_form, lambda w, t=case_type: {"case_type": t})
            )
    targets.append(
        Target(
            "ministerie",
            "cases.edit_case",
            case_form_class(workflows.latest("omvangswijziging")),
            _case_path("omvangswijziging", "concept"),
            lambda w: w.case_in("omvangswijziging", "concept"),
        )
    )
    return targets


def filled_in(client: FlaskClient, url: str, tally: Tally) -> dict[str, str]:
    """The form on the page at ``url`` as the page offers it, with every field filled in: the
    values shown, the first real option of each list, a word in an empty text field."""
    response = client.get(url)
    page = response.get_data(as_text=True)
    tally.check("GET", url, response.status_code)
    if response.status_code != 200:
        return {}
    values: dict[str, str] = {}
    for tag in re.findall(r"<input\b[^>]*>", page):
        name, kind = _attribute(tag, "name"), _attribute(tag, "type") or "text"
        if name and kind not in ("file", "submit", "checkbox", "radio"):
            values[name] = _attribute(tag, "value") or EMPTY_INPUT.get(kind, "Tekst")
    for name, body in re.findall(r'<select[^>]*name="([^"]*)"[^>]*>(.*?)</select>', page, re.S):
        options = [v for v in re.findall(r'<option[^>]*value="([^"]*)"', body) if v]
        if options:
            values[name] = html.unescape(options[0])
    for name, body in re.findall(r'<textarea[^>]*name="([^"]*)"[^>]*>(.*?)</textarea>', page, re.S):
        values[name] = html.unescape(body).strip() or "Toelichting"
    return values


EMPTY_INPUT = {"date": "2027-03-01", "number": "120", "email": "nieuw@test.nl", "hidden": ""}


def _attribute(tag: str, name: str) -> str:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return html.unescape(found.group(1)) if found else ""


def test_every_number_and_date_field_is_bounded(app: Flask) -> None:
    """What a form parses as a number or a date is bounded to what the database and the
    working-day calendar hold (and refuses nan/inf): no plain WTForms number or date field.
    (``app``: building it imports every view module, so every form is defined.)"""
    assert len(all_form_classes()) > 20
    loose = []
    for form_class in all_form_classes():
        for name, field_class in form_fields(form_class).items():
            if issubclass(field_class, (IntegerField, DecimalField, FloatField)):
                bounded: type[Any] = BoundedIntegerField
            elif issubclass(field_class, DateTimeField):
                bounded = BoundedDateField
            else:
                continue
            if not issubclass(field_class, bounded):
                loose.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert not loose, f"use BoundedIntegerField/BoundedDateField for: {loose}"


def test_every_form_posted_with_fuzzed_values_gives_no_5xx(world: World) -> None:
    tally = Tally()
    targets = [*page_targets(), *_action_targets()]
    # POST routes nobody declared (new ones) get every field of every form.
    declared = {t.endpoint for t in targets}
    all_fields: dict[str, type[Any]] = {}
    for form_class in all_form_classes():
        all_fields.update(form_fields(form_class))
    undeclared = [r for r in rules(world.app, "POST") if r.endpoint not in declared | NOT_POSTED]
    roles = sorted(world.clients)

    @settings(
        max_examples=EXAMPLES or 700,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        if undeclared and data.draw(st.integers(0, 5)) == 0:
            rule = data.draw(st.sampled_from(undeclared))
            url = build(world, rule.endpoint, data.draw(path_values(rule, world)))
            client = world.clients[data.draw(st.sampled_from(roles))]
            sent = data.draw(form_data(all_fields, dirty=data.draw(st.integers(0, 3)) == 0))
        else:
            target = data.draw(st.sampled_from(targets))
            url = build(world, target.endpoint, target.path(world))
            client = world.clients[target.role]
            fields = form_fields(target.form) if target.form else all_fields
            fuzzed = data.draw(form_data(fields, dirty=data.draw(st.integers(0, 3)) == 0))
            # Half the posts change a few fields of the form as the page offers it, so the
            # odd value reaches the services instead of failing beside other odd values.
            offered = filled_in(client, url, tally) if url and data.draw(st.booleans()) else {}
            sent = {**offered, **fuzzed}
            if target.case is not None and data.draw(st.booleans()):
                sent["version"] = str(target.case(world).version)
        if url is None:
            return
        response = client.post(url, data=sent)
        response.close()
        tally.check("POST", url, response.status_code, sent)

    run()
    tally.report("POST")
