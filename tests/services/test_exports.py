"""Export jobs (Mijn downloads): who may ask for the annual overview's Excel file and who may
download it, the file built by the task holding the same rows as the workbook the request
used to build, a user who lost the right, a build that breaks, claims, and expiry."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import select, update

from caseflow import tasks
from caseflow.domain.clock import local_today, utcnow
from caseflow.domain.errors import Conflict, NotAllowed, NotFound
from caseflow.extensions import db
from caseflow.models import ExportJob, MailMessage, Notification, User
from caseflow.services.reporting import annual_overview, exports
from tests.factories import case_in_state

Users = dict[str, User]
ASKING_ROLES = ("adviseur", "coordinator", "secretariaat")


@pytest.fixture
def folder(app: Flask, tmp_path: Path) -> Path:
    app.config["EXPORTS_PATH"] = str(tmp_path / "exports")
    return tmp_path / "exports"


@pytest.fixture
def cases(users: Users) -> dict[str, str]:
    return {
        "busy": case_in_state(users, "omvangswijziging", "in_behandeling").reference,
        "agreed": case_in_state(users, "omvangswijziging", "afgerond").reference,
        "ocw": case_in_state(
            users, "nieuwe_dienst", "ingediend", owner=users["ministerie_ocw"], title="DUO Noord"
        ).reference,
    }


def _ask(user: User, basis: str = "standplaats") -> ExportJob:
    job, new = exports.request_annual_xlsx(user, None, local_today(), basis)
    assert new
    return job


def _job(job_id: int) -> ExportJob:
    db.session.expire_all()
    job = db.session.get(ExportJob, job_id)
    assert job is not None
    return job


def _sheets(handle: Any) -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(handle, read_only=True)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


@pytest.mark.parametrize("role", [*ASKING_ROLES, "ministerie", "beheerder"])
def test_who_may_ask(users: Users, folder: Path, role: str) -> None:
    if role in ASKING_ROLES:
        job = _ask(users[role])
        assert (job.status, job.year, job.user_id) == (
            "wachtend",
            local_today().year,
            users[role].id,
        )
        assert job.expires_at - job.requested_at == timedelta(days=7)
    else:
        with pytest.raises(NotAllowed):
            exports.request_annual_xlsx(users[role], None, None, None)
        assert db.session.scalars(select(ExportJob)).all() == []


def test_the_task_builds_the_same_workbook_as_the_request_did(
    users: Users, cases: dict[str, str], folder: Path
) -> None:
    coordinator = users["coordinator"]
    job = _ask(coordinator)
    assert tasks.build_exports() == {"exports": 1}
    assert tasks.build_exports() == {"exports": 0}  # built once
    done = _job(job.id)
    assert done.status == "klaar" and done.error == "" and done.finished_at is not None
    assert done.filename == f"jaaroverzicht-{local_today().year}-peildatum-{local_today()}.xlsx"
    path = folder / f"{done.file_key}.xlsx"
    assert done.size == path.stat().st_size > 0

    built = _sheets(path)
    data = annual_overview.annual_overview(coordinator, None, local_today())
    with annual_overview.xlsx_file(data) as handle:
        inline = _sheets(io.BytesIO(handle.read()))
    assert built == inline
    # And by hand: the ongoing list holds the two filed cases, the decided one the agreed.
    assert sorted(r[1] for r in built["Lopende zaken"][2:]) == sorted([cases["busy"], cases["ocw"]])
    assert [r[1] for r in built["Besloten zaken"][2:]] == [cases["agreed"]]

    # The user is told, with a link to Mijn downloads.
    note = db.session.scalars(select(Notification).where(Notification.user_id == coordinator.id))
    texts = [n.text for n in note]
    assert any("staat klaar" in t for t in texts), texts
    mail = db.session.scalars(
        select(MailMessage).where(MailMessage.key == f"export:{done.file_key}:u{coordinator.id}")
    ).one()
    assert "/downloads" in mail.body


def test_download_only_by_its_owner(users: Users, cases: dict[str, str], folder: Path) -> None:
    job = _ask(users["adviseur"])
    with pytest.raises(NotFound):  # not built yet
        exports.download(users["adviseur"], job.id)
    exports.build_pending()
    found = exports.download(users["adviseur"], job.id)
    assert found.path.is_file() and found.filename.endswith(".xlsx")
    for other in ("adviseur2", "coordinator", "secretariaat", "ministerie", "beheerder"):
        with pytest.raises(NotFound):
            exports.download(users[other], job.id)
    with pytest.raises(NotFound):
        exports.download(users["adviseur"], job.id + 1000)
    # The list is the user's own.
    assert [j.id for j in exports.jobs_for(users["adviseur"])] == [job.id]
    assert exports.jobs_for(users["adviseur2"]) == []
    # An owner who has since lost the right to the annual overview gets nothing.
    db.session.execute(update(User).where(User.id == users["adviseur"].id).values(role="beheerder"))
    db.session.commit()
    with pytest.raises(NotAllowed):
        exports.download(users["adviseur"], job.id)


def test_a_user_who_lost_the_right_gets_a_failed_job_with_the_reason(
    users: Users, cases: dict[str, str], folder: Path
) -> None:
    adviser = users["adviseur"]
    job = _ask(adviser)
    db.session.execute(update(User).where(User.id == adviser.id).values(role="beheerder"))
    db.session.commit()
    assert exports.build_pending() == 1
    failed = _job(job.id)
    assert failed.status == "mislukt"
    assert failed.error.startswith("U heeft geen recht meer op het jaaroverzicht")
    assert not list(folder.glob("*.xlsx"))
    texts = db.session.scalars(select(Notification.text).where(Notification.user_id == adviser.id))
    assert any("kon niet worden gemaakt" in t for t in texts)


def test_a_build_that_breaks_fails_with_a_dutch_message(
    users: Users, cases: dict[str, str], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(data: object, target: object) -> None:
        raise OSError("schijf vol")

    monkeypatch.setattr(annual_overview, "write_xlsx", broken)
    job = _ask(users["secretariaat"])
    assert exports.build_pending() == 1
    failed = _job(job.id)
    assert (failed.status, failed.error) == ("mislukt", exports.BROKEN)
    assert "schijf vol" not in failed.error
    with pytest.raises(NotFound):
        exports.download(users["secretariaat"], job.id)


def test_the_same_file_is_not_asked_twice_and_open_jobs_are_limited(
    users: Users, folder: Path
) -> None:
    coordinator = users["coordinator"]
    first = _ask(coordinator)
    again, new = exports.request_annual_xlsx(coordinator, None, local_today(), "standplaats")
    assert (again.id, new) == (first.id, False)
    _ask(coordinator, "tewerkstelling")
    exports.request_annual_xlsx(coordinator, 2025, None, None)
    with pytest.raises(Conflict):
        exports.request_annual_xlsx(coordinator, 2024, None, None)
    # Another user's jobs do not count against this one.
    _ask(users["adviseur"])
    # Once built, the user may ask again.
    assert exports.build_pending(limit=10) == 4
    assert exports.request_annual_xlsx(coordinator, 2024, None, None)[1]


def test_a_claim_of_a_builder_that_died_is_taken_again_and_then_given_up(
    app: Flask, users: Users, cases: dict[str, str], folder: Path
) -> None:
    job = _ask(users["coordinator"])
    long_ago = utcnow() - timedelta(seconds=app.config["TASK_TIME_LIMIT_SECONDS"] + 60)
    recent = utcnow() - timedelta(seconds=60)
    claim = update(ExportJob).where(ExportJob.id == job.id)
    db.session.execute(claim.values(status="bezig", claimed_at=recent, attempts=1))
    db.session.commit()
    assert exports.build_pending() == 0  # still being built by someone
    db.session.execute(claim.values(claimed_at=long_ago))
    db.session.commit()
    assert exports.build_pending() == 1
    assert (_job(job.id).status, _job(job.id).attempts) == ("klaar", 2)

    stuck = _ask(users["adviseur"])
    db.session.execute(
        update(ExportJob)
        .where(ExportJob.id == stuck.id)
        .values(status="bezig", claimed_at=long_ago, attempts=exports.MAX_ATTEMPTS)
    )
    db.session.commit()
    assert exports.build_pending() == 0
    assert (_job(stuck.id).status, _job(stuck.id).error) == ("mislukt", exports.ABANDONED)


def test_jobs_and_files_expire(
    app: Flask, users: Users, cases: dict[str, str], folder: Path
) -> None:
    old, fresh = _ask(users["coordinator"]).id, _ask(users["adviseur"]).id
    exports.build_pending(limit=5)
    old_file = folder / f"{_job(old).file_key}.xlsx"
    fresh_file = folder / f"{_job(fresh).file_key}.xlsx"
    assert old_file.is_file() and fresh_file.is_file()
    # Ready means available for seven days from then.
    finished_at = _job(old).finished_at
    assert finished_at is not None
    assert _job(old).expires_at - finished_at == timedelta(days=7)
    db.session.execute(
        update(ExportJob)
        .where(ExportJob.id == old)
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    assert [j.id for j in exports.jobs_for(users["coordinator"])] == []  # not listed
    assert tasks.expire_exports() == {"expired": 1}
    assert db.session.get(ExportJob, old) is None and not old_file.exists()
    assert _job(fresh).status == "klaar" and fresh_file.is_file()
    assert tasks.expire_exports() == {"expired": 0}


def test_beat_builds_and_expires_exports(app: Flask) -> None:
    celery = app.extensions["celery"]
    build = celery.conf.beat_schedule["export-build"]
    expiry = celery.conf.beat_schedule["export-expiry"]
    assert build["task"] == "caseflow.tasks.build_exports"
    assert build["schedule"] == float(app.config["EXPORT_SCAN_SECONDS"])
    assert expiry["task"] == "caseflow.tasks.expire_exports"
    assert {build["task"], expiry["task"]} <= set(celery.tasks)
