"""Documents on a case: the section on the case page, the upload page and the download."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel.numbers import format_decimal
from flask import Blueprint, current_app, flash, redirect, render_template, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField
from wtforms.validators import DataRequired

from caseflow.domain import filetypes
from caseflow.domain.errors import ValidationFailed
from caseflow.services import permissions
from caseflow.services.cases import documents, sharing
from caseflow.services.cases.case_page import DocumentsPanel
from caseflow.services.vocabulary import DOCUMENT_KINDS as KINDS
from caseflow.web.forms import options, show_errors
from caseflow.web.session import actor

if TYPE_CHECKING:
    from caseflow.models import Document

bp = Blueprint("documents", __name__)

# A hint for the browser's file picker; the server checks the content regardless.
ACCEPT = ",".join(
    [t.extension for t in filetypes.ALLOWED] + [t.media_type for t in filetypes.ALLOWED]
)


class DocumentForm(FlaskForm):
    # The kind labels (KINDS) are marked for translation where they are defined.
    soort = SelectField(
        _l("Soort document"),
        choices=options([("", _l("Kies een soort")), *((k, _l(v)) for k, v in KINDS.items())]),
        validators=[DataRequired(_l("Kies een soort."))],
    )
    bestand = FileField(
        _l("Bestand"),
        validators=[FileRequired(_l("Kies een bestand om toe te voegen."))],
        render_kw={"accept": ACCEPT},
    )
    # Need-to-know: BZK's documents stay BZK's until shared (removed for the ministry).
    delen = BooleanField(_l("Delen met het ministerie"), default=False)


def document_form() -> DocumentForm:
    form = DocumentForm()
    if not permissions.can(actor(), "document.share"):
        del form.delen  # a ministry's own documents are always its own
    form.bestand.description = _(
        "Toegestaan: %(types)s; maximaal %(limit)s MB. Het type wordt aan de inhoud gecontroleerd.",
        types=_(filetypes.ALLOWED_TEXT),  # marked for translation where it is defined
        limit=current_app.config["MAX_UPLOAD_MB"],
    )
    return form


@dataclass(frozen=True)
class Panel:
    """What the "Documenten" section of the case page shows to the current user."""

    documents: list[Document]
    form: DocumentForm | None = None
    refusal: str | None = None
    may_share: bool = False  # the "Delen met het ministerie" buttons and column


def documents_panel(data: DocumentsPanel) -> Panel:
    """The section as the case page's read model gives it, with the upload form when the
    user may add a document."""
    form = document_form() if data.upload_refusal is None else None
    return Panel(data.documents, form, data.upload_refusal, data.may_share)


@bp.app_template_filter("bestandsgrootte")
def file_size(size: int) -> str:
    """'12,3 kB' (nl), '12.3 kB' (en); see filetypes.dutch_size."""
    if size < 1024:
        return filetypes.dutch_size(size)
    unit, factor = ("kB", 1024) if size < 1024**2 else ("MB", 1024**2)
    number = format_decimal(round(size / factor, 1), locale=get_locale(), group_separator=False)
    return f"{number} {unit}"


@bp.route("/zaken/<int:case_id>/documenten/nieuw", methods=["GET", "POST"])
@login_required
def upload(case_id: int) -> ResponseReturnValue:
    case = documents.upload_target(actor(), case_id)
    form = document_form()
    if form.validate_on_submit():
        chosen = form.bestand.data
        try:
            document = documents.upload(
                actor(),
                case_id,
                form.soort.data,
                chosen.filename or "",
                chosen.stream,
                shared=bool(getattr(form, "delen", None) and form.delen.data),
            )
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            flash(_("Document %(name)s is toegevoegd.", name=document.filename), "success")
            return redirect(url_for("cases.detail", case_id=case_id, _anchor="documenten"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("cases/document_new.html", form=form, case=case), status


@bp.get("/zaken/<int:case_id>/documenten/<int:document_id>")
@login_required
def download(case_id: int, document_id: int) -> ResponseReturnValue:
    found = documents.download(actor(), case_id, document_id)
    response = send_file(
        found.path,
        mimetype=found.media_type,
        as_attachment=True,
        download_name=found.filename,
        conditional=False,
        etag=False,
        max_age=None,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/zaken/<int:case_id>/documenten/<int:document_id>/delen")
@login_required
def share(case_id: int, document_id: int) -> ResponseReturnValue:
    form = FlaskForm()  # the CSRF token only
    if form.validate_on_submit():
        document = sharing.share(actor(), case_id, document_id)
        name = document.filename
        flash(_("Document %(name)s is gedeeld met het ministerie.", name=name), "success")
    return redirect(url_for("cases.detail", case_id=case_id, _anchor="documenten"))
