"""Reminders under faults: N due reminders, a real Celery worker with embedded beat against a
private redis-server, the worker killed with SIGKILL and Redis restarted at random moments
while the mail goes out; then count what arrived.

    .venv/bin/python benchmarks/reminder_faults.py --n 200 --kills 3 --redis-restarts 1

Prints ``N=…, sent=…, duplicated=…, lost=…`` for the reminder mails (the goal is N, 0, 0),
then the same for every mail (filing notices too) and what happened on the way. See
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import re
import shutil
import socketserver
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from flask import Flask  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from caseflow.extensions import db  # noqa: E402
from caseflow.models import Case, MailMessage  # noqa: E402
from caseflow.services.reference import loader  # noqa: E402
from tests.integration import support  # noqa: E402
from workflows.base import ADVISEUR, MINISTERIE  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="due reminders (one per case)")
    parser.add_argument("--kills", type=int, default=3, help="worker SIGKILLs while sending")
    parser.add_argument("--redis-restarts", type=int, default=1, help="Redis crashes + restarts")
    parser.add_argument(
        "--database-url",
        default="",
        help="an EMPTY database (e.g. PostgreSQL) to migrate and use; default a SQLite file",
    )
    parser.add_argument(
        "--sink",
        choices=("file", "smtp"),
        default="file",
        help="file: the outbox folder (one .eml per key, idempotent receiver); smtp: a local "
        "SMTP server that records every delivery, so a repeat would be counted",
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for all")
    parser.add_argument("--seed", type=int, default=None, help="random seed for the moments")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs)")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    work = Path(tempfile.mkdtemp(prefix="caseflow-faults-"))
    instance = work / "instance"
    instance.mkdir()
    redis_server = support.RedisServer(work / "redis")
    worker: support.Worker | None = None
    smtp: SmtpSink | None = None
    try:
        url = args.database_url or f"sqlite:///{work / 'caseflow.sqlite3'}"
        start = time.monotonic()
        support.flask_command(url, instance, "db", "upgrade")
        app = support.in_process_app(url, "", instance)
        reminder_ids, keys, total_mails = _seed(app, args.n)
        print(f"seeded {args.n} overdue cases in {time.monotonic() - start:.1f} s ({work})")

        redis_server.start()
        extra = {}
        if args.sink == "smtp":
            smtp = SmtpSink()
            extra = {
                "CASEFLOW_MAIL_DELIVERY": "smtp",
                "CASEFLOW_MAIL_SERVER": "127.0.0.1",
                "CASEFLOW_MAIL_PORT": str(smtp.port),
            }
        env = support.process_env(url, redis_server.url(), instance, **extra)
        worker = support.Worker(env, work / "worker.log", name="faults")
        faults = _plan_faults(rng, args.kills, args.redis_restarts, total_mails)

        start = time.monotonic()
        worker.start()
        log = _inject(faults, worker, redis_server, instance, smtp, rng)
        done = _wait(app, worker, reminder_ids, keys, smtp, args.timeout, log)
        elapsed = time.monotonic() - start
        time.sleep(3)  # three more scans: nothing may go out again
        _report(app, reminder_ids, keys, smtp, log, elapsed, worker.starts, done)
        return 0 if done else 1
    finally:
        if worker is not None:
            worker.kill()
        redis_server.kill()
        if smtp is not None:
            smtp.close()
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------------------- setup


def _seed(app: Flask, n: int) -> tuple[list[int], set[str], int]:
    """N overdue cases; (due reminder ids, their mail keys, all mails once they are out)."""
    with app.app_context():
        if db.session.scalar(select(func.count()).select_from(Case)):
            raise SystemExit("the database already holds cases: give an empty database")
        loader.load_reference()
        users = support.make_users(advisers=1)
        reminder_ids = support.file_overdue_cases(users[MINISTERIE], n)
        keys = support.expected_reminder_keys(reminder_ids, [users[f"{ADVISEUR}0"]])
        filing_notices = db.session.scalar(select(func.count()).select_from(MailMessage)) or 0
        db.session.remove()
    assert len(reminder_ids) == n
    return reminder_ids, keys, filing_notices + len(keys)


@dataclass
class Fault:
    kind: str  # "kill" or "redis"
    at_fraction: float  # of all mails delivered
    at_files: int


def _plan_faults(rng: random.Random, kills: int, restarts: int, total: int) -> list[Fault]:
    """Random moments, measured in progress (mails delivered) so they all fall mid-sending."""
    kinds = ["kill"] * kills + ["redis"] * restarts
    fractions = sorted(rng.uniform(0.02, 0.9) for _ in kinds)
    rng.shuffle(kinds)
    return [Fault(k, f, max(1, int(f * total))) for k, f in zip(kinds, fractions, strict=True)]


# ---------------------------------------------------------------------------- faults


def _delivered(instance: Path, smtp: SmtpSink | None) -> int:
    if smtp is not None:
        return smtp.count()
    outbox = instance / "outbox"
    return sum(1 for _ in outbox.glob("*.eml")) if outbox.is_dir() else 0


def _inject(
    faults: list[Fault],
    worker: support.Worker,
    redis_server: support.RedisServer,
    instance: Path,
    smtp: SmtpSink | None,
    rng: random.Random,
) -> list[str]:
    log = []
    for fault in faults:
        deadline = time.monotonic() + 120
        while _delivered(instance, smtp) < fault.at_files and time.monotonic() < deadline:
            _supervise(worker, log)
            time.sleep(0.003)
        time.sleep(rng.uniform(0, 0.05))
        delivered = _delivered(instance, smtp)
        if fault.kind == "kill":
            worker.kill()
            log.append(f"worker SIGKILL at {delivered} mails delivered")
            worker.start()
        else:
            redis_server.kill()
            down = rng.uniform(1.0, 3.0)
            time.sleep(down)
            redis_server.start()
            log.append(f"Redis SIGKILL at {delivered} mails delivered, back after {down:.1f} s")
    return log


def _supervise(worker: support.Worker, log: list[str]) -> None:
    if worker.revive():
        log.append("worker EXITED BY ITSELF and was started again (as a supervisor would)")


def _wait(
    app: Flask,
    worker: support.Worker,
    reminder_ids: list[int],
    keys: set[str],
    smtp: SmtpSink | None,
    timeout: float,
    log: list[str],
) -> bool:
    def finished() -> bool:
        _supervise(worker, log)
        snap = support.snapshot(app)
        if smtp is None:
            return snap.all_out(reminder_ids, keys)
        return (
            all(snap.reminder_status.get(rid) == "verstuurd" for rid in reminder_ids)
            and set(snap.mail_status.values()) == {"verzonden"}
            and set(smtp.counts()) >= set(snap.mail_status)
        )

    try:
        support.wait_until(finished, timeout, "all reminders out", interval=0.25)
    except TimeoutError as exc:
        print(f"TIMEOUT: {exc}")
        return False
    return True


# ---------------------------------------------------------------------------- report


def _report(
    app: Flask,
    reminder_ids: list[int],
    keys: set[str],
    smtp: SmtpSink | None,
    log: list[str],
    elapsed: float,
    starts: int,
    done: bool,
) -> None:
    snap = support.snapshot(app)
    # Deliveries per mail key as the sink saw them.
    if smtp is not None:
        deliveries = smtp.counts()
    else:
        deliveries = Counter(snap.message_ids)
        for name, count in snap.files.items():  # a key with two files would show here
            if count > 1:
                deliveries[name] += count - 1
    all_keys = set(snap.mail_status)

    def tally(wanted: set[str]) -> tuple[int, int, int]:
        sent = sum(1 for k in wanted if deliveries[k] > 0)
        duplicated = sum(max(0, deliveries[k] - 1) for k in wanted)
        duplicated += sum(max(0, snap.notification_keys[k] - 1) for k in wanted)
        return sent, duplicated, len(wanted) - sent

    sent, duplicated, lost = tally(keys)
    print(f"N={len(reminder_ids)}, sent={sent}, duplicated={duplicated}, lost={lost}")
    all_sent, all_dup, all_lost = tally(all_keys)
    unexpected = set(deliveries) - all_keys
    print(
        f"  all mails (filing notices too): {len(all_keys)} expected, {all_sent} delivered, "
        f"{all_dup} duplicated, {all_lost} lost, {len(unexpected)} unknown"
    )
    processed = Counter(snap.reminder_status[rid] for rid in reminder_ids)
    retried = sum(1 for a in snap.mail_attempts.values() if a > 1)
    most = max(snap.notification_keys.values(), default=0)
    mails = dict(Counter(snap.mail_status.values()))
    print(
        f"  database: due reminders {dict(processed)}; notifications per key at most {most}; "
        f"mails {mails}, {retried} sent again after their lease expired"
    )
    print(f"  sink: {'SMTP server (every delivery counted)' if smtp else 'outbox folder'}")
    for line in log:
        print(f"  fault: {line}")
    state = "done" if done else "NOT done"
    print(f"  {state} in {elapsed:.1f} s after the first worker start ({starts} worker starts)")


# ---------------------------------------------------------------------------- SMTP sink


@dataclass
class _Received:
    message_ids: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class SmtpSink:
    """A minimal SMTP server that accepts everything and records each message's Message-ID
    (the mail key), so a message delivered twice is counted twice."""

    def __init__(self) -> None:
        received = _Received()
        self.received = received

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(f"{line}\r\n".encode())

            def handle(self) -> None:
                with contextlib.suppress(OSError):  # the sender was killed mid-conversation
                    self.converse()

            def converse(self) -> None:
                self.reply("220 sink ESMTP")
                while line := self.rfile.readline():
                    verb = line.decode(errors="replace").strip().split(" ")[0].upper()
                    if verb == "EHLO":
                        self.reply("250-sink")
                        self.reply("250 8BITMIME")
                    elif verb == "DATA":
                        self.reply("354 go ahead")
                        data = bytearray()
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                            data += chunk
                        found = re.search(rb"^Message-ID: <([^>]+)@caseflow>", data, re.M | re.I)
                        with received.lock:
                            received.message_ids.append(found.group(1).decode() if found else "?")
                        self.reply("250 queued")
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:  # HELO, MAIL, RCPT, RSET, NOOP
                        self.reply("250 ok")

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port: int = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def count(self) -> int:
        with self.received.lock:
            return len(self.received.message_ids)

    def counts(self) -> Counter[str]:
        with self.received.lock:
            return Counter(self.received.message_ids)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":
    sys.exit(main())
