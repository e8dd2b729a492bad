"""Mijn downloads: the user's own export jobs with their status, and the finished files."""

from __future__ import annotations

from flask import Blueprint, render_template, send_file
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from caseflow.services.accounts import security_log
from caseflow.services.reporting import exports
from caseflow.web.session import actor

bp = Blueprint("exports", __name__)

STATUS_LABELS = {
    exports.WAITING: _l("Wachtend"),
    exports.BUILDING: _l("Wordt gemaakt"),
    exports.READY: _l("Klaar"),
    exports.FAILED: _l("Mislukt"),
}


@bp.get("/downloads")
@login_required
def downloads() -> ResponseReturnValue:
    jobs = exports.jobs_for(actor())
    return render_template(
        "exports/downloads.html",
        jobs=jobs,
        status_labels=STATUS_LABELS,
        busy=any(not j.ready and not j.error for j in jobs),
    )


@bp.get("/downloads/<int:job_id>")
@login_required
def download(job_id: int) -> ResponseReturnValue:
    found = exports.download(actor(), job_id)
    security_log.event("export", "ok", actor=actor(), obj=found.filename)
    response = send_file(
        found.path,
        mimetype=found.mimetype,
        as_attachment=True,
        download_name=found.filename,
        conditional=False,
        etag=False,
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
