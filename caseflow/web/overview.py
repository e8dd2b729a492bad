"""The annual overview for parliament (summary screen with drill-down, CSV and PDF, the XLSX
as an export job) and advice letters (PDF)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Optional

from caseflow.domain.bounds import DATE_MAX, DATE_MIN, parse_date, parse_id, parse_year
from caseflow.domain.clock import local_today
from caseflow.domain.place_of_work import parse_basis
from caseflow.services.accounts import security_log
from caseflow.services.cases import letters
from caseflow.services.reporting import annual_overview, exports
from caseflow.web.forms import BoundedDateField, BoundedIntegerField
from caseflow.web.session import actor

bp = Blueprint("overview", __name__)
FORMATS = ("csv", "xlsx", "pdf")
KEPT_ARGS = ("jaar", "peildatum", "telling")
XLSX_MOVED = _l(
    "Het Excel-bestand wordt op de achtergrond gemaakt. Kies hieronder 'Excel-bestand maken'; "
    "u vindt het daarna bij Mijn downloads."
)
ASKED = _l(
    "Het Excel-bestand wordt gemaakt. U krijgt een melding als het klaar is; het staat dan "
    "hieronder."
)
ALREADY_ASKED = _l("Dit Excel-bestand wordt al gemaakt. U krijgt een melding als het klaar is.")


def _year_arg() -> int | None:
    return parse_year(request.args.get("jaar"))


def _date_arg() -> date | None:
    return parse_date(request.args.get("peildatum"))


def _basis_arg() -> str:
    return parse_basis(request.args.get("telling"))


def _headers(name: str, inline: bool = False) -> dict[str, str]:
    disposition = "inline" if inline else "attachment"
    return {"Content-Disposition": f'{disposition}; filename="{name}"', "Cache-Control": "no-store"}


@bp.get("/rapportage/jaaroverzicht")
@login_required
def annual() -> ResponseReturnValue:
    data = annual_overview.annual_overview(actor(), _year_arg(), _date_arg(), _basis_arg())
    args = {"jaar": data.year, "peildatum": data.peildatum.isoformat(), "telling": data.basis}
    return render_template("overview/annual.html", data=data, args=args, today=local_today())


@bp.get("/rapportage/jaaroverzicht/<any(lopend, besloten):section>")
@login_required
def drill_down(section: str) -> ResponseReturnValue:
    ongoing = section == annual_overview.ONGOING
    status_arg = annual_overview.STATE if ongoing else annual_overview.OUTCOME
    chosen = annual_overview.selection(
        section,
        ministry=request.args.get(annual_overview.MINISTRY),
        case_type=request.args.get(annual_overview.CASE_TYPE),
        status=request.args.get(status_arg),
        province=request.args.get(annual_overview.PROVINCE),
    )
    data = annual_overview.drill_down(
        actor(), section, chosen, _year_arg(), _date_arg(), parse_id(request.args.get("na"))
    )
    args = {"jaar": data.year, "peildatum": data.peildatum.isoformat(), **chosen.args(section)}
    return render_template("overview/drill_down.html", data=data, args=args)


@bp.get("/rapportage/jaaroverzicht.<fmt>")
@login_required
def annual_download(fmt: str) -> ResponseReturnValue:
    if fmt not in FORMATS:
        return Response(status=404)
    if fmt == "xlsx":  # made by a background task now: the page has the button for it
        flash(str(XLSX_MOVED), "info")
        kept: dict[str, Any] = {k: request.args[k] for k in KEPT_ARGS if k in request.args}
        return redirect(url_for("overview.annual", **kept))
    data = annual_overview.annual_overview(actor(), _year_arg(), _date_arg(), _basis_arg())
    name = annual_overview.filename(data, fmt)
    security_log.event("export", "ok", actor=actor(), obj=name)
    if fmt == "csv":
        chunks = annual_overview.csv_bytes(data)
        response = Response(
            stream_with_context(chunks),
            mimetype=annual_overview.CSV_MIMETYPE,
            headers=_headers(name),
        )
        # stream_with_context does not close a stream that was never started.
        response.call_on_close(chunks.close)
        return response
    with force_locale(letters.DOCUMENT_LOCALE):
        html = render_template("overview/annual_pdf.html", data=data)
    return Response(letters.render_pdf(html), mimetype=letters.PDF_MIMETYPE, headers=_headers(name))


class ExportForm(FlaskForm):
    """The annual overview's parameters as the page shows them (hidden fields)."""

    jaar = BoundedIntegerField(
        validators=[Optional()], minimum=DATE_MIN.year, maximum=DATE_MAX.year
    )
    peildatum = BoundedDateField(validators=[Optional()])
    telling = StringField(validators=[Optional()])


@bp.post("/rapportage/jaaroverzicht/excel")
@login_required
def annual_export() -> ResponseReturnValue:
    """Ask for the Excel file: a job is recorded, the worker builds it (Mijn downloads)."""
    form = ExportForm()
    if not form.validate():
        flash(_("Het jaar of de peildatum is ongeldig; het bestand is niet aangevraagd."), "info")
        return redirect(url_for("overview.annual"))
    job, new = exports.request_annual_xlsx(
        actor(), form.jaar.data, form.peildatum.data, form.telling.data
    )
    security_log.event("export", "queued", actor=actor(), obj=f"exportopdracht {job.id}")
    flash(str(ASKED if new else ALREADY_ASKED), "success")
    return redirect(url_for("exports.downloads"))


@bp.get("/zaken/<int:case_id>/advies/<int:number>.pdf")
@login_required
def advice_letter(case_id: int, number: int) -> ResponseReturnValue:
    name, pdf = letters.letter_pdf(actor(), case_id, number)
    return Response(pdf, mimetype=letters.PDF_MIMETYPE, headers=_headers(name, inline=True))
