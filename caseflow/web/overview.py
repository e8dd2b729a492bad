"""The annual overview for parliament (summary screen with drill-down, CSV, XLSX, PDF) and
advice letters (PDF)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, render_template, request, send_file, stream_with_context
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_login import login_required

from caseflow.domain.bounds import parse_date, parse_id, parse_year
from caseflow.domain.clock import local_today
from caseflow.domain.place_of_work import parse_basis
from caseflow.services.accounts import security_log
from caseflow.services.cases import letters
from caseflow.services.reporting import annual_overview
from caseflow.web.session import actor

bp = Blueprint("overview", __name__)
FORMATS = ("csv", "xlsx", "pdf")


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
    if fmt == "xlsx":
        response = send_file(
            annual_overview.xlsx_file(data),
            mimetype=annual_overview.XLSX_MIMETYPE,
            as_attachment=True,
            download_name=name,
        )
        response.headers["Cache-Control"] = "no-store"
        return response
    with force_locale(letters.DOCUMENT_LOCALE):
        html = render_template("overview/annual_pdf.html", data=data)
    return Response(letters.render_pdf(html), mimetype=letters.PDF_MIMETYPE, headers=_headers(name))


@bp.get("/zaken/<int:case_id>/advies/<int:number>.pdf")
@login_required
def advice_letter(case_id: int, number: int) -> ResponseReturnValue:
    name, pdf = letters.letter_pdf(actor(), case_id, number)
    return Response(pdf, mimetype=letters.PDF_MIMETYPE, headers=_headers(name, inline=True))
