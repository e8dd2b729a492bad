"""The province report (``/provincies/<province>/rapport``): central-government jobs, cases,
talks, signals and places of one province in one year; on screen, as CSV/XLSX and as a
tagged PDF (``services.reporting.province_report``)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, send_file
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import login_required

from caseflow.domain.bounds import parse_year
from caseflow.services.accounts import security_log
from caseflow.services.cases import letters
from caseflow.services.reporting import province_report
from caseflow.web.permissions import requires
from caseflow.web.session import actor
from caseflow.web.talk_forms import FUNCTION_LABELS

bp = Blueprint("province_report", __name__)
FORMATS = ("csv", "xlsx", "pdf")


def _year_arg() -> int | None:
    """The chosen year; none given is the default year, anything but a year a 400."""
    text = request.args.get("jaar", "")
    if not text.strip():
        return None
    year = parse_year(text)
    if year is None:
        abort(400, _("Kies een jaar van vier cijfers, bijvoorbeeld 2025."))
    return year


def _function_labels() -> dict[str, str]:
    """The participants' functions in Dutch, for the downloads (official documents)."""
    with force_locale(letters.DOCUMENT_LOCALE):
        return {code: str(label) for code, label in FUNCTION_LABELS.items()}


def _headers(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}


@bp.get("/provincies/<province>/rapport")
@login_required
@requires("province_report.view")
def report(province: str) -> ResponseReturnValue:
    data = province_report.province_report(actor(), province, _year_arg())
    return render_template(
        "province_report/report.html", data=data, FUNCTION_LABELS=FUNCTION_LABELS
    )


@bp.get("/provincies/<province>/rapport.<fmt>")
@login_required
@requires("province_report.view")
def download(province: str, fmt: str) -> ResponseReturnValue:
    if fmt not in FORMATS:
        return Response(status=404)
    data = province_report.province_report(actor(), province, _year_arg())
    name = province_report.filename(data, fmt)
    security_log.event("export", "ok", actor=actor(), obj=name)
    if fmt == "csv":
        return Response(
            province_report.csv_bytes(data, _function_labels()),
            mimetype=province_report.CSV_MIMETYPE,
            headers=_headers(name),
        )
    if fmt == "xlsx":
        response = send_file(
            province_report.xlsx_file(data, _function_labels()),
            mimetype=province_report.XLSX_MIMETYPE,
            as_attachment=True,
            download_name=name,
        )
        response.headers["Cache-Control"] = "no-store"
        return response
    with force_locale(letters.DOCUMENT_LOCALE):
        html = render_template(
            "province_report/report_pdf.html", data=data, FUNCTION_LABELS=FUNCTION_LABELS
        )
    return Response(letters.render_pdf(html), mimetype=letters.PDF_MIMETYPE, headers=_headers(name))


@bp.app_template_filter("provincie_slug")
def province_slug(name: str) -> str:
    """A province's name as its report's URL names it: 'Fryslân' -> 'fryslan'."""
    return province_report.slug(name)
