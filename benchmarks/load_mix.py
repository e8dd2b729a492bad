"""Load: a realistic mix of many users at once, with locust, against gunicorn as
deploy/gunicorn.conf.py runs it and a PostgreSQL database seeded by ``case_list.py --keep``.

    python3 -m venv /tmp/locust && /tmp/locust/bin/pip install locust pyotp
    .venv/bin/python benchmarks/load_mix.py --reuse caseflow_bench_12345 \\
        --locust /tmp/locust/bin/locust --users 200 --minutes 3

Before the run it adds (once per database) accounts of its own for every simulated user, a
ministry's accounts spread over the ten ministries with the most cases, the advisers' and
the secretariat's with a second factor; it writes the plan locust reads (accounts, sample
cases of each ministry, filed cases to take in, cases in progress assigned to each
adviser). The mix (benchmarks/locustfile.py): six in ten users are ministry officers
(dashboard, list, case pages, search, filter, and filing a new service), three advisers
(dashboard, queue, case pages, /spreiding, taking filed cases in, the advice form), one the
secretariat (the meeting board). Each waits 1–3 s between clicks. The statistics are
reset once every user has logged in, so the numbers are of the work, not of the logins.
Results: the table of locust's statistics per request, and the aggregate.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import http_pages  # noqa: E402
from flask import Flask  # noqa: E402
from sqlalchemy import func, select, update  # noqa: E402

from caseflow import create_app  # noqa: E402
from caseflow.domain.clock import utcnow  # noqa: E402
from caseflow.extensions import db  # noqa: E402
from caseflow.models import Case, Ministry, Province, User  # noqa: E402
from caseflow.services.accounts.users import add_user  # noqa: E402
from caseflow.services.installation.demo import DEMO_PASSWORD  # noqa: E402

MIX = {"ministerie": 6, "adviseur": 3, "secretariaat": 1}
DOMAIN = "load.caseflow.nl"
SAMPLE = 40  # sample cases per ministry
NEW_CASE = {
    "title": "Nieuw uitvoeringsloket (belasting)",
    "unit_name": "Uitvoeringsloket",
    "fte_change": "120",
    "proposed_place": "Heerlen",
    "motivation": "Nieuwe wettelijke taak; proef onder belasting.",
    "labour_market_scan": "voldoende",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", required=True, help="a database kept by case_list.py")
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    parser.add_argument("--locust", required=True, help="the locust command (its own venv)")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=20.0)
    parser.add_argument("--minutes", type=float, default=3.0)
    args = parser.parse_args()
    url = f"{args.server.rstrip('/')}/{args.reuse}"
    work = Path(tempfile.mkdtemp(prefix="caseflow-load-"))
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": http_pages.SECRET_KEY, "INSTANCE_PATH": str(work)}
    )
    server: subprocess.Popen[bytes] | None = None
    try:
        with app.app_context():
            http_pages._enrich()
            plan = _plan(app, args.users)
        (work / "plan.json").write_text(json.dumps(plan))
        port = http_pages._free_port()
        server = _gunicorn(work, url, port)
        http_pages._wait(port)
        _locust(args, work, port)
        _report(work, args)
        return 0
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        shutil.rmtree(work, ignore_errors=True)


def _plan(app: Flask, users: int) -> dict[str, Any]:
    counts = {role: max(1, users * share // sum(MIX.values())) for role, share in MIX.items()}
    ministries = list(
        db.session.scalars(
            select(Ministry.id)
            .join(Case, Case.holder_ministry_id == Ministry.id)
            .group_by(Ministry.id)
            .order_by(func.count(Case.id).desc())
            .limit(10)
        )
    )
    samples = {m: _sample(m) for m in ministries}
    in_progress = _in_progress(counts["adviseur"] * 5)
    accounts: dict[str, list[dict[str, Any]]] = {}
    for role, count in counts.items():
        accounts[role] = []
        for i in range(count):
            ministry_id = ministries[i % len(ministries)] if role == "ministerie" else None
            user = _account(role, i, ministry_id)
            own = samples.get(ministry_id, []) if ministry_id else _sample(None)
            drafting = in_progress[i * 5 : i * 5 + 5] if role == "adviseur" else []
            if drafting:
                db.session.execute(
                    update(Case).where(Case.id.in_(drafting)).values(assignee_id=user.id)
                )
            accounts[role].append({"email": user.email, "cases": own, "drafting": drafting})
    db.session.commit()
    province = db.session.scalar(select(Province.id).where(Province.name == "Limburg"))
    return {
        "password": DEMO_PASSWORD,
        "totp_secret": http_pages.TOTP_SECRET,
        "accounts": accounts,
        "filed": [case_id for case_id, _version in http_pages._filed_cases(20_000, newest=True)],
        "in_progress": in_progress,
        "new_case": {**NEW_CASE, "proposed_province_id": str(province)},
    }


def _account(role: str, i: int, ministry_id: int | None) -> User:
    email = f"{role}-{i}@{DOMAIN}"
    user = db.session.scalars(select(User).where(User.email == email)).first()
    if user is None:
        ministry = db.session.get(Ministry, ministry_id) if ministry_id else None
        user = add_user(email, f"Belasting {role} {i}", role, ministry, DEMO_PASSWORD)
    if role != "ministerie":  # BZK logs in with a second factor
        user.totp_secret, user.totp_enabled_at = http_pages.TOTP_SECRET, utcnow()
    user.totp_last_step = None
    db.session.flush()
    return user


def _sample(ministry_id: int | None) -> list[int]:
    """Cases spread over the whole range (not only the newest, kept warm)."""
    query = select(Case.id).where(Case.id % 997 == 0).order_by(Case.id).limit(SAMPLE)
    if ministry_id is not None:
        query = query.where(Case.holder_ministry_id == ministry_id)
    return [int(i) for i in db.session.scalars(query)]


def _in_progress(limit: int) -> list[int]:
    query = select(Case.id).where(Case.state == "in_behandeling").order_by(Case.id).limit(limit)
    return [int(i) for i in db.session.scalars(query)]


def _gunicorn(work: Path, url: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "CASEFLOW_DATABASE_URL": url,
        "CASEFLOW_SECRET_KEY": http_pages.SECRET_KEY,
        "CASEFLOW_INSTANCE_PATH": str(work),
        "CASEFLOW_SESSION_COOKIE_SECURE": "0",  # plain HTTP on the loopback
        # One address logs in 200 accounts: the login throttle is not what is measured.
        "CASEFLOW_THROTTLE_ADDRESS_LIMITS": "100000 per 1 minute",
        "CASEFLOW_THROTTLE_ACCOUNT_LIMITS": "100000 per 1 minute",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-c",
        str(ROOT / "deploy" / "gunicorn.conf.py"),
        "wsgi:app",
    ]
    log = (work / "gunicorn.log").open("wb")
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)  # noqa: S603


def _locust(args: argparse.Namespace, work: Path, port: int) -> None:
    command = [
        args.locust,
        "-f",
        str(ROOT / "benchmarks" / "locustfile.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{int(args.minutes * 60)}s",
        "--reset-stats",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(work / "load"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = {**os.environ, "CASEFLOW_LOAD_PLAN": str(work / "plan.json")}
    subprocess.run(command, env=env, check=False)  # noqa: S603


def _report(work: Path, args: argparse.Namespace) -> None:
    with (work / "load_stats.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print()
    print(f"{args.users} users, {args.minutes:g} min after all logged in; load average {load}")
    print()
    print("| request | method | requests | failures | p50 ms | p95 ms | p99 ms | max ms | req/s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['Name']} | {row['Type']} | {row['Request Count']} | "
            f"{row['Failure Count']} | {row['50%']} | {row['95%']} | {row['99%']} | "
            f"{float(row['Max Response Time']):.0f} | {float(row['Requests/s']):.1f} |"
        )
    failures = work / "load_failures.csv"
    if failures.exists():
        print()
        print(failures.read_text())


if __name__ == "__main__":
    raise SystemExit(main())
