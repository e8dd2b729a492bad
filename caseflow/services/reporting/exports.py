"""Export jobs ("Mijn downloads"): the annual overview's full Excel file, built by a
background task instead of inside the web request (at a million cases it takes longer than
a request may last).

The request writes an ``ExportJob`` row in its own transaction and never talks to the
broker: the row is the outbox. The periodic ``build_exports`` task (every
EXPORT_SCAN_SECONDS) claims waiting jobs (status and claim time committed before the build,
``FOR UPDATE SKIP LOCKED`` on PostgreSQL), builds each as the user who asked, with that
user's current role and need-to-know checked again, writes the file under EXPORTS_PATH and
tells the user (a notification and an e-mail). A builder that dies leaves a claim that is
taken again after the task time limit; after MAX_ATTEMPTS claims the job fails. The same job
built twice writes the same file (its name is fixed when the job is made).

A file is downloaded only by its owner (anybody else: 404) while the owner still holds the
right to the annual overview. Jobs and their files are removed EXPORT_KEEP_DAYS after they
were asked for or finished (the ``expire_exports`` task, hourly).
"""

from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from flask import current_app
from sqlalchemy import ColumnElement, delete, or_, select, update

from caseflow.domain.clock import utcnow
from caseflow.domain.dutch import dutch_date
from caseflow.domain.errors import Conflict, NotAllowed, NotFound
from caseflow.domain.place_of_work import BASES, parse_basis
from caseflow.extensions import db
from caseflow.models import ExportJob, User
from caseflow.models.export_job import ANNUAL_XLSX, BUILDING, FAILED, READY, WAITING
from caseflow.services import permissions
from caseflow.services.messaging import notifications
from caseflow.services.reporting import annual_overview
from caseflow.services.unit_of_work import transaction

__all__ = ["BUILDING", "FAILED", "READY", "WAITING"]

MAX_ATTEMPTS = 3
LIST_SIZE = 50  # the jobs a user's page shows (newest first; they expire within a week)
DOWNLOADS_PATH = "/downloads"
TOO_MANY = (
    "U heeft al {n} bestanden die gemaakt worden. Wacht tot er een klaar is en vraag het "
    "daarna opnieuw aan."
)
LOST_RIGHT = "U heeft geen recht meer op het jaaroverzicht, dus is het bestand niet gemaakt. "
TOO_LONG = "Het maken van het bestand duurde te lang en is gestopt. Probeer het later opnieuw."
BROKEN = (
    "Het bestand kon door een storing niet worden gemaakt. Probeer het later opnieuw; lukt "
    "het dan weer niet, neem dan contact op met de beheerder."
)
ABANDONED = "Het maken van het bestand is herhaaldelijk afgebroken. Vraag het opnieuw aan."


@dataclass(frozen=True)
class JobLine:
    """One line of "Mijn downloads"."""

    id: int
    year: int
    peildatum: date
    basis_label: str
    status: str
    requested_at: datetime
    finished_at: datetime | None
    size: int | None
    filename: str
    error: str
    expires_at: datetime

    @property
    def ready(self) -> bool:
        return self.status == READY


@dataclass(frozen=True)
class Download:
    path: Path
    filename: str
    mimetype: str


def exports_root() -> Path:
    configured = str(current_app.config.get("EXPORTS_PATH") or "")
    return Path(configured) if configured else Path(current_app.instance_path) / "exports"


def _keep() -> timedelta:
    return timedelta(days=int(current_app.config["EXPORT_KEEP_DAYS"]))


def _path(job: ExportJob) -> Path:
    return exports_root() / f"{job.file_key}.xlsx"


# --- asking -----------------------------------------------------------------------------------


def request_annual_xlsx(
    user: User, year: int | None, peildatum: date | None, basis: str | None
) -> tuple[ExportJob, bool]:
    """A job for the annual overview's Excel file with the screen's parameters; the same
    file already being made is not asked twice. Returns the job and whether it is new."""
    permissions.require(user, "annual_overview.view")
    year, peildatum = annual_overview.period(year, peildatum)
    chosen = parse_basis(basis)
    with transaction():
        open_jobs = list(
            db.session.scalars(
                select(ExportJob).where(
                    ExportJob.user_id == user.id, ExportJob.status.in_((WAITING, BUILDING))
                )
            )
        )
        for job in open_jobs:
            if (job.kind, job.year, job.peildatum, job.basis) == (
                ANNUAL_XLSX,
                year,
                peildatum,
                chosen,
            ):
                return job, False
        limit = int(current_app.config["EXPORT_MAX_OPEN"])
        if len(open_jobs) >= limit:
            raise Conflict(TOO_MANY.format(n=len(open_jobs)))
        now = utcnow()
        job = ExportJob(
            user_id=user.id,
            kind=ANNUAL_XLSX,
            year=year,
            peildatum=peildatum,
            basis=chosen,
            status=WAITING,
            attempts=0,
            requested_at=now,
            file_key=secrets.token_hex(16),
            expires_at=now + _keep(),
        )
        db.session.add(job)
    return job, True


def jobs_for(user: User) -> list[JobLine]:
    """The user's own jobs, newest first (never anybody else's)."""
    permissions.require(user, "export.list")
    query = (
        select(ExportJob)
        .where(ExportJob.user_id == user.id, ExportJob.expires_at > utcnow())
        .order_by(ExportJob.id.desc())
        .limit(LIST_SIZE)
    )
    return [
        JobLine(
            id=job.id,
            year=job.year,
            peildatum=job.peildatum,
            basis_label=BASES[parse_basis(job.basis)],
            status=job.status,
            requested_at=job.requested_at,
            finished_at=job.finished_at,
            size=job.size,
            filename=job.filename,
            error=job.error,
            expires_at=job.expires_at,
        )
        for job in db.session.scalars(query)
    ]


def download(user: User, job_id: int) -> Download:
    """The file of a finished job of the user's own: NotFound for any other job, one not
    ready or expired; NotAllowed when the user no longer holds the right to its content."""
    job = db.session.get(ExportJob, job_id)
    if job is None:
        raise NotFound(permissions.NO_EXPORT)
    permissions.require(user, "export.download", job)
    if job.status != READY or job.expires_at <= utcnow():
        raise NotFound(permissions.NO_EXPORT)
    permissions.require(user, "annual_overview.view")
    path = _path(job)
    if not path.is_file():
        current_app.logger.error("Exportbestand ontbreekt: %s", path.name)
        raise NotFound(permissions.NO_EXPORT)
    return Download(path, job.filename, annual_overview.XLSX_MIMETYPE)


# --- building ---------------------------------------------------------------------------------


def build_pending(limit: int = 3) -> int:
    """Claim and build up to ``limit`` jobs, one at a time; returns how many were finished
    (ready or failed). Safe to run in several workers at once."""
    finished = 0
    for _ in range(limit):
        job_id = _claim()
        if job_id is None:
            break
        _build(job_id)
        finished += 1
    return finished


def _lease() -> datetime:
    # Past the hard task limit the builder's process is gone: its claim may be taken.
    return utcnow() - timedelta(seconds=int(current_app.config["TASK_TIME_LIMIT_SECONDS"]))


def _claimable() -> ColumnElement[bool]:
    stale = (ExportJob.status == BUILDING) & (ExportJob.claimed_at < _lease())
    return or_(ExportJob.status == WAITING, stale & (ExportJob.attempts < MAX_ATTEMPTS))


def _claim() -> int | None:
    """The oldest claimable job, marked as being built and committed before the build."""
    with transaction():
        db.session.execute(
            update(ExportJob)
            .where(
                ExportJob.status == BUILDING,
                ExportJob.claimed_at < _lease(),
                ExportJob.attempts >= MAX_ATTEMPTS,
            )
            .values(status=FAILED, error=ABANDONED, finished_at=utcnow())
        )
        candidates = db.session.scalars(
            select(ExportJob.id)
            .where(_claimable())
            .order_by(ExportJob.id)
            .limit(5)
            .with_for_update(skip_locked=True)
        ).all()
        for job_id in candidates:
            claimed = db.session.execute(
                update(ExportJob)
                .where(ExportJob.id == job_id, _claimable())
                .values(status=BUILDING, claimed_at=utcnow(), attempts=ExportJob.attempts + 1)
            )
            if claimed.rowcount == 1:  # type: ignore[attr-defined]
                return job_id
    return None


def _build(job_id: int) -> None:
    """Build one claimed job as its user and record the outcome in a commit of its own."""
    error, filename, size = "", "", None
    try:
        filename, size = _write(job_id)
    except NotAllowed as exc:
        error = LOST_RIGHT + exc.message
    except SoftTimeLimitExceeded:
        error = TOO_LONG
    except Exception:
        current_app.logger.exception("Exportopdracht %s mislukt", job_id)
        error = BROKEN
    finally:
        db.session.rollback()  # the build only read; end its transaction
    with transaction():
        job = db.session.get(ExportJob, job_id)
        if job is None:
            return
        now = utcnow()
        job.finished_at, job.expires_at = now, now + _keep()
        job.status, job.error = (FAILED, error) if error else (READY, "")
        job.filename, job.size = filename, size
        user = db.session.get(User, job.user_id)
        if user is not None and user.active:
            _tell(user, job)


def _write(job_id: int) -> tuple[str, int]:
    """The workbook as the job's user sees it now, written to the job's file (replaced in
    one step, so a download never reads half a file). Returns its name and size."""
    job = db.session.get(ExportJob, job_id)
    user = db.session.get(User, job.user_id) if job else None
    if job is None or user is None:
        raise NotAllowed("Deze gebruiker bestaat niet meer.")
    if not user.active:
        raise NotAllowed("Uw account is niet meer actief.")
    data = annual_overview.annual_overview(user, job.year, job.peildatum, job.basis)
    target = _path(job)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    with partial.open("wb") as handle:
        annual_overview.write_xlsx(data, handle)
    os.replace(partial, target)
    return annual_overview.filename(data, "xlsx"), target.stat().st_size


def _tell(user: User, job: ExportJob) -> None:
    what = f"Het Excel-bestand van het jaaroverzicht {job.year} (peildatum "
    what += f"{dutch_date(job.peildatum)})"
    if job.status == READY:
        text = f"{what} staat klaar. U kunt het downloaden tot {dutch_date(job.expires_at)}."
        subject = f"[caseflow] Jaaroverzicht {job.year}: Excel-bestand staat klaar"
    else:
        text = f"{what} kon niet worden gemaakt. {job.error}"
        subject = f"[caseflow] Jaaroverzicht {job.year}: Excel-bestand niet gemaakt"
    key = f"export:{job.file_key}"
    notifications.notify_user(user, key, text, subject, (DOWNLOADS_PATH, "Mijn downloads"))


# --- expiry -----------------------------------------------------------------------------------


def expire() -> int:
    """Remove the jobs past their expiry and their files; also any file in the folder no job
    knows that is older than the keeping period (left behind by a crash). Returns how many
    jobs were removed."""
    now = utcnow()
    with transaction():
        gone = list(
            db.session.scalars(select(ExportJob.file_key).where(ExportJob.expires_at <= now))
        )
        db.session.execute(delete(ExportJob).where(ExportJob.expires_at <= now))
    for key in gone:
        (exports_root() / f"{key}.xlsx").unlink(missing_ok=True)
        (exports_root() / f"{key}.part").unlink(missing_ok=True)
    _sweep()
    return len(gone)


def _sweep() -> None:
    root = exports_root()
    if not root.is_dir():
        return
    known = set(db.session.scalars(select(ExportJob.file_key)))
    oldest = time.time() - (_keep() + timedelta(days=1)).total_seconds()
    for path in root.iterdir():
        if path.is_file() and path.stem not in known and path.stat().st_mtime < oldest:
            path.unlink(missing_ok=True)
