"""The case list read side at scale on PostgreSQL: N cases seeded with COPY into a private
database, then the real list, search, dashboard and queue queries timed per demo user, and
each one EXPLAINed to see whether it reads an index range or scans the cases table.

    .venv/bin/python benchmarks/case_list.py --n 1000000

Prints the seeding time, a table of timings (median and p95 of --reps runs after --warmup)
and, per call, how PostgreSQL reads each table (EXPLAIN ANALYZE of one run); anything that
reads many rows (a sequential scan, a large sort, a long index range) is flagged. See
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import psycopg  # noqa: E402
from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import Engine, event, func, select, text  # noqa: E402

import workflows  # noqa: E402
from caseflow import create_app  # noqa: E402
from caseflow.domain.clock import to_local  # noqa: E402
from caseflow.domain.retention import retain_until  # noqa: E402
from caseflow.extensions import db  # noqa: E402
from caseflow.models import Case, Deadline, Masterplan, Ministry, Organisation, Province, User  # noqa: E402
from caseflow.models.deadline import DONE, PAUSED, RUNNING  # noqa: E402
from caseflow.services.accounts.credentials import hash_password  # noqa: E402
from caseflow.services.accounts.sessions import new_generation  # noqa: E402
from caseflow.services.caselists import case_counts, case_sort, dashboard, queries  # noqa: E402
from caseflow.services.caselists.case_sort import EMPTY_LAST, SORT_COLUMNS, Sort  # noqa: E402
from caseflow.services.caselists.queries import CaseFilter  # noqa: E402
from caseflow.services.cases import access, filing  # noqa: E402
from caseflow.services.cases.access import holder_of, visible_to  # noqa: E402
from caseflow.services.deadlines import case_facts  # noqa: E402
from caseflow.services.insight import decided_totals  # noqa: E402
from caseflow.services.installation import demo  # noqa: E402
from caseflow.services.reference import loader  # noqa: E402
from workflows.base import ADVISEUR, COORDINATOR, MINISTERIE, SECRETARIAAT  # noqa: E402

PAGE_SIZE = 25  # the app's PAGE_SIZE
MINISTERIE2 = "ministerie2"  # the second demo ministry user (OCW)
NAME_PREFIX = "caseflow_bench_"
# A statement that reads more rows of one table than this is flagged: a list page should
# read about one page of rows whatever N is, and a count no more than the app's COUNT_CAP
# (10,000) + 1.
MANY_ROWS = 20_000
# A sequential scan of these is flagged whatever it reads (of the small reference tables
# only one that reads more than MANY_ROWS rows).
BIG_TABLES = frozenset({"cases", "deadlines"})
# A sort of more input rows than this is flagged (the few rows of a page are fine).
BIG_SORT = 1_000

# ---------------------------------------------------------------------------- what to seed

YEARS = 3
ADVISERS = 12  # the demo adviser and 11 more, so "Mijn zaken" holds about 1/12 of the cases
FILERS = 5  # users per ministry who file its cases (the demo ministry user is one of them)
# The 12 current ministries and their share of the cases (per cent).
MINISTRY_WEIGHTS = {
    "JenV": 18,
    "Fin": 12,
    "OCW": 10,
    "BZK": 10,
    "SZW": 10,
    "IenW": 9,
    "Def": 8,
    "VWS": 7,
    "EZK": 6,
    "LVVN": 5,
    "BZ": 3,
    "AZ": 2,
}
TYPE_WEIGHTS = {"omvangswijziging": 45, "nieuwe_dienst": 20, "masterplan": 10, "zbo_gesprek": 25}
# State weights among the open and among the final states, per workflow shape.
OPEN_STATES = {
    "concept": 8,
    "vooroverleg": 2,  # only the size change (version 2) has it
    "ingediend": 10,
    "aanvulling_gevraagd": 5,
    "in_behandeling": 20,
    "ter_goedkeuring": 6,
    "advies_uitgebracht": 10,
    "overeenstemming": 6,
    "geen_overeenstemming": 3,
    "geagendeerd": 3,
    "besloten": 4,
}
FINAL_STATES = {"afgerond": 80, "ingetrokken": 12, "buiten_behandeling": 8}
# Share of the open deadlines that are past their due date (the "Verlopen" queue).
OVERDUE_SHARE = 0.15
ZBO_OPEN_STATES = {"gepland": 50, "gevoerd": 20, "opvolging": 30}
ZBO_FINAL_STATES = {"afgerond": 90, "geannuleerd": 10}
# Deadlines per state: (kind, status) in the order they ran; the last one may be open.
DEADLINES_IN: dict[str, tuple[tuple[str, str], ...]] = {
    "concept": (),
    "vooroverleg": (),
    "ingediend": (("intake", RUNNING),),
    "aanvulling_gevraagd": (),  # the intake or the advice paused: chosen per case
    "in_behandeling": (("intake", DONE), ("advies", RUNNING)),
    "ter_goedkeuring": (("intake", DONE), ("advies", RUNNING)),
    "advies_uitgebracht": (("intake", DONE), ("advies", DONE), ("reactie", RUNNING)),
    "overeenstemming": (("intake", DONE), ("advies", DONE), ("reactie", DONE)),
    "geen_overeenstemming": (
        ("intake", DONE),
        ("advies", DONE),
        ("reactie", DONE),
        ("agendering", RUNNING),
    ),
    "geagendeerd": (("intake", DONE), ("advies", DONE), ("reactie", DONE), ("agendering", DONE)),
    "besloten": (("intake", DONE), ("advies", DONE), ("reactie", DONE), ("agendering", DONE)),
    "afgerond": (("intake", DONE), ("advies", DONE), ("reactie", DONE)),
    "ingetrokken": (("intake", DONE),),
    "buiten_behandeling": (("intake", DONE),),
}
ZBO_DEADLINES_IN: dict[str, tuple[tuple[str, str], ...]] = {
    "gepland": (("verslag", RUNNING),),
    "gevoerd": (("verslag", DONE),),
    "opvolging": (("verslag", DONE),),
    "afgerond": (("verslag", DONE),),
    "geannuleerd": (),
}
PLACES = (
    ("Den Haag", "Zuid-Holland", 12),
    ("Rotterdam", "Zuid-Holland", 4),
    ("Leiden", "Zuid-Holland", 1),
    ("Dordrecht", "Zuid-Holland", 1),
    ("Amsterdam", "Noord-Holland", 5),
    ("Haarlem", "Noord-Holland", 2),
    ("Zaanstad", "Noord-Holland", 1),
    ("Utrecht", "Utrecht", 6),
    ("Amersfoort", "Utrecht", 2),
    ("Groningen", "Groningen", 3),
    ("Delfzijl", "Groningen", 1),
    ("Leeuwarden", "Fryslân", 2),
    ("Heerenveen", "Fryslân", 1),
    ("Assen", "Drenthe", 1),
    ("Emmen", "Drenthe", 1),
    ("Zwolle", "Overijssel", 2),
    ("Enschede", "Overijssel", 1),
    ("Deventer", "Overijssel", 1),
    ("Almere", "Flevoland", 1),
    ("Lelystad", "Flevoland", 1),
    ("Arnhem", "Gelderland", 2),
    ("Nijmegen", "Gelderland", 1),
    ("Apeldoorn", "Gelderland", 2),
    ("Middelburg", "Zeeland", 1),
    ("Vlissingen", "Zeeland", 1),
    ("Terneuzen", "Zeeland", 1),
    ("'s-Hertogenbosch", "Noord-Brabant", 2),
    ("Eindhoven", "Noord-Brabant", 2),
    ("Tilburg", "Noord-Brabant", 1),
    ("Breda", "Noord-Brabant", 1),
    ("Maastricht", "Limburg", 1),
    ("Heerlen", "Limburg", 2),
    ("Venlo", "Limburg", 1),
    ("Kerkrade", "Limburg", 1),
)
RANDSTAD = frozenset({"Noord-Holland", "Zuid-Holland", "Utrecht"})
CHANGES = ("Groei", "Uitbreiding", "Krimp", "Herhuisvesting", "Concentratie", "Verplaatsing")
UNITS = (
    "Klantcontactcentrum",
    "Servicecentrum",
    "Inspectie",
    "Shared Service Center",
    "Uitvoeringsorganisatie",
    "Expertisecentrum",
    "Datacentrum",
    "Regiokantoor",
    "Opleidingscentrum",
    "Backoffice",
)
MOTIVATIONS = (
    "Groei door hogere instroom; de regio biedt ruimte.",
    "Huurcontract loopt af; de nieuwe locatie ligt buiten de Randstad.",
    "Samenvoeging van twee vestigingen om de dienstverlening te verbeteren.",
    "Nieuwe wettelijke taak vraagt extra capaciteit.",
    "Bezuiniging: minder fte en een kleiner kantoor.",
)
SCANS = ("voldoende", "beperkt", "onvoldoende", "niet_uitgevoerd")

CASE_COLUMNS = (
    "id",
    "reference",
    "case_type",
    "workflow_version",
    "state",
    "title",
    "ministry_id",
    "organisation_id",
    "unit_name",
    "fte_current",
    "fte_change",
    "current_province_id",
    "current_place",
    "proposed_province_id",
    "proposed_place",
    "motivation",
    "labour_market_scan",
    "labour_market_note",
    "masterplan_id",
    "change_request",
    "talk_date",
    "minister",
    "talk_report",
    "assignee_id",
    "intake_done",
    "outcome",
    "agreed_province_id",
    "agreed_place",
    "linked_from_id",
    "demo",
    "created_by_id",
    "created_at",
    "updated_at",
    "closed_at",
    "next_due_on",
    "version",
)
DEADLINE_COLUMNS = (
    "id",
    "case_id",
    "kind",
    "label",
    "responsible_role",
    "started_on",
    "working_days",
    "due_on",
    "status",
    "paused_on",
    "remaining_days",
    "completed_on",
    "met",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="cases to seed")
    parser.add_argument("--reps", type=int, default=15, help="timed runs per call")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs before them")
    parser.add_argument(
        "--server",
        default="postgresql+psycopg://postgres@127.0.0.1:5432",
        help="PostgreSQL server (SQLAlchemy URL without a database); the benchmark creates "
        "and drops its own database there and touches no other",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument(
        "--reuse",
        metavar="NAME",
        default="",
        help=f"use a database kept by an earlier run ({NAME_PREFIX}…): no seeding",
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the data")
    parser.add_argument(
        "--plans", action="store_true", help="print the full EXPLAIN ANALYZE of flagged statements"
    )
    args = parser.parse_args()
    if args.reuse and not re.fullmatch(NAME_PREFIX + r"\w+", args.reuse):
        parser.error(f"--reuse takes a database made by this benchmark ({NAME_PREFIX}…)")

    server = args.server.rstrip("/")
    name = args.reuse or f"{NAME_PREFIX}{os.getpid()}"
    admin = _libpq(f"{server}/postgres")
    work = Path(tempfile.mkdtemp(prefix="caseflow-case-list-"))
    app: Flask | None = None
    created = False
    try:
        if args.reuse:
            print(f"reusing database {name}: {_comment(admin, name) or 'no description'}")
        else:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            created = True
            print(f"created database {name}")
        url = f"{server}/{name}"
        app = create_app(
            {"DATABASE_URL": url, "SECRET_KEY": "benchmark", "INSTANCE_PATH": str(work)}
        )
        if args.reuse:
            with app.app_context():  # a kept database follows the migrations of the code
                before = _revision()
                upgrade()
                if _revision() != before:
                    print(f"migrated the kept database from {before} to {_revision()}")
                db.session.remove()
        else:
            info = seed(app, _libpq(url), args.n, random.Random(args.seed))
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{info}'")
        with app.app_context():
            results = run_benchmark(args.reps, args.warmup)
            report(results, args.plans)
        return 0
    finally:
        if app is not None:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
        shutil.rmtree(work, ignore_errors=True)
        if args.keep:
            if created or args.reuse:
                print(f"database kept: {name} (reuse it with --reuse {name})")
        elif created or args.reuse:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            print(f"dropped database {name}")


def _libpq(url: str) -> str:
    """The libpq URL of a SQLAlchemy ``postgresql+psycopg://`` URL, for psycopg itself."""
    return re.sub(r"^postgresql\+\w+://", "postgresql://", url)


def _revision() -> str:
    return str(db.session.execute(text("SELECT version_num FROM alembic_version")).scalar())


def _comment(admin: str, name: str) -> str:
    with psycopg.connect(admin, autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (name,),
        ).fetchone()
    if row is None:
        raise SystemExit(f"no database {name}")
    return str(row[0] or "")


# ---------------------------------------------------------------------------- seeding


@dataclass
class World:
    """The reference rows and users the generated cases point at (ids only)."""

    ministries: dict[str, int]  # abbreviation -> id of the current ministry
    organisations: dict[int, list[tuple[int, str, str]]]  # ministry id -> (id, abbr, kind)
    provinces: dict[str, int]
    masterplans: dict[int, tuple[int, str]]  # province id -> (masterplan id, name)
    ministry_users: dict[int, list[int]]  # ministry id -> the users who file its cases
    advisers: list[int]
    # Current ministry id -> the ministries whose cases it holds (itself and those it
    # succeeded) with their validity: a case is filed under the one valid on that day.
    lineage: dict[int, list[tuple[int, date | None, date | None]]] = field(default_factory=dict)


def seed(app: Flask, url: str, n: int, rng: random.Random) -> str:
    """Migrate, load reference data and users, COPY n cases and their deadlines, VACUUM
    ANALYZE. Returns a one-line description (stored as the database comment)."""
    start = time.perf_counter()
    with app.app_context():
        upgrade()
        loader.load_reference()
        world = _world(demo.load_demo_users())
        db.session.remove()
    migrated = time.perf_counter() - start
    filers = sum(len(found) for found in world.ministry_users.values())
    print(
        f"migrated; reference data, {filers} ministry users and {len(world.advisers)} advisers "
        f"in {migrated:.1f} s"
    )

    start = time.perf_counter()
    with psycopg.connect(url) as conn:
        present = {
            row[0]
            for row in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'cases'"
            )
        }
        # Columns newer than this benchmark, filled as the app fills them where the schema
        # has them: the Archiefwet retention date of a closed case, the search text.
        years = app.config.get("RETENTION_YEARS") if "retain_until" in present else None
        search = getattr(filing, "search_text", None) if "search_text" in present else None
        if "search_text" in present and search is None:
            print("  WARNING: cases.search_text left empty (no filing.search_text to fill it)")
        holder = holder_of if "holder_ministry_id" in present else None
        generator = Generator(world, n, rng, years, search, holder)
        extra = (("retain_until",) if years else ()) + (("search_text",) if search else ())
        extra += ("holder_ministry_id",) if holder else ()
        columns = ", ".join(CASE_COLUMNS + extra)
        chunk = 50_000
        context = app.app_context()  # filing.search_text reads the reference tables
        context.push()
        # Held here so that the session's (weak) identity map keeps them: session.get then
        # answers from memory instead of a SELECT per case.
        reference_rows = [
            *db.session.scalars(select(Organisation)),
            *db.session.scalars(select(Province)),
        ]
        for first in range(1, n + 1, chunk):
            cases, deadlines = generator.chunk(first, min(n, first + chunk - 1))
            with conn.cursor() as cur:
                with cur.copy(f"COPY cases ({columns}) FROM STDIN") as copy:
                    for row in cases:
                        copy.write_row(row)
                with cur.copy(f"COPY deadlines ({', '.join(DEADLINE_COLUMNS)}) FROM STDIN") as copy:
                    for row in deadlines:
                        copy.write_row(row)
            conn.commit()
            done = min(n, first + chunk - 1)
            if done % 200_000 == 0 or done == n:
                print(f"  {done:,} cases copied ({time.perf_counter() - start:.0f} s)", flush=True)
        del reference_rows
        if "case_counts" in db.metadata.tables:  # the kept counts behind the dashboard
            case_counts.recount()
            db.session.commit()
        if "decided_counts" in db.metadata.tables:  # the decided cases' totals (/spreiding)
            decided_totals.recount()
            db.session.commit()
        if "case_holder_id" in db.metadata.tables["deadlines"].c:  # the deadline queues' copies
            case_facts.recopy()
            db.session.commit()
        db.session.remove()
        context.pop()
        for table in ("cases", "deadlines"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO reference_counters (prefix, year, last) VALUES (%s, %s, %s)",
                [(prefix, year, last) for (prefix, year), last in generator.counters.items()],
            )
        conn.commit()
    copied = time.perf_counter() - start
    start = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        row = size.fetchone()
        db_size = str(row[0]) if row else "?"
    vacuumed = time.perf_counter() - start
    stats = generator.stats
    info = (
        f"N={n:,}: {stats['deadlines']:,} deadlines on {stats['with_deadlines']:,} cases, "
        f"{stats['next_due']:,} with next_due_on; {db_size}"
    )
    print(f"seeded {info}")
    print(
        f"  COPY {copied:.0f} s, VACUUM ANALYZE {vacuumed:.0f} s, migrations and users "
        f"{migrated:.0f} s: {migrated + copied + vacuumed:.0f} s in all"
    )
    print(f"  per type: {dict(stats['types'])}")
    print(f"  deadlines per status: {dict(stats['statuses'])}")
    return info


def _world(users: dict[str, User]) -> World:
    ministries = {
        m.abbreviation: m.id
        for m in db.session.scalars(select(Ministry).where(Ministry.valid_to.is_(None)))
    }
    missing = set(MINISTRY_WEIGHTS) - set(ministries)
    if missing:
        raise SystemExit(f"reference data without the ministries {missing}")
    organisations: dict[int, list[tuple[int, str, str]]] = {}
    for org in db.session.scalars(select(Organisation).order_by(Organisation.id)):
        organisations.setdefault(org.ministry_id, []).append((org.id, org.abbreviation, org.kind))
    provinces = {p.name: p.id for p in db.session.scalars(select(Province))}
    masterplans: dict[int, tuple[int, str]] = {}
    for plan in db.session.scalars(select(Masterplan).order_by(Masterplan.id)):
        masterplans.setdefault(plan.province_id, (plan.id, plan.name))
    # Each ministry has FILERS users who file its cases: the demo ministry users are among
    # them for their own ministries. The extra users share one password hash (never used).
    password_hash = hash_password(secrets.token_urlsafe(16))
    demo_filers = {users[key].ministry_id: users[key] for key in (MINISTERIE, MINISTERIE2)}
    filers: dict[int, list[User]] = {}
    for abbreviation, ministry_id in sorted(ministries.items()):
        found = [demo_filers[ministry_id]] if ministry_id in demo_filers else []
        for i in range(len(found), FILERS):
            key, name = f"{abbreviation.lower()}{i}", f"Medewerker {i} {abbreviation}"
            found.append(_user(key, name, ministry_id, password_hash))
        filers[ministry_id] = found
    advisers = [
        _user(f"adviseur{i}", f"Adviseur {i}", None, password_hash) for i in range(1, ADVISERS)
    ]
    db.session.add_all([u for found in filers.values() for u in found] + advisers)
    db.session.commit()
    ministry_users = {m: [u.id for u in found] for m, found in filers.items()}
    held_by = getattr(access, "held_by", lambda ministry_id: {ministry_id})
    validity = {m.id: (m.valid_from, m.valid_to) for m in db.session.scalars(select(Ministry))}
    lineage = {
        current: [(m, *validity[m]) for m in sorted(held_by(current))]
        for current in ministries.values()
    }
    return World(
        ministries,
        organisations,
        provinces,
        masterplans,
        ministry_users,
        [users[ADVISEUR].id, *(a.id for a in advisers)],
        lineage,
    )


def _user(key: str, name: str, ministry_id: int | None, password_hash: str) -> User:
    return User(
        email=f"{key}@bench.caseflow.nl",
        name=name,
        role=MINISTERIE if ministry_id else ADVISEUR,
        password_hash=password_hash,
        session_token=new_generation(),
        ministry_id=ministry_id,
    )


def _add_working_days(day: date, days: int) -> date:
    """Weekdays only (holidays left out: close enough for dates in a benchmark)."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    weeks, rest = divmod(days, 5)
    day += timedelta(weeks=weeks)
    for _ in range(rest):
        day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
    return day


def _retain_until(closed: datetime, years: int) -> date:
    """The Archiefwet rule of the app: the local closing day plus whole years."""
    return retain_until(to_local(closed).date(), years)


class Generator:
    """Cases in id order, created evenly over YEARS years up to now, with their deadlines.

    Recent cases are mostly open and old ones mostly closed; every case in a state where a
    deadline runs has it (running, or paused while information is asked for), and cases
    further on have the earlier ones completed. Cases from the first year predate deadline
    tracking and have none unless they are still open: that leaves about a third of the
    cases without any deadline.
    """

    def __init__(
        self,
        world: World,
        n: int,
        rng: random.Random,
        retention_years: int | None = None,
        search_text: Callable[[Any], str] | None = None,
        holder_of: Callable[[int], int] | None = None,
    ) -> None:
        self.world = world
        self.retention_years = retention_years
        self.search_text = search_text
        self.holder_of = holder_of
        self.rng = rng
        self.now = datetime.now(UTC).replace(tzinfo=None)
        self.today = self.now.date()
        self.start = self.now - timedelta(days=365 * YEARS)
        self.step = (self.now - self.start) / n
        self.tracking_from = self.start + timedelta(days=365)
        self.definitions = {code: workflows.latest(code) for code in workflows.CASE_TYPES}
        for code, definition in self.definitions.items():
            states = {s.code for s in definition.states}
            table = ZBO_DEADLINES_IN if definition.talk_track else DEADLINES_IN
            if not states <= set(table):
                raise SystemExit(f"{code}: states {states - set(table)} have no deadlines here")
        # The open states each case type has (the early consultation is the size change's).
        self.open_states = {
            code: {s: w for s, w in OPEN_STATES.items() if s in {x.code for x in d.states}}
            for code, d in self.definitions.items()
        }
        self.policies = {
            (code, p.kind): p for code, d in self.definitions.items() for p in d.deadlines
        }
        self.ministry_ids = [world.ministries[a] for a in MINISTRY_WEIGHTS]
        self.ministry_weights = list(MINISTRY_WEIGHTS.values())
        self.types, self.type_weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
        self.places = [(p, world.provinces[prov], prov) for p, prov, _ in PLACES]
        self.place_weights = [w for _, _, w in PLACES]
        self.outside = [p for p in self.places if p[2] not in RANDSTAD]
        self.counters: Counter[tuple[str, int]] = Counter()
        self.deadline_id = 0
        self.stats: dict[str, Any] = {
            "types": Counter(),
            "statuses": Counter(),
            "deadlines": 0,
            "with_deadlines": 0,
            "next_due": 0,
        }

    def chunk(self, first: int, last: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        cases: list[tuple[Any, ...]] = []
        deadlines: list[tuple[Any, ...]] = []
        for case_id in range(first, last + 1):
            case, rows = self.case(case_id)
            cases.append(case)
            deadlines.extend(rows)
        return cases, deadlines

    def _pick(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def case(self, case_id: int) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
        rng, world = self.rng, self.world
        created = self.start + self.step * (case_id - 1) + self.step * rng.random()
        created = min(created, self.now)
        age = (self.now - created).days
        code = rng.choices(self.types, self.type_weights)[0]
        definition = self.definitions[code]
        zbo = definition.talk_track
        open_chance = 0.85 if age < 120 else 0.25 if age < 365 else 0.04
        is_open = rng.random() < open_chance
        if zbo:
            state = self._pick(ZBO_OPEN_STATES if is_open else ZBO_FINAL_STATES)
        else:
            state = self._pick(self.open_states[code] if is_open else FINAL_STATES)
        if is_open:
            recent = max(created, self.now - timedelta(days=90))
            updated = recent + (self.now - recent) * rng.random()
            closed = None
        else:
            closed = min(self.now, created + timedelta(days=rng.uniform(5, 250)))
            updated = closed

        line = rng.choices(self.ministry_ids, self.ministry_weights)[0]  # a current ministry
        day = created.date()
        filed_under = [
            m
            for m, since, until in world.lineage.get(line, ())
            if (since is None or since <= day) and (until is None or day < until)
        ]
        ministry_id = rng.choice(filed_under) if filed_under else line
        organisations = world.organisations.get(line, [])
        if zbo:
            organisations = [o for o in organisations if o[2] == "zbo"] or organisations
        organisation = rng.choice(organisations) if organisations else None
        unit = rng.choice(UNITS)
        place, province_id, _ = rng.choices(self.places, self.place_weights)[0]
        to_place, to_province_id, to_province = rng.choice(self.outside)
        title, masterplan_id = self._title(code, organisation, unit, place, to_place, to_province)
        fields: dict[str, Any] = {
            "organisation_id": None,
            "unit_name": "",
            "fte_current": None,
            "fte_change": None,
            "current_province_id": None,
            "current_place": "",
            "proposed_province_id": None,
            "proposed_place": "",
            "labour_market_scan": "",
            "masterplan_id": masterplan_id,
            "talk_date": None,
        }
        if code == "omvangswijziging":
            moves = rng.random() < 0.6
            fields.update(
                organisation_id=organisation[0] if organisation else None,
                unit_name="" if organisation else unit,
                fte_current=rng.randint(50, 6000),
                fte_change=rng.randint(-200, 400),
                current_province_id=province_id,
                current_place=place,
                proposed_province_id=to_province_id if moves else None,
                proposed_place=to_place if moves else "",
                labour_market_scan=rng.choice(SCANS),
            )
        elif code in ("nieuwe_dienst", "masterplan"):
            fields.update(
                unit_name=unit,
                fte_change=rng.randint(20, 300),
                proposed_province_id=to_province_id,
                proposed_place=to_place,
                labour_market_scan=rng.choice(SCANS) if code == "nieuwe_dienst" else "",
            )
        else:
            fields.update(
                organisation_id=organisation[0] if organisation else None,
                unit_name="" if organisation else unit,
                current_province_id=province_id,
                current_place=place,
                talk_date=created.date() + timedelta(days=rng.randint(5, 60)),
            )

        deadlines = self._deadlines(case_id, code, state, created, updated)
        open_due = [d[7] for d in deadlines if d[8] in (RUNNING, PAUSED)]
        next_due_on = min(open_due, default=None)
        self.stats["types"][code] += 1
        self.stats["deadlines"] += len(deadlines)
        self.stats["with_deadlines"] += bool(deadlines)
        self.stats["next_due"] += next_due_on is not None

        year = created.year
        self.counters[(definition.reference_prefix, year)] += 1
        reference = (
            f"{definition.reference_prefix}-{year}-"
            f"{self.counters[(definition.reference_prefix, year)]:04d}"
        )
        early = state in ("concept", "ingediend", "gepland") and not zbo
        assignee = None if early else rng.choice(world.advisers)
        creator = rng.choice(world.ministry_users[line])
        if zbo and rng.random() < 0.5:
            creator = rng.choice(world.advisers)
        final = state in definition.final_states
        outcome = state if final else ""
        agreed = final and state == "afgerond" and not zbo and fields["proposed_place"]
        rank = [s.code for s in definition.states].index(state)
        case = (
            case_id,
            reference,
            code,
            definition.version,
            state,
            title,
            ministry_id,
            fields["organisation_id"],
            fields["unit_name"],
            fields["fte_current"],
            fields["fte_change"],
            fields["current_province_id"],
            fields["current_place"],
            fields["proposed_province_id"],
            fields["proposed_place"],
            rng.choice(MOTIVATIONS) if not zbo else "",
            fields["labour_market_scan"],
            "",
            fields["masterplan_id"],
            rng.random() < 0.05,
            fields["talk_date"],
            "",
            "",
            assignee,
            not zbo and rank >= 3,
            outcome,
            fields["proposed_province_id"] if agreed else None,
            fields["proposed_place"] if agreed else "",
            None,
            False,
            creator,
            created,
            updated,
            closed,
            next_due_on,
            2 + rank + rng.randint(0, 3),
        )
        if self.retention_years:
            case += (_retain_until(closed, self.retention_years) if closed else None,)
        if self.search_text:
            names = ("reference", "title", "organisation_id", "unit_name", "current_province_id")
            names += ("current_place", "proposed_province_id", "proposed_place")
            values = (reference, title, fields["organisation_id"], fields["unit_name"])
            values += (fields["current_province_id"], fields["current_place"])
            values += (fields["proposed_province_id"], fields["proposed_place"])
            case += (self.search_text(SimpleNamespace(**dict(zip(names, values, strict=True)))),)
        if self.holder_of:  # the ministry holding the case now (access.holder_of)
            case += (self.holder_of(ministry_id),)
        return case, deadlines

    def _title(
        self,
        code: str,
        organisation: tuple[int, str, str] | None,
        unit: str,
        place: str,
        to_place: str,
        to_province: str,
    ) -> tuple[str, int | None]:
        """Titles repeat a lot (a few thousand distinct ones): as in real lists."""
        who = organisation[1] if organisation else unit
        if code == "omvangswijziging":
            return f"{self.rng.choice(CHANGES)} {who} {place}", None
        if code == "nieuwe_dienst":
            return f"Nieuwe vestiging {unit} {to_place}", None
        if code == "masterplan":
            plan_id, plan = self.world.masterplans[self.world.provinces[to_province]]
            return f"{plan}: {unit} {to_place}", plan_id
        return f"Zbo-gesprek {who} {self.rng.choice(('voorjaar', 'najaar'))}", None

    def _deadlines(
        self,
        case_id: int,
        code: str,
        state: str,
        created: datetime,
        updated: datetime,
    ) -> list[tuple[Any, ...]]:
        rng = self.rng
        talk = self.definitions[code].talk_track
        plan = list((ZBO_DEADLINES_IN if talk else DEADLINES_IN)[state])
        if state == "aanvulling_gevraagd":  # intake or advice asked for more: paused
            plan = [("intake", PAUSED)] if rng.random() < 0.5 else [("intake", DONE)]
            plan += [] if plan[0][1] == PAUSED else [("advies", PAUSED)]
        if state == "ingetrokken" and rng.random() < 0.5:
            plan = []
        open_part = [p for p in plan if p[1] != DONE]
        if created < self.tracking_from:
            plan = open_part  # before deadline tracking: only what still runs has a row
        rows: list[tuple[Any, ...]] = []
        day = created.date()
        last_day = updated.date()
        for kind, status in plan:
            policy = self.policies[(code, kind)]
            if status == DONE:
                started = day
                due = _add_working_days(started, policy.working_days)
                completed = min(
                    last_day, started + timedelta(days=rng.randint(1, policy.working_days * 2))
                )
                completed = max(completed, started)
                day = completed
                paused_on, remaining, met = None, None, completed <= due
            else:
                span = policy.working_days * 7 // 5  # in calendar days
                if rng.random() < OVERDUE_SHARE:
                    due = self.today - timedelta(days=rng.randint(1, 30))
                else:
                    due = self.today + timedelta(days=rng.randint(0, span))
                started = due - timedelta(days=span)
                if started <= day:  # a young case: its term started with it
                    started = day
                    due = _add_working_days(started, policy.working_days)
                while due.weekday() >= 5:
                    due += timedelta(days=1)
                completed, met = None, None
                paused_on = last_day if status == PAUSED else None
                remaining = rng.randint(1, policy.working_days) if status == PAUSED else None
            self.deadline_id += 1
            self.stats["statuses"][status] += 1
            rows.append(
                (
                    self.deadline_id,
                    case_id,
                    kind,
                    policy.label,
                    policy.responsible_role,
                    started,
                    policy.working_days,
                    due,
                    status,
                    paused_on,
                    remaining,
                    completed,
                    met,
                )
            )
        return rows


# ---------------------------------------------------------------------------- measuring


@dataclass
class Statement:
    sql: str
    parameters: Any
    seconds: float

    @property
    def kind(self) -> str:
        flat = " ".join(self.sql.split()).lower()
        if flat.startswith("select count(*)"):
            return "count"
        if "group by" in flat:
            return "group"
        if "from cases" not in flat and "from deadlines" in flat:
            return "deadlines"
        if " limit " in flat:
            return "page"
        return "other"


class Recorder:
    """Every statement the app sends while active, with its time on the wire."""

    def __init__(self, engine: Engine) -> None:
        self.active = False
        self.statements: list[Statement] = []
        self._started = 0.0
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, *_: Any) -> None:
        self._started = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        if self.active:
            self.statements.append(Statement(sql, parameters, time.perf_counter() - self._started))

    def begin(self) -> None:
        self.statements = []
        self.active = True

    def end(self) -> list[Statement]:
        self.active = False
        return self.statements


@dataclass
class Access:
    """How one statement read the tables, from EXPLAIN (ANALYZE, FORMAT JSON)."""

    kind: str
    paths: list[str]  # e.g. "cases: Index Scan ix_cases_title_id (26 rows)"
    flags: list[str]
    text: str = ""  # the text plan, for flagged statements with --plans


@dataclass
class Result:
    user: str
    call: str
    seconds: list[float]
    per_kind: dict[str, list[float]]
    accesses: list[Access] = field(default_factory=list)
    note: str = ""

    @property
    def flagged(self) -> bool:
        return any(a.flags for a in self.accesses)


def _ms(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank
    return statistics.median(ordered) * 1000, p95 * 1000


@dataclass(frozen=True)
class Call:
    user: str
    name: str
    run: Callable[[User], Any]
    expect_ids: list[int] | None = None  # a deep page must show exactly these


# The demo users whose lists are timed: the JenV user (JenV holds AenM's cases as its
# successor, so its lists filter on two ministries), the OCW user (one ministry) and an
# adviser (every case, as the coordinator).
LIST_USERS = (MINISTERIE, MINISTERIE2, ADVISEUR)


def run_benchmark(reps: int, warmup: int) -> list[Result]:
    users = {
        key: db.session.scalars(select(User).where(User.email == demo.demo_email(key))).one()
        for key in (*LIST_USERS, COORDINATOR, SECRETARIAAT)
    }
    user_ids = {key: user.id for key, user in users.items()}
    total = db.session.scalar(select(func.count()).select_from(Case)) or 0
    deadlines = db.session.scalar(select(func.count()).select_from(Deadline)) or 0
    print(f"\n{total:,} cases, {deadlines:,} deadlines")
    for key in LIST_USERS:
        visible = select(func.count()).select_from(Case).where(visible_to(users[key]))
        print(f"  {key} ({users[key].email}) sees {db.session.scalar(visible):,} cases")
    calls: list[Call] = []
    for key in LIST_USERS:
        calls += _list_calls(key, users[key])
    calls += _filter_calls(users)
    for key in (MINISTERIE, ADVISEUR, COORDINATOR, SECRETARIAAT):
        calls.append(Call(key, "overview (dashboard)", dashboard.dashboard))
        calls.append(Call(key, "queue_counts", queries.queue_counts))
    db.session.remove()

    recorder = Recorder(db.engine)
    results = []
    print(f"timing {len(calls)} calls, {warmup} warm-ups + {reps} runs each ...", flush=True)
    for call in calls:
        results.append(_measure(call, user_ids[call.user], recorder, reps, warmup))
    return results


def _list_calls(key: str, user: User) -> list[Call]:
    """Every sort both ways, first page and a page from the middle of the list."""
    calls = []
    sorts = [Sort("", True), Sort("", False)]
    sorts += [Sort(column, desc) for column in SORT_COLUMNS for desc in (False, True)]
    for sort in sorts:
        label = f"{sort.column or 'default'} {sort.direction}"
        calls.append(Call(key, f"{label}, first page", _listing(CaseFilter(), sort, None)))
        parts = ["valued", "empty"] if sort.column in EMPTY_LAST else [""]
        for part in parts:
            cursor, expected, depth = _middle(user, sort, part)
            if cursor is None:
                continue
            where = f"{part} part, " if part else ""
            calls.append(
                Call(
                    key,
                    f"{label}, deep page ({where}row {depth:,})",
                    _listing(CaseFilter(), sort, cursor),
                    expected,
                )
            )
    return calls


def _middle(user: User, sort: Sort, part: str) -> tuple[str | None, list[int], int]:
    """A cursor on the row in the middle of the user's list (of one part of it, for a
    column whose empty rows come last) and the ids the page after it must show, read
    with OFFSET."""
    key = case_sort.sort_key(sort)
    base = select(key, Case.id).where(visible_to(user))
    if part == "valued":
        base = base.where(key.is_not(None))
    elif part == "empty":
        base = base.where(key.is_(None))
    rows_in_part = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    if rows_in_part < 2 * (PAGE_SIZE + 1):
        return None, [], 0
    middle = rows_in_part // 2
    ordered = queries.ordered(base, sort, empty_last=not part)
    rows = db.session.execute(ordered.offset(middle).limit(PAGE_SIZE + 1)).all()
    value, last_id = rows[0]
    depth = middle + 1
    if part == "empty":  # after all the rows with a value
        depth += (
            db.session.scalar(
                select(func.count()).select_from(Case).where(visible_to(user), key.is_not(None))
            )
            or 0
        )
    return case_sort.encode_cursor(sort, value, last_id), [r[1] for r in rows[1:]], depth


def _listing(
    f: CaseFilter, sort: Sort = queries.NEWEST, cursor: str | None = None
) -> Callable[[User], Any]:
    def run(user: User) -> Any:
        return queries.listing(user, f, sort, cursor, PAGE_SIZE)

    return run


def _filter_calls(users: dict[str, User]) -> list[Call]:
    zuid_holland = db.session.scalars(select(Province.id).where(Province.name == "Zuid-Holland"))
    province = zuid_holland.one()
    some_reference = db.session.scalars(
        select(Case.reference).where(visible_to(users[MINISTERIE])).order_by(Case.id).limit(1)
    ).one()
    combined = CaseFilter(
        case_type="omvangswijziging", state="in_behandeling", province_id=province
    )
    calls = []
    for key in (MINISTERIE, ADVISEUR):
        calls += [
            Call(key, 'search q="IND"', _listing(CaseFilter(q="IND"))),
            Call(
                key,
                f'search q="{some_reference}" (a reference)',
                _listing(CaseFilter(q=some_reference)),
            ),
            Call(key, "filter type+state+province", _listing(combined)),
            Call(key, "queue te_doen (list)", _listing(CaseFilter(queue=queries.TE_DOEN))),
            Call(key, "queue verlopen (list)", _listing(CaseFilter(queue=queries.VERLOPEN))),
        ]
    return calls


def _measure(call: Call, user_id: int, recorder: Recorder, reps: int, warmup: int) -> Result:
    seconds: list[float] = []
    per_kind: dict[str, list[float]] = {}
    note = ""
    for run in range(warmup + reps):
        user = db.session.get(User, user_id)  # as the login does, before the view runs
        assert user is not None
        recorder.begin()
        started = time.perf_counter()
        outcome = call.run(user)
        elapsed = time.perf_counter() - started
        statements = recorder.end()
        if run == 0 and call.expect_ids is not None:
            shown = [c.id for c in outcome.page.cases]
            note = "deep page = OFFSET rows" if shown == call.expect_ids else "DEEP PAGE WRONG"
        db.session.remove()
        if run < warmup:
            continue
        seconds.append(elapsed)
        totals: Counter[str] = Counter()
        for statement in statements:
            totals[statement.kind] += statement.seconds
        for kind, spent in totals.items():
            per_kind.setdefault(kind, []).append(spent)
    result = Result(call.user, call.name, seconds, per_kind, note=note)
    # One more run to capture the SQL, then EXPLAIN ANALYZE each statement as sent.
    user = db.session.get(User, user_id)
    assert user is not None
    recorder.begin()
    call.run(user)
    statements = recorder.end()
    result.accesses = [_explain(s) for s in statements]
    db.session.remove()
    median = _ms(seconds)[0]
    flag = "  FLAGGED" if result.flagged else ""
    print(f"  {call.user:<12} {call.name:<50} {median:9.1f} ms{flag}", flush=True)
    return result


def _explain(statement: Statement) -> Access:
    conn = db.session.connection()
    prefix = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) "
    raw = conn.exec_driver_sql(prefix + statement.sql, statement.parameters).scalar()
    plan = (raw if isinstance(raw, list) else json.loads(raw))[0]["Plan"]
    access = Access(statement.kind, [], [])
    read: Counter[str] = Counter()
    for node in _nodes(plan):
        table = node.get("Relation Name") or _index_table(node.get("Index Name", ""))
        loops = node.get("Actual Loops", 1)
        node_type = node["Node Type"]
        if node_type == "Sort":
            child = node["Plans"][0]
            rows = int(child["Actual Rows"] * child.get("Actual Loops", 1))
            if rows > BIG_SORT:
                access.flags.append(f"SORT of {rows:,} rows")
            continue
        if not table or node_type == "Bitmap Index Scan":
            if node_type == "Bitmap Index Scan" and table:
                access.paths.append(f"{table}: bitmap {node['Index Name']}")
            continue
        rows = int(
            (
                node["Actual Rows"]
                + node.get("Rows Removed by Filter", 0)
                + node.get("Rows Removed by Index Recheck", 0)
            )
            * loops
        )
        read[table] += rows
        index = f" {node['Index Name']}" if node.get("Index Name") else ""
        access.paths.append(f"{table}: {node_type}{index} ({rows:,} rows)")
        if "Seq Scan" in node_type and (table in BIG_TABLES or rows > MANY_ROWS):
            access.flags.append(f"SEQ SCAN on {table} ({rows:,} rows)")
    for table, rows in read.items():
        if rows > MANY_ROWS and not any(f"SEQ SCAN on {table}" in f for f in access.flags):
            access.flags.append(f"reads {rows:,} rows of {table}")
    if access.flags:
        lines = conn.exec_driver_sql(
            "EXPLAIN (ANALYZE, BUFFERS) " + statement.sql, statement.parameters
        )
        access.text = "\n".join(row[0] for row in lines)
        sql = " ".join(statement.sql.split())
        if sql.startswith("SELECT cases.id, cases.reference"):  # the whole Case row
            sql = "SELECT cases.*, … " + sql[sql.index(" FROM ") + 1 :]
        access.text = f"{sql}\n{access.text}"
    return access


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


_INDEX_TABLES: dict[str, str] = {}


def _index_table(index: str) -> str:
    if not index:
        return ""
    if not _INDEX_TABLES:
        rows = db.session.connection().exec_driver_sql(
            "SELECT indexname, tablename FROM pg_indexes WHERE schemaname = 'public'"
        )
        _INDEX_TABLES.update((name, table) for name, table in rows)
    return _INDEX_TABLES.get(index, "")


# ---------------------------------------------------------------------------- report


def report(results: list[Result], plans: bool) -> None:
    print()
    header = f"{'user':<12} {'call':<50} {'median':>8} {'p95':>8} {'page':>7} {'count':>7}"
    print(header + "  plan of the page query (cases)")
    print("-" * (len(header) + 34))
    for r in results:
        median, p95 = _ms(r.seconds)
        page = _kind_ms(r, "page")
        count = _kind_ms(r, "count")
        verdict = _page_verdict(r)
        print(f"{r.user:<12} {r.call:<50} {median:8.1f} {p95:8.1f} {page:>7} {count:>7}  {verdict}")
    print("times in ms; page/count: median time of those statements inside the call")

    print(f"\nflagged: statements that read more than {MANY_ROWS:,} rows or scan a big table")
    groups: dict[tuple[str, str, str], list[tuple[Result, Access]]] = {}
    for r in results:
        for a in r.accesses:
            if a.flags:
                groups.setdefault((r.user, a.kind, "; ".join(a.flags)), []).append((r, a))
    for (user, kind, flags), found in groups.items():
        names = [r.call for r, _ in found]
        shown = "; ".join(names[:3]) + (f"; and {len(names) - 3} more" if len(names) > 3 else "")
        print(f"  {user:<12} {kind:<6} {flags}\n  {'':<12} {'':<6} in {len(names)}: {shown}")
    wrong = [r for r in results if r.note == "DEEP PAGE WRONG"]
    checked = [r for r in results if r.note]
    right = len(checked) - len(wrong)
    print(f"\ndeep pages checked against the OFFSET rows: {right} of {len(checked)} right")
    for r in wrong:
        print(f"  WRONG: {r.user} {r.call}")
    if plans:
        print("\nEXPLAIN (ANALYZE, BUFFERS) of the flagged statements, one per group above:")
        for (user, kind, _), found in groups.items():
            r, a = found[0]
            print(f"\n--- {user} / {r.call} / {kind}\n{a.text}")


def _kind_ms(result: Result, kind: str) -> str:
    values = result.per_kind.get(kind)
    return f"{statistics.median(values) * 1000:.1f}" if values else "-"


def _page_verdict(result: Result) -> str:
    pages = [a for a in result.accesses if a.kind == "page"]
    if not pages:
        return ""
    verdicts = []
    for a in pages:
        on_cases = [p.removeprefix("cases: ") for p in a.paths if p.startswith("cases: ")]
        state = "SCAN" if a.flags else "index"
        verdicts.append(f"{state}: {', '.join(on_cases) or '-'}")
    return " + ".join(verdicts)


if __name__ == "__main__":
    sys.exit(main())
