"""The production walk (``make prod-walk``, run by ``.ci/run``): caseflow started as
docs/deploy.md sets it up, one case walked over HTTP from filing to issued advice, and a
reminder mail delivered by the worker; then everything is stopped and removed again.

What it starts, all on loopback and all its own:

- a PostgreSQL database ``caseflow_walk_<pid>`` on the server at ``CASEFLOW_WALK_PG``
  (default ``postgresql+psycopg://postgres@127.0.0.1:5432``), with the two roles of the
  documented set-up (an owner for migrations, an application role that owns nothing), both
  named after the database; the database and the roles are dropped at the end;
- a ``redis-server`` on a free port (never the shared one), stopped at the end;
- an SMTP sink on a free port: the walk uses the production mail path
  (``CASEFLOW_MAIL_DELIVERY=smtp``) and reads what arrives there;
- ``flask caseflow check-config``, ``flask db upgrade``, ``caseflow grant-app-role``,
  ``caseflow seed --no-demo`` and ``caseflow create-user`` as in docs/deploy.md, step 5;
- gunicorn with ``deploy/gunicorn.conf.py``, a Celery worker and a separate beat with the
  options of the units in ``deploy/systemd/`` (a scan every second instead of every minute).

gunicorn is reached over plain HTTP on loopback; the walk plays the TLS proxy of
docs/deploy.md: it sends the public ``Host``, ``X-Forwarded-Proto: https``
(``CASEFLOW_TRUSTED_PROXIES=1``) and ``X-Forwarded-For``, and sends the ``Secure`` session
cookie back as a browser behind that proxy would.

Exit code 0 only when every step passed. ``--keep`` leaves the work folder (logs, mail).
"""

from __future__ import annotations

import argparse
import contextlib
import email
import email.policy
import html
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

import pyotp
import requests
from pypdf import PdfReader
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import URL

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432"
# Bounded waits: generous for a loaded, shared CI machine; no timing is asserted.
START_TIMEOUT = 90
MAIL_TIMEOUT = 60
STOP_GRACE = 20
BASE_URL = "https://caseflow.walk.example"
ANSWERS_TIMEOUT = 30


class WalkFailed(Exception):
    """A step did not do what the documented set-up promises."""


class Interrupted(BaseException):
    """SIGTERM or SIGINT: stop everything and remove what was made."""


# ---------------------------------------------------------------------------- output

_START = time.monotonic()


def say(message: str) -> None:
    print(f"[{time.monotonic() - _START:6.1f}s] {message}", flush=True)


@contextlib.contextmanager
def step(name: str) -> Iterator[None]:
    say(f"{name} ...")
    began = time.monotonic()
    yield
    say(f"{name}: ok ({time.monotonic() - began:.1f} s)")


def check(condition: bool, message: str) -> None:
    if not condition:
        raise WalkFailed(message)


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise WalkFailed(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.25)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# ---------------------------------------------------------------------------- processes


@dataclass
class Process:
    name: str
    proc: subprocess.Popen[bytes]
    log: Path
    handle: IO[bytes]

    def running(self) -> bool:
        return self.proc.poll() is None

    def terminate(self) -> None:
        """SIGTERM to the main process, as systemd's ``KillMode=mixed`` does: gunicorn's
        graceful stop, Celery's warm shutdown."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGTERM)

    def finish(self) -> None:
        """Wait for the main process, then SIGKILL whatever is left of its process group."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=STOP_GRACE)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        self.handle.close()

    def tail(self, lines: int = 40) -> str:
        if not self.log.exists():
            return "(no log)"
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


# ---------------------------------------------------------------------------- SMTP sink


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    server: SmtpSink

    def _reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())
        self.wfile.flush()

    def handle(self) -> None:
        self._reply("220 walk-sink ESMTP")
        recipients: list[str] = []
        while True:
            raw = self.rfile.readline(65536)
            if not raw:
                return
            command = raw.decode("ascii", "replace").strip()
            verb = command[:4].upper()
            if verb in {"EHLO", "HELO"}:
                self._reply("250 walk-sink")
            elif verb == "MAIL":
                recipients = []
                self._reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.partition(":")[2].strip().strip("<>"))
                self._reply("250 OK")
            elif verb == "DATA":
                self._reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.received(self._read_data(), recipients)
                self._reply("250 OK: queued")
            elif verb in {"RSET", "NOOP"}:
                recipients = [] if verb == "RSET" else recipients
                self._reply("250 OK")
            elif verb == "QUIT":
                self._reply("221 Bye")
                return
            else:
                self._reply("502 Command not implemented")

    def _read_data(self) -> bytes:
        lines: list[bytes] = []
        while True:
            line = self.rfile.readline(1 << 20)
            if not line or line in {b".\r\n", b".\n"}:
                return b"".join(lines)
            lines.append(line[1:] if line.startswith(b"..") else line)


@dataclass(frozen=True)
class Sunk:
    """A message as the sink received it."""

    recipients: list[str]
    raw: bytes
    message: EmailMessage

    @property
    def message_id(self) -> str:
        """The Message-ID as sent (the header parser of ``email.policy.default`` cuts the
        application's ``<reminder:9:u1@caseflow>`` at its first colon)."""
        found = re.search(rb"^Message-ID: *<([^>]+)>", self.raw, re.M | re.I)
        return found.group(1).decode() if found else ""


class SmtpSink(socketserver.ThreadingTCPServer):
    """A local mail server that keeps every message (and writes it to ``folder``)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, folder: Path) -> None:
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.folder = folder
        self.messages: list[Sunk] = []
        self._lock = threading.Lock()
        folder.mkdir(parents=True, exist_ok=True)

    @property
    def port(self) -> int:
        port: int = self.server_address[1]
        return port

    def received(self, data: bytes, recipients: list[str]) -> None:
        message = email.message_from_bytes(data, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self.messages.append(Sunk(list(recipients), data, message))
            (self.folder / f"{len(self.messages):03d}.eml").write_bytes(data)

    def snapshot(self) -> list[Sunk]:
        with self._lock:
            return list(self.messages)


# ---------------------------------------------------------------------------- HTTP


class Person:
    """One browser behind the TLS proxy of docs/deploy.md: the proxy passes the public host
    (``proxy_set_header Host $host``) and ``X-Forwarded-Proto: https``; the browser sends
    the page it came from as Referer (Flask-WTF checks it on HTTPS) and its CSRF token
    from the form. Redirects are followed by path (they point at the public host)."""

    def __init__(self, base: str, email_address: str, password: str) -> None:
        self.base = base
        self.email = email_address
        self.password = password
        self.public = urlsplit(BASE_URL).netloc
        self.http = requests.Session()
        self.http.headers.update(
            {
                "Host": self.public,
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": "192.0.2.10",
                "User-Agent": "caseflow-prod-walk",
            }
        )
        self.referer = f"{BASE_URL}/"

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", ANSWERS_TIMEOUT)
        headers = {"Referer": self.referer} | kwargs.pop("headers", {})
        response = self.http.request(
            method, urljoin(self.base, path), allow_redirects=False, headers=headers, **kwargs
        )
        check(response.status_code < 500, f"{method} {path}: {response.status_code}")
        if "session=" in response.headers.get("Set-Cookie", ""):
            check("Secure" in response.headers["Set-Cookie"], "session cookie without Secure")
        # The browser speaks HTTPS to the proxy, so it sends its Secure cookies back; this
        # client speaks plain HTTP to gunicorn, where requests would hold them back.
        for cookie in self.http.cookies:
            cookie.secure = False
        if method == "GET":
            self.referer = urljoin(BASE_URL, path)
        return response

    def page(self, path: str) -> str:
        response = self.request("GET", path)
        check(response.status_code == 200, f"GET {path}: {response.status_code}")
        return response.text

    def post(self, path: str, data: dict[str, str], expect: int = 302) -> requests.Response:
        response = self.request("POST", path, data=data)
        if response.status_code != expect:
            raise WalkFailed(
                f"POST {path}: {response.status_code}, expected {expect}:\n{_errors(response.text)}"
            )
        return response

    def log_in(self) -> None:
        """Password, then the second step: a BZK role enrols on its first login (reads the key
        the page shows, as a person types it into the app) and gets its recovery codes."""
        first = self.request("GET", "/inloggen")
        check(first.status_code == 200, f"GET /inloggen: {first.status_code}")
        # HSTS is sent on HTTPS only: the application saw the proxy's scheme.
        check("max-age=31536000" in first.headers.get("Strict-Transport-Security", ""), "no HSTS")
        login_page = first.text
        answer = self.post(
            "/inloggen",
            {"email": self.email, "password": self.password, "csrf_token": csrf(login_page)},
        )
        target = _path(answer)
        if target.startswith("/tweestapsverificatie"):
            enrol_page = self.page(target)
            found = re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', enrol_page)
            check(found is not None, "the enrolment page shows no key")
            assert found is not None
            code = pyotp.TOTP(found.group(1).replace(" ", "")).now()
            done = self.post(target, {"code": code, "csrf_token": csrf(enrol_page)}, expect=200)
            check("herstelcodes" in done.text.lower(), "no recovery codes after enrolment")
        else:
            check("/inloggen" not in target, f"login of {self.email} went to {target}")
        dashboard = self.page("/")
        check(html.escape(self.email) in dashboard or "Uitloggen" in dashboard, "not logged in")

    def act(self, case_id: int, action: str, fields: dict[str, str]) -> None:
        """Open the action's form, submit it with its version and CSRF token."""
        path = f"/zaken/{case_id}/acties/{action}"
        form = self.page(path)
        data = {"csrf_token": csrf(form), "version": _version(form)} | fields
        answer = self.post(path, data)
        check(_path(answer) == f"/zaken/{case_id}", f"{action} went to {_path(answer)}")


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    if found is None:
        raise WalkFailed("form without a CSRF token")
    return found.group(1)


def _version(page: str) -> str:
    tag = re.search(r'<input[^>]*name="version"[^>]*>', page)
    value = re.search(r'value="(\d+)"', tag.group(0)) if tag else None
    if value is None:
        raise WalkFailed("action form without a version")
    return value.group(1)


def _path(response: requests.Response) -> str:
    location = response.headers.get("Location", "")
    return urlsplit(location).path


def _errors(page: str) -> str:
    """The error summary of a refused form, for the failure message."""
    found = re.search(r'role="alert".*?</div>', page, re.S)
    raw = found.group(0) if found else page[:1500]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw))).strip()


def option(page: str, field_name: str, label: Callable[[str], bool]) -> str:
    """The value of the option of select ``field_name`` whose label ``label`` accepts."""
    select = re.search(rf'<select[^>]*name="{field_name}"[^>]*>(.*?)</select>', page, re.S)
    if select is None:
        raise WalkFailed(f"form without a select {field_name}")
    for value, shown in re.findall(r'<option[^>]*value="([^"]*)"[^>]*>(.*?)</option>', select[1]):
        if value and label(html.unescape(shown).strip()):
            return str(value)
    raise WalkFailed(f"select {field_name} has no such option")


def weighing(page: str) -> dict[str, str]:
    """The leidraad checklist of the advice form: each consideration judged, the first one
    positive with a reason, the others not applicable."""
    values: dict[str, str] = {}
    for number, (index, code) in enumerate(
        re.findall(r'name="weging-(\d+)-code"[^>]*value="([^"]*)"', page)
    ):
        values[f"weging-{index}-code"] = code
        values[f"weging-{index}-oordeel"] = "positief" if number == 0 else "nvt"
        values[f"weging-{index}-motivering"] = (
            "Assen past bij het regioprofiel." if number == 0 else ""
        )
    return values


# ---------------------------------------------------------------------------- the walk


@dataclass
class Walk:
    workdir: Path
    admin_url: URL
    workers: int
    pid: int = field(default_factory=os.getpid)
    processes: list[Process] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    database: str = ""
    roles: list[str] = field(default_factory=list)
    created_database: bool = False
    sink: SmtpSink | None = None
    base: str = ""
    passwords: dict[str, str] = field(default_factory=dict)

    # -- PostgreSQL ----------------------------------------------------------------------

    def _admin(self, *statements: str) -> None:
        engine = create_engine(
            self.admin_url.set(database="postgres"), isolation_level="AUTOCOMMIT"
        )
        try:
            with engine.connect() as conn:
                for statement in statements:
                    conn.execute(text(statement))
        finally:
            engine.dispose()

    def make_database(self) -> tuple[str, str]:
        """The database and its two roles; returns (application URL, owner URL)."""
        self.database = f"caseflow_walk_{self.pid}"
        owner, app = f"{self.database}_owner", f"{self.database}_app"
        owner_password, app_password = secrets.token_hex(16), secrets.token_hex(16)
        self.roles = [app, owner]
        self._admin(
            f"CREATE ROLE \"{owner}\" LOGIN PASSWORD '{owner_password}'",
            f"CREATE ROLE \"{app}\" LOGIN PASSWORD '{app_password}'",
        )
        self._admin(f'CREATE DATABASE "{self.database}" OWNER "{owner}"')
        self.created_database = True
        app_url = self.admin_url.set(username=app, password=app_password, database=self.database)
        owner_url = self.admin_url.set(
            username=owner, password=owner_password, database=self.database
        )
        return (
            app_url.render_as_string(hide_password=False),
            owner_url.render_as_string(hide_password=False),
        )

    def drop_database(self) -> None:
        if self.created_database:
            try:
                self._admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            except Exception:  # PostgreSQL before 13 has no FORCE; nothing is connected now
                self._admin(f'DROP DATABASE IF EXISTS "{self.database}"')
            say(f"dropped database {self.database}")
        for role in self.roles:
            self._admin(f'DROP ROLE IF EXISTS "{role}"')
        self.roles = []

    # -- settings and commands ------------------------------------------------------------

    def settings(self, app_url: str, owner_url: str, redis_url: str, smtp_port: int) -> None:
        """/etc/caseflow/caseflow.env of docs/deploy.md, step 4, for this walk."""
        instance = self.workdir / "instance"
        metrics = self.workdir / "metrics"
        instance.mkdir()
        metrics.mkdir()
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("CASEFLOW_", "GUNICORN_", "FLASK_", "CELERY_"))
        }
        self.env.update(
            {
                "CASEFLOW_ENV": "production",
                "CASEFLOW_SECRET_KEY": secrets.token_hex(32),
                "CASEFLOW_AUDIT_KEY": secrets.token_hex(32),
                "CASEFLOW_DATABASE_URL": app_url,
                "CASEFLOW_MIGRATION_DATABASE_URL": owner_url,
                "CASEFLOW_REDIS_URL": redis_url,
                "CASEFLOW_BASE_URL": BASE_URL,
                "CASEFLOW_TRUSTED_PROXIES": "1",
                "CASEFLOW_HSTS_SECONDS": "31536000",
                "CASEFLOW_LOG_FORMAT": "json",
                "CASEFLOW_MAIL_DELIVERY": "smtp",
                "CASEFLOW_MAIL_SERVER": "127.0.0.1",
                "CASEFLOW_MAIL_PORT": str(smtp_port),
                "CASEFLOW_MAIL_USE_TLS": "0",
                "CASEFLOW_MAIL_DEFAULT_SENDER": "caseflow@walk.example",
                "CASEFLOW_DOCUMENTS_PATH": str(instance / "documents"),
                "CASEFLOW_DATABASE_POOL_SIZE": "2",
                "CASEFLOW_DATABASE_MAX_OVERFLOW": "2",
                "CASEFLOW_METRICS_TOKEN": secrets.token_hex(16),
                # What the units add (deploy/systemd/).
                "CASEFLOW_INSTANCE_PATH": str(instance),
                "PROMETHEUS_MULTIPROC_DIR": str(metrics),
                "CELERY_CONCURRENCY": "2",
                # The walk's only departures: a scan every second, a mail claim retried
                # after 5 s, and a fixed number of gunicorn workers on a shared machine.
                "CASEFLOW_REMINDER_SCAN_SECONDS": "1",
                "CASEFLOW_MAIL_LEASE_SECONDS": "5",
                "GUNICORN_WORKERS": str(self.workers),
                "PYTHONUNBUFFERED": "1",
            }
        )
        settings_file = self.workdir / "caseflow.env"
        settings_file.write_text(
            "".join(f"{k}={v}\n" for k, v in sorted(self.env.items()) if k.startswith("CASEFLOW_"))
        )
        settings_file.chmod(0o600)

    def flask(self, *args: str, secret_input: str | None = None) -> str:
        command = [str(BIN / "python"), "-m", "flask", "--app", "wsgi", *args]
        result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            command,
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            input=secret_input,
        )
        if result.returncode != 0:
            raise WalkFailed(
                f"flask {' '.join(args[:2])} exited {result.returncode}:\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result.stdout

    def create_users(self, people: list[tuple[str, str, str, str]]) -> list[Person]:
        """``flask caseflow create-user`` per (e-mail, name, role, ministry), side by side
        (each is a process of its own, as an operator would run them one after another)."""
        running = []
        for address, name, role, ministry in people:
            password = secrets.token_urlsafe(18)
            extra = ["--ministry", ministry] if ministry else []
            args = ["caseflow", "create-user", address, name, role, *extra, "--password", password]
            running.append((Person(self.base, address, password), self._flask(args)))
        try:
            for person, proc in running:
                out, err = proc.communicate(timeout=300)
                if proc.returncode != 0:
                    raise WalkFailed(
                        f"create-user {person.email} exited {proc.returncode}:\n{out}{err}"
                    )
        finally:
            for _, proc in running:  # after a failure or an interruption: none left behind
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        return [person for person, _ in running]

    def _flask(self, args: list[str]) -> subprocess.Popen[str]:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [str(BIN / "python"), "-m", "flask", "--app", "wsgi", *args],
            cwd=REPO,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def spawn(self, name: str, *args: str) -> Process:
        log = self.workdir / f"{name}.log"
        handle = log.open("wb")
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [str(BIN / "python"), "-m", *args],
            cwd=REPO,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process = Process(name, proc, log, handle)
        self.processes.append(process)
        return process

    def all_running(self) -> None:
        for process in self.processes:
            if not process.running():
                raise WalkFailed(f"{process.name} exited with {process.proc.returncode}")

    def stop_all(self) -> None:
        """The application's processes together, then Redis (which they use to the end)."""
        first = [p for p in self.processes if p.name != "redis"]
        last = [p for p in self.processes if p.name == "redis"]
        for group in (first, last):
            for process in group:
                process.terminate()
            for process in group:
                process.finish()
                say(f"stopped {process.name} (exit {process.proc.returncode})")

    def tails(self) -> str:
        parts = [f"--- {p.name} ({p.log}) ---\n{p.tail()}" for p in self.processes]
        return "\n".join(parts)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            return bool(response.status == 200)
    except OSError:
        return False


def backdate_reply_term(walk: Walk, reference: str) -> list[str]:
    """Time passes: the ministry's reply term of the issued advice started eight working days
    ago and expired three working days ago, and its reminders are planned again.

    Through the service the application plans reminders with (``tracking.replan``, as the
    integration tests' ``file_overdue_cases`` does), not through SQL: the reminder rows, their
    steps and send dates are what the application itself would have made, so the walk does
    not copy the reminder plan. Over HTTP a term can only be extended, never moved back."""
    sys.path.insert(0, str(REPO))
    from sqlalchemy import select

    from caseflow import create_app
    from caseflow.domain.clock import local_today
    from caseflow.extensions import db
    from caseflow.models import Case
    from caseflow.services.deadlines import tracking

    app = create_app(
        {
            "DATABASE_URL": walk.env["CASEFLOW_DATABASE_URL"],
            "SECRET_KEY": walk.env["CASEFLOW_SECRET_KEY"],
            "AUDIT_KEY": walk.env["CASEFLOW_AUDIT_KEY"],
            "INSTANCE_PATH": walk.env["CASEFLOW_INSTANCE_PATH"],
            "REDIS_URL": walk.env["CASEFLOW_REDIS_URL"],
            "LOG_FORMAT": "text",
        }
    )
    with app.app_context():
        try:
            case = db.session.scalars(select(Case).where(Case.reference == reference)).one()
            calendar = tracking.calendar()
            kinds = []
            for deadline in tracking.open_deadlines(case.id):
                deadline.started_on = calendar.add_working_days(local_today(), -8)
                deadline.due_on = calendar.add_working_days(deadline.started_on, 5)
                tracking.replan(deadline)
                kinds.append(deadline.kind)
            db.session.commit()
            return kinds
        finally:
            db.session.remove()
            db.engine.dispose()


def run(walk: Walk) -> None:
    with step("PostgreSQL: database and roles"):
        app_url, owner_url = walk.make_database()
        say(f"  database {walk.database} on {walk.admin_url.host}:{walk.admin_url.port}")

    with step("Redis: own redis-server"):
        redis_port = free_port()
        binary = shutil.which("redis-server")
        check(binary is not None, "redis-server is not installed")
        assert binary is not None
        log = walk.workdir / "redis.log"
        handle = log.open("wb")
        proc = subprocess.Popen(  # noqa: S603 - the installed redis-server
            [
                binary,
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(walk.workdir),
            ],
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        walk.processes.append(Process("redis", proc, log, handle))
        redis_url = f"redis://127.0.0.1:{redis_port}/0"
        wait_until(lambda: _redis_pong(redis_port), START_TIMEOUT, "redis-server answering")
        say(f"  {redis_url}")

    with step("SMTP sink"):
        sink = SmtpSink(walk.workdir / "mail")
        walk.sink = sink
        threading.Thread(target=sink.serve_forever, daemon=True).start()
        say(f"  127.0.0.1:{sink.port}")

    web_port = free_port()
    walk.base = f"http://127.0.0.1:{web_port}"
    walk.settings(app_url, owner_url, redis_url, sink.port)
    walk.env["GUNICORN_BIND"] = f"127.0.0.1:{web_port}"

    with step("flask caseflow check-config"):
        out = walk.flask("caseflow", "check-config")
        check("Configuratie in orde voor productie" in out, out)
    with step("flask db upgrade (as the owner)"):
        walk.flask("db", "upgrade")
    with step("flask caseflow grant-app-role"):
        walk.flask("caseflow", "grant-app-role")
    with step("flask caseflow seed --no-demo"):
        walk.flask("caseflow", "seed", "--no-demo")
    with step("start gunicorn, worker and beat; create the users"):
        walk.spawn("gunicorn", "gunicorn", "--config", "deploy/gunicorn.conf.py", "wsgi:app")
        walk.spawn(
            "worker",
            "celery",
            "--app",
            "wsgi:celery",
            "worker",
            "--loglevel=INFO",
            f"--hostname=walk-{walk.pid}@%h",
            f"--concurrency={walk.env['CELERY_CONCURRENCY']}",
            "--prefetch-multiplier=1",
            "-O",
            "fair",
            "--max-tasks-per-child=200",
            "--max-memory-per-child=400000",
            "--without-gossip",
            "--without-mingle",
        )
        walk.spawn("beat", "celery", "--app", "wsgi:celery", "beat", "--loglevel=INFO")
        # The users are made while the processes start (docs/deploy.md, step 5).
        say("  flask caseflow create-user: ministry (JenV), adviser, coordinator")
        ministry, adviser, coordinator = walk.create_users(
            [
                ("ministerie@walk.example", "Mira Ministerie", "ministerie", "JenV"),
                ("adviseur@walk.example", "Aad Adviseur", "adviseur", ""),
                ("coordinator@walk.example", "Cor Coordinator", "coordinator", ""),
            ]
        )

        def healthy() -> bool:
            walk.all_running()
            return answers(f"{walk.base}/healthz")

        wait_until(healthy, START_TIMEOUT, "gunicorn answering /healthz")

    with step("/healthz and /readyz"):
        check_probes(walk)

    with step("ministry files and submits a case"):
        ministry.log_in()
        form = ministry.page("/zaken/nieuw/omvangswijziging")
        filing = {
            "csrf_token": csrf(form),
            "version": "0",
            "title": f"Productiewandeling {walk.pid}",
            "organisation_id": option(form, "organisation_id", lambda label: True),
            "change_kind": "groei",
            "fte_current": "1200",
            "fte_change": "140",
            "current_province_id": option(form, "current_province_id", "Zuid-Holland".__eq__),
            "current_place": "Den Haag",
            "proposed_province_id": option(form, "proposed_province_id", "Drenthe".__eq__),
            "proposed_place": "Assen",
            "motivation": "Groei buiten de Randstad.",
            "labour_market_scan": "voldoende",
        }
        answer = ministry.post("/zaken/nieuw/omvangswijziging", filing)
        case_id = int(_path(answer).rstrip("/").split("/")[-1])
        case_page = ministry.page(f"/zaken/{case_id}")
        found = re.search(r"\b[A-Z]{2,5}-\d{4}-\d{4}\b", case_page)
        check(found is not None, "the case page shows no reference")
        assert found is not None
        reference = found.group(0)
        ministry.act(case_id, "indienen", {"opmerking": "Graag advies."})
        check("Ingediend" in ministry.page(f"/zaken/{case_id}"), "not submitted")
        say(f"  case {reference} (id {case_id})")

    with step("adviser takes it in and drafts the advice"):
        adviser.log_in()
        adviser.act(case_id, "intake_accepteren", {})
        draft_form = adviser.page(f"/zaken/{case_id}/acties/concept_opslaan")
        adviser.act(
            case_id,
            "concept_opslaan",
            {
                "tekst": "BZK adviseert Assen: buiten de Randstad, dicht bij de arbeidsmarkt.",
                "provincie_id": option(draft_form, "provincie_id", "Drenthe".__eq__),
                "plaats": "Assen",
            }
            | weighing(draft_form),
        )
        adviser.act(case_id, "ter_goedkeuring_voorleggen", {})
        check("Ter goedkeuring" in adviser.page(f"/zaken/{case_id}"), "not up for approval")

    with step("coordinator approves and issues the advice"):
        coordinator.log_in()
        coordinator.act(case_id, "uitbrengen", {})
        check("Advies uitgebracht" in coordinator.page(f"/zaken/{case_id}"), "not issued")

    with step("ministry sees the issued advice and downloads the letter"):
        page = ministry.page(f"/zaken/{case_id}")
        check("Advies uitgebracht" in page, "the ministry does not see the issued advice")
        letter = f"/zaken/{case_id}/advies/1.pdf"
        check(f'href="{letter}"' in page, "the case page has no link to the letter")
        pdf = ministry.request("GET", letter)
        check(pdf.status_code == 200, f"letter: {pdf.status_code}")
        check(pdf.headers.get("Content-Type", "").startswith("application/pdf"), "not a PDF")
        check(pdf.content.startswith(b"%PDF-"), "the letter does not start as a PDF")
        words = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.content)).pages)
        check(reference in words, f"the letter does not name {reference}")
        check("Assen" in words, "the letter does not name the advised place")
        say(f"  letter {len(pdf.content)} bytes, names {reference}")

    with step("reply term backdated; the worker delivers the reminder mail"):
        kinds = backdate_reply_term(walk, reference)
        check(kinds == ["reactie"], f"open terms after issuing: {kinds}")

        def reminder_arrived() -> bool:
            walk.all_running()
            return any(_is_reminder(m, reference, ministry.email) for m in sink.snapshot())

        began = time.monotonic()
        wait_until(reminder_arrived, MAIL_TIMEOUT, f"the reminder mail for {reference}")
        [sunk] = [m for m in sink.snapshot() if _is_reminder(m, reference, ministry.email)]
        body = sunk.message.get_body(("plain",))
        content = body.get_content() if body is not None else ""
        check(reference in content, "the reminder does not name the case")
        link = f"{BASE_URL}/zaken/{case_id}"
        check(link in content, f"the reminder does not link to {link}")
        check(bool(sunk.message["X-Request-ID"]), "the reminder names no task run (X-Request-ID)")
        issued = [m for m in sink.snapshot() if m.message_id.startswith("event:")]
        check(
            any(
                ministry.email in m.recipients and "Advies uitgebracht" in str(m.message["Subject"])
                for m in issued
            ),
            "the ministry got no mail of the issued advice",
        )
        say(
            f"  '{sunk.message['Subject']}' to {', '.join(sunk.recipients)} after "
            f"{time.monotonic() - began:.1f} s; {len(sink.snapshot())} mails in the sink"
        )

    with step("/readyz and /metrics after the walk"):
        check_probes(walk)
        scrape = requests.get(
            f"{walk.base}/metrics",
            headers={"Authorization": f"Bearer {walk.env['CASEFLOW_METRICS_TOKEN']}"},
            timeout=ANSWERS_TIMEOUT,
        )
        check(scrape.status_code == 200, f"/metrics: {scrape.status_code}")
        sent = _metric(scrape.text, "caseflow_reminders_sent_total")
        check(sent >= 1, f"caseflow_reminders_sent_total is {sent}")
        transitions = _metric(scrape.text, "caseflow_transitions_total")
        check(transitions >= 5, f"caseflow_transitions_total is {transitions}")


def _redis_pong(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def _is_reminder(sunk: Sunk, reference: str, recipient: str) -> bool:
    return (
        sunk.message_id.startswith("reminder:")
        and reference in str(sunk.message["Subject"] or "")
        and recipient in sunk.recipients
    )


def _metric(exposition: str, name: str) -> float:
    """The sum over the labels of ``name`` in Prometheus' text format."""
    total = 0.0
    for line in exposition.splitlines():
        if line.startswith((f"{name} ", f"{name}{{")):
            total += float(line.rsplit(" ", 1)[1])
    return total


def check_probes(walk: Walk) -> None:
    health = requests.get(f"{walk.base}/healthz", timeout=ANSWERS_TIMEOUT)
    check(
        health.status_code == 200 and health.json() == {"status": "ok"}, f"/healthz: {health.text}"
    )
    ready = requests.get(f"{walk.base}/readyz", timeout=ANSWERS_TIMEOUT)
    check(ready.status_code == 200, f"/readyz {ready.status_code}: {ready.text}")
    checks = ready.json().get("checks", {})
    for name in ("database", "migrations", "broker"):
        check(checks.get(name, {}).get("ok") is True, f"/readyz {name}: {json.dumps(checks)}")
    check(checks["broker"].get("detail") == "ok", f"/readyz broker: {checks['broker']}")
    say(f"  /readyz {json.dumps(checks, sort_keys=True)}")


# ---------------------------------------------------------------------------- main


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted(signal.Signals(signum).name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, mail)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    options = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    admin_url = make_url(os.environ.get("CASEFLOW_WALK_PG") or DEFAULT_PG)
    workdir = Path(tempfile.mkdtemp(prefix="caseflow-walk-"))
    walk = Walk(workdir=workdir, admin_url=admin_url, workers=options.workers)
    say(f"production walk in {workdir}")
    failure: BaseException | None = None
    try:
        run(walk)
    except (WalkFailed, Interrupted, Exception) as exc:
        failure = exc
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if failure is not None:
            say(f"FAILED: {type(failure).__name__}: {failure}")
            print(walk.tails(), flush=True)
        cleanup_failed = _clean_up(walk)
        if options.keep:
            say(f"work folder kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if failure is None and not cleanup_failed:
        say("production walk passed")
        return 0
    return 1


def _clean_up(walk: Walk) -> bool:
    """Stop every process, the sink, drop the database and roles; True if something failed."""
    failed = False
    walk.stop_all()
    if walk.sink is not None:
        walk.sink.shutdown()
        walk.sink.server_close()
    try:
        walk.drop_database()
    except Exception as exc:
        say(f"could not drop {walk.database} or its roles: {exc}")
        failed = True
    return failed


if __name__ == "__main__":
    sys.exit(main())
