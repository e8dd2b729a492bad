"""Screens and the JSON API over HTTP: gunicorn against a PostgreSQL database seeded by
``case_list.py --keep``, each page measured with 1 and with 16 concurrent clients, beside the
SQL it needs.

    .venv/bin/python benchmarks/case_list.py --n 1000000 --keep      # seeds, keeps the db
    .venv/bin/python benchmarks/http_pages.py --reuse caseflow_bench_12345

For every page: the median and p95 latency with one client, the requests per second and
median with 16 clients (threads on keep-alive connections, on the same machine as the
server), the SQL statements one request runs and their summed median time when replayed on
their own (``SQL ms``): the difference is Python, templates and HTTP. The load average and
the data volume are printed with the results. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import pyotp  # noqa: E402
from flask import Flask  # noqa: E402
from sqlalchemy import event, func, select  # noqa: E402

from caseflow import create_app  # noqa: E402
from caseflow.domain.clock import local_today, utcnow  # noqa: E402
from caseflow.extensions import db  # noqa: E402
from caseflow.models import (  # noqa: E402
    Case,
    CaseEvent,
    Meeting,
    RegionProfile,
    Signal,
    User,
)
from caseflow.services.accounts import api_tokens  # noqa: E402
from caseflow.services.installation import demo  # noqa: E402
from caseflow.services.installation.demo import DEMO_PASSWORD, demo_email  # noqa: E402

NAME_PREFIX = "caseflow_bench_"
SECRET_KEY = secrets.token_hex(32)  # a fresh one per run
TOTP_SECRET = pyotp.random_base32()
USER_AGENT = "caseflow-benchmark"
# The server the benchmark starts: no rate limit in the way of the load it makes itself.
APP_MODULE = """
from caseflow import create_app

app = create_app(
    {
        "API_RATE_LIMITS": ["100000000 per 1 minute"],
        "THROTTLE_ACCOUNT_LIMITS": ["100000 per 1 minute"],
        "THROTTLE_ADDRESS_LIMITS": ["100000 per 1 minute"],
    }
)
"""
NO_THROTTLE = {
    "THROTTLE_ACCOUNT_LIMITS": ["100000 per 1 minute"],
    "THROTTLE_ADDRESS_LIMITS": ["100000 per 1 minute"],
}


# The roles that log in: the ministry and BZK's adviser for most pages, the secretariat for
# its meeting board.
ROLES = ("adviseur", "ministerie", "secretariaat")
# The transition measured: BZK takes a filed case in (no input but the case's version).
TRANSITION = "intake_accepteren"


@dataclass(frozen=True)
class Target:
    name: str
    role: str
    path: str
    api: bool = False
    single: bool = False  # one client only (a PDF: 16 at once measure the queue, not it)


@dataclass(frozen=True)
class Result:
    target: Target
    status: int
    single_p50: float
    single_p95: float
    multi_rps: float
    multi_p50: float
    multi_p95: float
    errors: int
    statements: int
    sql_ms: float
    size_kb: float


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", required=True, help="a database kept by case_list.py")
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=1, help="gthread threads per worker")
    parser.add_argument("--seconds", type=float, default=8.0, help="per page and client count")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--only", default="", help="measure only pages whose name has this")
    args = parser.parse_args()
    if not re.fullmatch(NAME_PREFIX + r"\w+", args.reuse):
        parser.error(f"--reuse takes a database made by case_list.py ({NAME_PREFIX}…)")
    url = f"{args.server.rstrip('/')}/{args.reuse}"
    work = Path(tempfile.mkdtemp(prefix="caseflow-http-"))
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "INSTANCE_PATH": str(work), **NO_THROTTLE}
    )
    server: subprocess.Popen[bytes] | None = None
    try:
        with app.app_context():
            _enrich()
            tokens = _prepare(app)
            targets = _targets()
            volume = db.session.scalar(select(func.count()).select_from(Case)) or 0
        targets = [t for t in targets if not args.only or args.only in t.name]
        # The SQL first, logged in in-process: a login over HTTP after it starts a new
        # session generation, which ends the in-process one (and not the other way round).
        sql = {}
        clients: dict[str, Any] = {}
        for target in targets:
            with app.app_context():
                if not target.api and target.role not in clients:
                    clients[target.role] = app.test_client()
                    _log_in_client(clients[target.role], target.role)
                client = app.test_client() if target.api else clients[target.role]
                api_headers = _headers(target, tokens, {}) if target.api else {}
                sql[target] = _sql(client, target, api_headers)
        port = _free_port()
        server = _gunicorn(work, url, port, args.workers, args.threads)
        _wait(port)
        with app.app_context():
            _forget_codes()  # the in-process logins used this window's code
        cookies = {role: _log_in(port, role) for role in ROLES}
        results = []
        for target in targets:
            headers = _headers(target, tokens, cookies)
            results.append(_measure(port, target, headers, args, *sql[target]))
            print(_line(results[-1]), flush=True)
        if not args.only or args.only in "transition":
            with app.app_context():
                results.append(_transitions(port, cookies["adviseur"], args))
            print(_line(results[-1]), flush=True)
        _report(results, volume, args)
        return 0
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        shutil.rmtree(work, ignore_errors=True)


# --- preparing the users, tokens and pages ---------------------------------------------------


def _enrich() -> None:
    """What the insight pages and the board work on, beside the generated cases: the demo's
    employment figures (several years), region profiles, labour-market indicators, talks,
    a signal, meetings and its cases with their history, made through the services as
    `make run` makes them (idempotent: once per database)."""
    if db.session.scalar(select(func.count()).select_from(Meeting)):
        return
    start = time.perf_counter()
    loaded = demo.load_demo()
    db.session.commit()
    print(
        f"added the demo's figures, profiles, talks, meetings and {loaded.cases} cases "
        f"in {time.perf_counter() - start:.0f} s"
    )


def _prepare(app: Flask) -> dict[str, str]:
    """TOTP for the BZK roles (they log in with a second factor), an API token per role."""
    tokens: dict[str, str] = {}
    for role in ROLES:
        user = db.session.scalars(select(User).where(User.email == demo_email(role))).one()
        user.totp_secret, user.totp_enabled_at, user.totp_last_step = TOTP_SECRET, utcnow(), None
        db.session.commit()
        if role != "secretariaat":
            expires = local_today() + timedelta(days=30)
            tokens[role] = api_tokens.create(user, "benchmark", "lezen", expires).secret
    return tokens


def _forget_codes() -> None:
    """Let the roles log in again with the code of the current 30-second window (a code is
    accepted once per account, and the in-process login before the run used it)."""
    for role in ROLES:
        user = db.session.scalars(select(User).where(User.email == demo_email(role))).one()
        user.totp_last_step = None
    db.session.commit()


def _a_case(role: str) -> int:
    """A case the role may see, from the middle of the data (not the newest, kept warm)."""
    user = db.session.scalars(select(User).where(User.email == demo_email(role))).one()
    query = select(Case.id).order_by(Case.id)
    if user.ministry_id is not None:
        query = query.where(Case.holder_ministry_id == user.ministry_id)
    middle = (db.session.scalar(select(func.count()).select_from(Case)) or 1) // 2
    found = db.session.scalar(query.where(Case.id >= middle).limit(1))
    return int(found or 1)


def _with_history(role: str) -> int:
    """The demo case with the longest timeline the role may see (events and documents made
    through the services, as in use)."""
    user = db.session.scalars(select(User).where(User.email == demo_email(role))).one()
    query = (
        select(Case.id)
        .join(CaseEvent, CaseEvent.case_id == Case.id)
        .where(Case.demo.is_(True))
        .group_by(Case.id)
        .order_by(func.count(CaseEvent.id).desc(), Case.id)
    )
    if user.ministry_id is not None:
        query = query.where(Case.holder_ministry_id == user.ministry_id)
    return int(db.session.scalar(query.limit(1)) or 1)


def _filed_cases(limit: int, *, newest: bool = False) -> list[tuple[int, int]]:
    """(id, version) of unassigned filed cases: the oldest for the action form (which
    changes nothing), the newest for the transitions (each taken in once)."""
    query = (
        select(Case.id, Case.version)
        .where(Case.state == "ingediend", Case.assignee_id.is_(None))
        .order_by(Case.id.desc() if newest else Case.id)
        .limit(limit)
    )
    return [(int(i), int(v)) for i, v in db.session.execute(query)]


def _first(model: Any) -> int:
    return int(db.session.scalar(select(func.min(model.id))) or 1)


def _targets() -> list[Target]:
    pages: list[Target] = []
    middle = (db.session.scalar(select(func.max(Case.id))) or 2) // 2
    for role in ("adviseur", "ministerie"):
        case_id = _a_case(role)
        pages += [
            Target("API: case list of 100", role, "/api/v1/zaken?aantal=100", api=True),
            Target("API: one case", role, f"/api/v1/zaken/{case_id}", api=True),
            Target("dashboard", role, "/"),
            Target("work queue: te doen", role, "/zaken?wachtrij=te_doen"),
            Target("work queue: verlopen", role, "/zaken?wachtrij=verlopen"),
            Target("case list, first page", role, "/zaken"),
            Target("case list, deep page", role, f"/zaken?na={middle}"),
            Target("case list, search IND", role, "/zaken?" + urlencode({"q": "IND"})),
            Target("case list, type+state", role, "/zaken?type=omvangswijziging&status=ingediend"),
            Target("case page", role, f"/zaken/{case_id}"),
            Target("case page with history", role, f"/zaken/{_with_history(role)}"),
            Target("spreiding", role, "/spreiding"),
            Target("region profiles", role, "/regio"),
            Target("region profile", role, f"/regio/{_first(RegionProfile)}"),
            Target("notifications", role, "/meldingen"),
        ]
    filed = _filed_cases(1)
    if filed:
        pages.append(
            Target("action form (take in)", "adviseur", f"/zaken/{filed[0][0]}/acties/{TRANSITION}")
        )
    pages += [
        Target("meeting board", "secretariaat", "/ministerraad"),
        Target("signal with matching", "adviseur", f"/signalen/{_first(Signal)}"),
        Target("talks", "adviseur", "/gesprekken"),
        Target("signals", "adviseur", "/signalen"),
        Target("offices", "adviseur", "/kantoren"),
        Target("masterplans", "adviseur", "/masterplannen"),
        Target("labour market", "adviseur", "/arbeidsmarkt"),
        Target("employment figures", "adviseur", "/cijfers"),
        Target("annual overview (HTML)", "adviseur", "/rapportage/jaaroverzicht"),
        Target(
            "annual overview, drill-down of a state",
            "adviseur",
            "/rapportage/jaaroverzicht/lopend?status=ingediend",
        ),
        Target(
            "annual overview, drill-down of decided",
            "adviseur",
            "/rapportage/jaaroverzicht/besloten",
        ),
        Target("province report Groningen", "adviseur", "/provincies/groningen/rapport"),
        Target("regional network", "adviseur", "/netwerk"),
        # Downloads: the whole ongoing and decided list streamed, the summary as a PDF.
        Target("annual overview (CSV)", "adviseur", "/rapportage/jaaroverzicht.csv"),
        Target("annual overview (PDF)", "adviseur", "/rapportage/jaaroverzicht.pdf", single=True),
    ]
    return pages


def _headers(target: Target, tokens: dict[str, str], cookies: dict[str, str]) -> dict[str, str]:
    if target.api or not cookies:
        return {"Authorization": f"Bearer {tokens[target.role]}", "Accept": "application/json"}
    # The same User-Agent as at the login: the session is bound to it and the address.
    return {"Cookie": cookies[target.role], "User-Agent": USER_AGENT}


# --- the server --------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _gunicorn(
    work: Path, url: str, port: int, workers: int, threads: int
) -> subprocess.Popen[bytes]:
    (work / "bench_app.py").write_text(textwrap.dedent(APP_MODULE))
    env = {
        **os.environ,
        "PYTHONPATH": f"{work}{os.pathsep}{ROOT}",
        "CASEFLOW_DATABASE_URL": url,
        "CASEFLOW_SECRET_KEY": SECRET_KEY,
        "CASEFLOW_INSTANCE_PATH": str(work),
        "CASEFLOW_SESSION_COOKIE_SECURE": "0",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--threads",
        str(threads),
        "--timeout",
        "120",
        "--log-level",
        "warning",
        "bench_app:app",
    ]
    log = (work / "gunicorn.log").open("wb")
    return subprocess.Popen(command, env=env, cwd=work, stdout=log, stderr=log)  # noqa: S603


def _wait(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _body, _headers = _get(_connection(port), "/inloggen", {})
            if status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 60 s")


def _connection(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=120)


def _get(
    conn: http.client.HTTPConnection, path: str, headers: dict[str, str]
) -> tuple[int, bytes, http.client.HTTPMessage]:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    return response.status, response.read(), response.headers


def _log_in(port: int, role: str) -> str:
    """Log in through the pages (password, then the code for BZK); the session cookie."""
    conn = _connection(port)
    jar: dict[str, str] = {}

    def request(method: str, path: str, form: dict[str, str] | None = None) -> str:
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
            "User-Agent": USER_AGENT,
        }
        body = urlencode(form) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        page = response.read().decode()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            jar[name] = rest.split(";", 1)[0]
        return response.headers.get("Location", "") or page

    def token(page: str) -> str:
        found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        if found is None:
            raise SystemExit(f"no CSRF token on the login page for {role}")
        return found.group(1)

    page = request("GET", "/inloggen")
    form = {"csrf_token": token(page), "email": demo_email(role), "password": DEMO_PASSWORD}
    where = request("POST", "/inloggen", form)
    if where.endswith("/inloggen/code"):
        page = request("GET", "/inloggen/code")
        code = pyotp.TOTP(TOTP_SECRET).now()
        request("POST", "/inloggen/code", {"csrf_token": token(page), "code": code})
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    status, _body, _ = _get(_connection(port), "/", {"Cookie": cookie, "User-Agent": USER_AGENT})
    if status != 200:
        raise SystemExit(f"logging in as {role} failed (start page {status})")
    return cookie


# --- measuring ---------------------------------------------------------------------------------


def _sql(client: Any, target: Target, headers: dict[str, str]) -> tuple[int, float]:
    """The statements one request runs (in-process, through a test client logged in as the
    role, or with the token), replayed on their own with psycopg: their count and summed
    median time in ms."""
    captured: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        captured.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(target.path, headers=headers)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    if response.status_code != 200:
        return len(captured), float("nan")
    return len(captured), _replay(client.application, captured)


def _log_in_client(client: Any, role: str) -> None:
    user = db.session.scalars(select(User).where(User.email == demo_email(role))).one()
    user.totp_last_step = None  # the code of this 30-second window was used over HTTP
    db.session.commit()

    def token(path: str) -> str:
        page = client.get(path).get_data(as_text=True)
        found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        return found.group(1) if found else ""

    form = {"csrf_token": token("/inloggen"), "email": user.email, "password": DEMO_PASSWORD}
    where = client.post("/inloggen", data=form).headers.get("Location", "")
    if where.endswith("/inloggen/code"):
        code = pyotp.TOTP(TOTP_SECRET).now()
        client.post("/inloggen/code", data={"csrf_token": token(where), "code": code})


def _replay(app: Flask, captured: list[tuple[str, Any]]) -> float:
    url = re.sub(r"^postgresql\+\w+://", "postgresql://", app.config["DATABASE_URL"])
    totals = []
    with psycopg.connect(url) as conn:
        for _ in range(5):
            start = time.perf_counter()
            for statement, parameters in captured:
                if statement.lstrip().upper().startswith("SELECT"):
                    conn.execute(statement, parameters).fetchall()
            totals.append((time.perf_counter() - start) * 1000)
            conn.rollback()
    return statistics.median(totals)


def _measure(
    port: int,
    target: Target,
    headers: dict[str, str],
    args: argparse.Namespace,
    statements: int,
    sql_ms: float,
) -> Result:
    conn = _connection(port)
    status, body, _ = _get(conn, target.path, headers)  # warm up, and the answer's size
    _get(conn, target.path, headers)
    single = _run(port, target.path, headers, 1, args.seconds)
    multi = (
        single if target.single else _run(port, target.path, headers, args.clients, args.seconds)
    )
    return Result(
        target=target,
        status=status,
        single_p50=_pct(single.times, 50),
        single_p95=_pct(single.times, 95),
        multi_rps=len(multi.times) / multi.elapsed,
        multi_p50=_pct(multi.times, 50),
        multi_p95=_pct(multi.times, 95),
        errors=single.errors + multi.errors,
        statements=statements,
        sql_ms=sql_ms,
        size_kb=len(body) / 1024,
    )


def _transitions(port: int, cookie: str, args: argparse.Namespace) -> Result:
    """BZK takes filed cases in over HTTP (POST of the action form, each case once): with one
    client, then with ``args.clients``. A success is the redirect to the case page."""
    cases = iter(_filed_cases(20_000, newest=True))
    lock = threading.Lock()
    headers = {"Cookie": cookie, "User-Agent": USER_AGENT}
    first = next(cases)
    status, body, _ = _get(_connection(port), f"/zaken/{first[0]}/acties/{TRANSITION}", headers)
    found = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', body)
    if status != 200 or found is None:
        raise SystemExit(f"no action form for the transition ({status})")
    csrf = found.group(1).decode()
    post_headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}

    def next_case() -> tuple[int, int] | None:
        with lock:
            return next(cases, None)

    def one(conn: http.client.HTTPConnection) -> int:
        case = next_case()
        if case is None:
            return -1
        form = urlencode({"csrf_token": csrf, "version": str(case[1])})
        conn.request("POST", f"/zaken/{case[0]}/acties/{TRANSITION}", form, post_headers)
        response = conn.getresponse()
        response.read()
        return response.status

    single = _drive(port, one, (302, 303), 1, args.seconds)
    multi = _drive(port, one, (302, 303), args.clients, args.seconds)
    target = Target(f"transition: {TRANSITION} (POST)", "adviseur", "/zaken/<id>/acties")
    return Result(
        target=target,
        status=303,
        single_p50=_pct(single.times, 50),
        single_p95=_pct(single.times, 95),
        multi_rps=len(multi.times) / multi.elapsed,
        multi_p50=_pct(multi.times, 50),
        multi_p95=_pct(multi.times, 95),
        errors=single.errors + multi.errors,
        statements=0,
        sql_ms=float("nan"),
        size_kb=0.0,
    )


def _drive(
    port: int,
    one: Callable[[http.client.HTTPConnection], int],
    ok: tuple[int, ...],
    clients: int,
    seconds: float,
) -> Run:
    """``clients`` threads, each on its own keep-alive connection, calling ``one`` until the
    time is up (or ``one`` returns -1: nothing left to do); the latencies and failures."""
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        conn = _connection(port)
        mine: list[float] = []
        failed = 0
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                status = one(conn)
            except (OSError, http.client.HTTPException):
                conn = _connection(port)
                failed += 1
                continue
            if status == -1:
                break  # nothing left to do
            mine.append((time.perf_counter() - start) * 1000)
            failed += status not in ok
        with lock:
            times.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Run(times, errors[0], time.monotonic() - started)


@dataclass
class Run:
    times: list[float]
    errors: int
    elapsed: float


def _run(port: int, path: str, headers: dict[str, str], clients: int, seconds: float) -> Run:
    """GET ``path`` again and again; a redirect to the login counts as a failure too."""
    return _drive(port, lambda conn: _get(conn, path, headers)[0], (200,), clients, seconds)


def _pct(values: list[float], pct: int) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


# --- output ------------------------------------------------------------------------------------

HEADER = (
    "| page | role | status | 1 client p50 / p95 ms | 16 clients req/s | 16 clients p50 / p95 ms "
    "| errors | SQL statements | SQL ms | KB |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


def _line(r: Result) -> str:
    return (
        f"| {r.target.name} | {r.target.role} | {r.status} | {r.single_p50:.1f} / "
        f"{r.single_p95:.1f} | {r.multi_rps:.0f} | {r.multi_p50:.1f} / {r.multi_p95:.1f} | "
        f"{r.errors} | {r.statements} | {r.sql_ms:.1f} | {r.size_kb:.0f} |"
    )


def _report(results: list[Result], volume: int, args: argparse.Namespace) -> None:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print()
    print(f"cases: {volume:,}; gunicorn {args.workers} workers x {args.threads} threads; ")
    print(f"{args.seconds:.0f} s per page and client count; load average at the end: {load}")
    print(f"cores: {os.cpu_count()}; command: {' '.join(sys.argv)}")
    print()
    print(HEADER)
    for result in results:
        print(_line(result))


if __name__ == "__main__":
    raise SystemExit(main())
