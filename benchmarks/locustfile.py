"""The load mix of ``load_mix.py`` for locust: ministries filing and reading, BZK's advisers
taking cases in and reading, the secretariat's board. Each simulated user logs in once, as
an account of its own (a second login of the same account would end the first session),
with the accounts and sample cases that ``load_mix.py`` wrote to ``CASEFLOW_LOAD_PLAN``.

This file runs inside locust's own environment (gevent), so it imports nothing of caseflow.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from typing import Any

import pyotp
from locust import HttpUser, between, task

PLAN: dict[str, Any] = json.loads(open(os.environ["CASEFLOW_LOAD_PLAN"]).read())  # noqa: SIM115
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')
_lock = threading.Lock()
_accounts = {role: itertools.cycle(PLAN["accounts"][role]) for role in PLAN["accounts"]}
_filed = iter(PLAN["filed"])


def _next(role: str) -> dict[str, Any]:
    with _lock:
        return dict(next(_accounts[role]))


def _token(text: str) -> str:
    found = CSRF.search(text)
    return found.group(1) if found else ""


class _Official(HttpUser):
    abstract = True
    wait_time = between(1, 3)  # reading a page before the next click
    role = ""

    def on_start(self) -> None:
        self.account = _next(self.role)
        page = self.client.get("/inloggen", name="login")
        form = {"csrf_token": _token(page.text), "email": self.account["email"]}
        form["password"] = PLAN["password"]
        answer = self.client.post("/inloggen", data=form, name="login")
        if answer.url.endswith("/inloggen/code"):
            code = pyotp.TOTP(PLAN["totp_secret"]).now()
            data = {"csrf_token": _token(answer.text), "code": code}
            self.client.post("/inloggen/code", data=data, name="login")

    def _case_page(self) -> None:
        case_id = random.choice(self.account["cases"])
        self.client.get(f"/zaken/{case_id}", name="/zaken/[id]")


class Ministry(_Official):
    weight = 6
    role = "ministerie"

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/", name="/ (dashboard)")

    @task(3)
    def case_list(self) -> None:
        self.client.get("/zaken", name="/zaken")

    @task(5)
    def case_page(self) -> None:
        self._case_page()

    @task(1)
    def search(self) -> None:
        self.client.get("/zaken?q=" + random.choice(("IND", "Zwolle", "groei")), name="/zaken?q=")

    @task(1)
    def filter(self) -> None:
        self.client.get("/zaken?type=omvangswijziging&status=ingediend", name="/zaken?type&status")

    @task(1)
    def file_a_case(self) -> None:
        """A new service: the concept, then the filing (the form's version read from it)."""
        form_page = self.client.get("/zaken/nieuw/nieuwe_dienst", name="/zaken/nieuw/[type]")
        data = {**PLAN["new_case"], "csrf_token": _token(form_page.text)}
        made = self.client.post("/zaken/nieuw/nieuwe_dienst", data=data, name="/zaken/nieuw/[type]")
        found = re.search(r"/zaken/(\d+)", made.url)
        if found is None:
            return
        action = f"/zaken/{found.group(1)}/acties/indienen"
        page = self.client.get(action, name="/zaken/[id]/acties/indienen")
        version = VERSION.search(page.text)
        if version is None:
            return
        data = {"csrf_token": _token(page.text), "version": version.group(1)}
        self.client.post(action, data=data, name="/zaken/[id]/acties/indienen")


class Adviser(_Official):
    weight = 3
    role = "adviseur"

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/", name="/ (dashboard)")

    @task(2)
    def queue(self) -> None:
        self.client.get("/zaken?wachtrij=te_doen", name="/zaken?wachtrij")

    @task(5)
    def case_page(self) -> None:
        self._case_page()

    @task(1)
    def spreading(self) -> None:
        self.client.get("/spreiding", name="/spreiding")

    @task(2)
    def take_in(self) -> None:
        """Open a filed case's intake form and take the case in."""
        with _lock:
            case = next(_filed, None)
        if case is None:
            return
        action = f"/zaken/{case}/acties/intake_accepteren"
        page = self.client.get(action, name="/zaken/[id]/acties/intake_accepteren")
        version = VERSION.search(page.text)
        if version is None:
            return
        data = {"csrf_token": _token(page.text), "version": version.group(1)}
        self.client.post(action, data=data, name="/zaken/[id]/acties/intake_accepteren")

    @task(1)
    def drafting_form(self) -> None:
        """The advice form of a case in progress (the draft's prefill, weighing, letter)."""
        case = random.choice(self.account["drafting"] or PLAN["in_progress"])
        self.client.get(f"/zaken/{case}/acties/concept_opslaan", name="/zaken/[id]/acties/concept")


class Secretariat(_Official):
    weight = 1
    role = "secretariaat"

    @task(3)
    def board(self) -> None:
        self.client.get("/ministerraad", name="/ministerraad")

    @task(1)
    def dashboard(self) -> None:
        self.client.get("/", name="/ (dashboard)")
