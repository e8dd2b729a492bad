"""Real processes for the integration tests and ``benchmarks/reminder_faults.py``: a private
``redis-server``, a Celery worker with embedded beat (``celery -A wsgi:celery worker -B``),
the migration run as a subprocess, due reminders seeded through the services, and a
snapshot of what went out (database rows and ``.eml`` files in the outbox).

Every process starts in its own session so that it and its children (the embedded beat
process) are stopped together with ``os.killpg``.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import redis
from flask import Flask
from sqlalchemy import func, select

from caseflow import create_app
from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import Case, MailMessage, Notification, Reminder, User
from caseflow.models.deadline import PLANNED, SENT
from caseflow.models.notification import DELIVERED
from caseflow.services.accounts.credentials import hash_password
from caseflow.services.accounts.sessions import new_generation
from caseflow.services.cases import lifecycle
from caseflow.services.deadlines import tracking
from caseflow.services.reference.loader import current_ministry
from tests.factories import filing_data
from workflows.base import ADVISEUR, COORDINATOR, MINISTERIE

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
# Settings every worker process gets; anything CASEFLOW_* inherited is dropped first.
WORKER_SETTINGS = {
    "CASEFLOW_SECRET_KEY": "integration-secret-key",
    "CASEFLOW_REMINDER_SCAN_SECONDS": "1",
    "CASEFLOW_MAIL_DELIVERY": "file",
    "CASEFLOW_MAIL_LEASE_SECONDS": "2",
}


# ---------------------------------------------------------------------------- helpers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def redis_answers(url: str, timeout: float = 1.0) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def wait_until(
    check: Callable[[], bool], timeout: float, what: str, interval: float = 0.2
) -> float:
    """Poll ``check`` until it is true; returns the seconds it took, fails after ``timeout``."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"not within {timeout:.0f} s: {what}")
        time.sleep(interval)
    return time.monotonic() - start


def process_env(database_url: str, redis_url: str, instance: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEFLOW_")}
    env.update(WORKER_SETTINGS)
    env.update(
        {
            "CASEFLOW_DATABASE_URL": database_url,
            "CASEFLOW_REDIS_URL": redis_url,
            "CASEFLOW_INSTANCE_PATH": str(instance),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def flask_command(database_url: str, instance: Path, *args: str) -> None:
    """``flask --app wsgi ARGS`` in a subprocess (e.g. ``db upgrade``), as an operator would."""
    env = process_env(database_url, "", instance)
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")


def in_process_app(database_url: str, redis_url: str, instance: Path) -> Flask:
    """The web application inside the test process, configured like the workers."""
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": WORKER_SETTINGS["CASEFLOW_SECRET_KEY"],
            "WTF_CSRF_ENABLED": False,
            "MAIL_DELIVERY": "file",
        }
    )


# Every process started here, so that an interrupted run (SIGTERM from a CI timeout) does not
# leave workers or redis-servers behind: see ``kill_all``.
_LIVE: set[subprocess.Popen[bytes]] = set()


def _spawn(args: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(args, start_new_session=True, **kwargs)
    _LIVE.add(proc)
    return proc


@atexit.register
def kill_all() -> None:
    for proc in list(_LIVE):
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        with suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        _LIVE.discard(proc)


def _stop_group(proc: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM the process group (SIGKILL when ``grace`` is 0), then SIGKILL what is left."""
    if proc.poll() is None and grace > 0:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)
    # Children (the embedded beat process) may outlive a leader that already exited.
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    _LIVE.discard(proc)


# ---------------------------------------------------------------------------- redis


class RedisServer:
    """A private ``redis-server`` on 127.0.0.1 without persistence, restartable on its port."""

    def __init__(self, workdir: Path, port: int | None = None) -> None:
        self.workdir = workdir
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def url(self, number: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{number}"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._log = (self.workdir / "redis.log").open("ab")
        self.proc = _spawn(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        wait_until(lambda: redis_answers(self.url(), 0.2), 20, f"redis-server on {self.port}")

    def stop(self) -> None:
        if self.proc is not None:
            _stop_group(self.proc, grace=10)
            self.proc = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def kill(self) -> None:
        if self.proc is not None:
            _stop_group(self.proc, grace=0)
            self.proc = None
        if self._log is not None:
            self._log.close()
            self._log = None


@contextmanager
def redis_server(workdir: Path) -> Iterator[RedisServer]:
    server = RedisServer(workdir)
    server.start()
    try:
        yield server
    finally:
        server.kill()


# ---------------------------------------------------------------------------- worker


class Worker:
    """``celery -A wsgi:celery worker -B --pool=solo``: one worker with embedded beat."""

    def __init__(self, env: dict[str, str], log_path: Path, name: str = "itest") -> None:
        self.env = env
        self.log_path = log_path
        self.name = name
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self._log: IO[bytes] | None = None

    def start(self) -> None:
        assert self.proc is None, "worker already running"
        self.starts += 1
        self._log = self.log_path.open("ab")
        self._log.write(f"\n===== start {self.starts} =====\n".encode())
        self._log.flush()
        self.proc = _spawn(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "wsgi:celery",
                "worker",
                "-B",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"{self.name}-{os.getpid()}-{self.starts}@%h",
            ],
            cwd=REPO,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def revive(self) -> bool:
        """What a supervisor (systemd ``Restart=always``) does: start it again if it exited
        by itself. Returns whether it had."""
        if self.proc is None or self.proc.poll() is None:
            return False
        self.kill()
        self.start()
        return True

    def kill(self) -> None:
        """SIGKILL the worker and its embedded beat at once: no shutdown, no cleanup."""
        if self.proc is not None:
            _stop_group(self.proc, grace=0)
            self.proc = None
        self._close_log()

    def stop(self) -> None:
        if self.proc is not None:
            _stop_group(self.proc, grace=10)
            self.proc = None
        self._close_log()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


# ---------------------------------------------------------------------------- seeding


def make_user(role: str, email: str, ministry: str | None = None) -> User:
    user = User(
        email=email,
        name=email.split("@")[0],
        role=role,
        ministry=current_ministry(ministry) if ministry else None,
        password_hash=hash_password(PASSWORD),
        session_token=new_generation(),
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_users(advisers: int) -> dict[str, User]:
    users = {
        MINISTERIE: make_user(MINISTERIE, "ministerie@itest.nl", "JenV"),
        COORDINATOR: make_user(COORDINATOR, "coordinator@itest.nl"),
    }
    for number in range(advisers):
        users[f"{ADVISEUR}{number}"] = make_user(ADVISEUR, f"adviseur{number}@itest.nl")
    return users


def file_overdue_cases(ministry_user: User, count: int, label: str = "") -> list[int]:
    """File and submit ``count`` cases through the services, then let their intake term have
    expired three working days ago (as ``demo._backdate`` does): each gets exactly one due
    reminder (``vervaldag``) for the advisers; the next one (``verlopen-1``) is not yet due.
    Returns the ids of the due reminders."""
    case_ids = []
    for number in range(count):
        fields = filing_data("omvangswijziging") | {"title": f"Integratie {label}{number}"}
        case = lifecycle.create_case(ministry_user, "omvangswijziging", fields)
        case = lifecycle.perform(ministry_user, case.id, "indienen", case.version, {})
        case_ids.append(case.id)
    calendar = tracking.calendar()
    for case_id in case_ids:
        for deadline in tracking.open_deadlines(case_id):
            deadline.started_on = calendar.add_working_days(local_today(), -8)
            deadline.due_on = calendar.add_working_days(deadline.started_on, 5)
            tracking.replan(deadline)
    db.session.commit()
    return due_reminder_ids(case_ids)


def due_reminder_ids(case_ids: list[int]) -> list[int]:
    from caseflow.models import Deadline

    return list(
        db.session.scalars(
            select(Reminder.id)
            .join(Deadline, Deadline.id == Reminder.deadline_id)
            .where(
                Deadline.case_id.in_(case_ids),
                Reminder.status == PLANNED,
                Reminder.send_on <= local_today(),
            )
            .order_by(Reminder.id)
        )
    )


def expected_reminder_keys(reminder_ids: list[int], advisers: list[User]) -> set[str]:
    """One notification and one mail per due reminder and adviser (no case is assigned)."""
    return {f"reminder:{rid}:u{user.id}" for rid in reminder_ids for user in advisers}


# ---------------------------------------------------------------------------- the sink


def outbox_name(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", key) + ".eml"


@dataclass
class Snapshot:
    """What went out, from the database and from the outbox folder."""

    reminder_status: dict[int, str]
    notification_keys: Counter[str]
    mail_status: dict[str, str]
    mail_attempts: dict[str, int]
    files: Counter[str]
    message_ids: Counter[str]

    def delivered_files(self, keys: set[str]) -> int:
        return sum(1 for key in keys if self.files[outbox_name(key)])

    def all_out(self, reminder_ids: list[int], keys: set[str]) -> bool:
        """Every due reminder processed, every mail delivered and every expected file there."""
        return (
            all(self.reminder_status.get(rid) == SENT for rid in reminder_ids)
            and all(status == DELIVERED for status in self.mail_status.values())
            and all(self.files[outbox_name(key)] for key in self.mail_status)
            and keys <= set(self.mail_status)
        )

    def summary(self) -> str:
        return (
            f"reminders={Counter(self.reminder_status.values())} "
            f"mails={Counter(self.mail_status.values())} files={sum(self.files.values())}"
        )


def snapshot(app: Flask) -> Snapshot:
    with app.app_context():
        try:
            reminders = dict(db.session.execute(select(Reminder.id, Reminder.status)).all())
            counts = select(Notification.key, func.count()).group_by(Notification.key)
            notification_keys: Counter[str] = Counter(dict(db.session.execute(counts).all()))
            mails = db.session.execute(
                select(MailMessage.key, MailMessage.status, MailMessage.attempts)
            ).all()
        finally:
            db.session.remove()
    outbox = Path(app.instance_path) / "outbox"
    files: Counter[str] = Counter()
    message_ids: Counter[str] = Counter()
    if outbox.is_dir():
        for path in outbox.glob("*.eml"):
            files[path.name] += 1
            found = re.search(rb"^Message-ID: <([^>]+)@caseflow>", path.read_bytes(), re.M)
            if found:
                message_ids[found.group(1).decode()] += 1
    return Snapshot(
        reminder_status=reminders,
        notification_keys=notification_keys,
        mail_status={key: status for key, status, _ in mails},
        mail_attempts={key: attempts for key, _, attempts in mails},
        files=files,
        message_ids=message_ids,
    )


def count_cases(app: Flask) -> int:
    with app.app_context():
        try:
            return int(db.session.scalar(select(func.count()).select_from(Case)) or 0)
        finally:
            db.session.remove()


def describe(worker: Worker, extra: Any = "") -> str:
    """Failure context: the tail of the worker log."""
    return f"{extra}\n--- worker log (tail) ---\n{worker.log()[-6000:]}"
