"""Demo data loads idempotently, and every page reachable by link works for every demo user."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from flask import Flask
from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models import Case, CaseEvent, User
from caseflow.services.accounts import two_factor
from caseflow.services.audit.trail import verify_chain
from caseflow.services.installation import demo
from tests.conftest import enrol, login


def _counts() -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        db.session.scalar(select(func.count()).select_from(m)) or 0 for m in (User, Case, CaseEvent)
    )


def test_demo_data_is_idempotent_and_real(app: Flask) -> None:
    users = demo.load_demo_users()
    made = demo.load_demo_cases(users)
    assert made >= 12
    before = _counts()
    again = demo.load_demo_users()
    assert demo.load_demo_cases(again) == 0
    assert _counts() == before
    states = {(c.case_type, c.state) for c in db.session.scalars(select(Case))}
    assert {t for t, _ in states} == {
        "omvangswijziging",
        "nieuwe_dienst",
        "masterplan",
        "zbo_gesprek",
    }
    assert len(states) >= 10
    assert all(c.demo and c.title.startswith("[DEMO]") for c in db.session.scalars(select(Case)))
    assert all(verify_chain(c.id) for c in db.session.scalars(select(Case)))


def test_no_dead_links_for_any_demo_user(app: Flask) -> None:
    # The whole demo, as `make run` shows it: figures, profiles, cases and the regional
    # network (talks, signals, offices), so every page renders with real-looking data.
    demo_users = demo.load_demo().users
    for key, *_ in demo.DEMO_USERS:
        if two_factor.required_for(demo_users[key]):
            enrol(demo_users[key])  # as the person does at the first login
        client = app.test_client()
        login(client, demo_users[key], demo.DEMO_PASSWORD)
        seen = _crawl(client)
        assert len(seen) >= 3, key


def _crawl(client) -> set[str]:  # type: ignore[no-untyped-def]
    seen: set[str] = set()
    shapes: set[tuple[str, frozenset[str]]] = set()
    todo = ["/"]
    while todo:
        url = todo.pop()
        # One visit per path and set of query parameters: filter and sort links differ only
        # in values, and visiting every combination would crawl forever without finding more.
        parts = urlsplit(url)
        shape = (parts.path, frozenset(parse_qs(parts.query)))
        if url in seen or shape in shapes:
            continue
        seen.add(url)
        shapes.add(shape)
        response = client.get(url)
        body = response.get_data()
        response.close()
        assert response.status_code in (200, 302), (url, response.status_code)
        if response.status_code == 302:
            todo.append(response.headers["Location"])
            continue
        if response.mimetype != "text/html":  # downloads (CSV, XLSX) and static files
            continue
        for link in re.findall(r'(?:href|src)="(/[^"#]*)', body.decode()):
            todo.append(link.replace("&amp;", "&"))
    return seen
