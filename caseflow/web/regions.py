"""Spreading insight pages: the register of regional development profiles (``/regio``),
employment figures (``/cijfers``) and their two-step import. The case page's "Passende
regio's" come with its read model (``services.cases.case_page``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import flask_babel
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.domain.errors import ValidationFailed
from caseflow.services.insight import figure_batches as figure_batches_service
from caseflow.services.insight import figures, regions
from caseflow.services.permissions import can
from caseflow.services.reference import choice_lists
from caseflow.services.reporting import province_report
from caseflow.web.filters import date_text
from caseflow.web.forms import REQUIRED, BoundedDateField, show_errors
from caseflow.web.permissions import requires
from caseflow.web.session import actor

if TYPE_CHECKING:
    from caseflow.models.region import RegionProfile

bp = Blueprint("regions", __name__)


@bp.app_template_filter("score")
def score_text(value: float) -> str:
    """A match score with one decimal in the active language: 3.5 -> "3,5" (nl), "3.5" (en)."""
    return str(flask_babel.format_decimal(value, format="0.0"))


class ProfileForm(FlaskForm):
    name = StringField(
        _l("Naam van de regio"), validators=[DataRequired(REQUIRED), Length(max=120)]
    )
    provinces = SelectMultipleField(
        _l("Provincies"),
        validators=[DataRequired(_l("Kies minstens één provincie."))],
        description=_l("Houd Ctrl (of Cmd) ingedrukt om meer provincies te kiezen."),
    )
    # Every list field takes one item per line; a comma stays inside its item.
    municipalities = TextAreaField(
        _l("Gemeenten"), validators=[Optional()], description=_l("Eén per regel.")
    )
    core_qualities = TextAreaField(
        _l("Kernkwaliteiten"), validators=[DataRequired(REQUIRED)], description=_l("Eén per regel.")
    )
    themes = TextAreaField(_l("Thema's"), validators=[Optional()], description=_l("Eén per regel."))
    sectors = TextAreaField(
        _l("Sectoren"), validators=[Optional()], description=_l("Eén per regel.")
    )
    labour_market_note = TextAreaField(_l("Arbeidsmarkt (toelichting)"), validators=[Optional()])
    contacts = TextAreaField(_l("Contactpersonen"), validators=[Optional()])
    received_on = BoundedDateField(
        _l("Datum ontvangen"), validators=[Optional()], description=_l("Bijvoorbeeld 2024-05-08.")
    )
    source_document = StringField(
        _l("Brondocument"),
        validators=[Optional(), Length(max=300, message=_l("Maximaal 300 tekens."))],
    )

    def data_for_service(self) -> regions.ProfileData:
        return regions.ProfileData(
            name=self.name.data or "",
            provinces=list(self.provinces.data or []),
            municipalities=regions.split_lines(self.municipalities.data),
            core_qualities=regions.split_lines(self.core_qualities.data),
            themes=regions.split_lines(self.themes.data),
            sectors=regions.split_lines(self.sectors.data),
            labour_market_note=self.labour_market_note.data or "",
            contacts=self.contacts.data or "",
            received_on=self.received_on.data,
            source_document=self.source_document.data or "",
        )

    def fill_from(self, profile: RegionProfile) -> None:
        self.name.data = profile.name
        self.provinces.data = list(profile.provinces or [])
        self.municipalities.data = "\n".join(profile.municipalities or [])
        self.core_qualities.data = "\n".join(profile.core_qualities or [])
        self.themes.data = "\n".join(profile.themes or [])
        self.sectors.data = "\n".join(profile.sectors or [])
        self.labour_market_note.data = profile.labour_market_note
        self.contacts.data = profile.contacts
        self.received_on.data = profile.received_on
        self.source_document.data = profile.source_document


class UploadForm(FlaskForm):
    bestand = FileField(
        _l("Bestand (CSV of XLSX)"),
        description=_l(
            "Kolommen provincie;sector;peildatum;fte en optioneel bron. "
            "CSV met ; of , als scheidingsteken, UTF-8."
        ),
    )


class ConfirmForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])


def _profile_form(profile: RegionProfile | None) -> ProfileForm:
    form = ProfileForm()
    form.provinces.choices = [(p.name, p.name) for p in choice_lists.provinces()]
    if profile is not None and request.method == "GET":
        form.fill_from(profile)
    return form


@bp.get("/regio")
@login_required
def profile_list() -> ResponseReturnValue:
    user = actor()
    return render_template(
        "regions/list.html", profiles=regions.list_profiles(user), may_edit=regions.may_edit(user)
    )


@bp.get("/regio/<int:profile_id>")
@login_required
def profile_detail(profile_id: int) -> ResponseReturnValue:
    user = actor()
    return render_template(
        "regions/detail.html",
        profile=regions.get_profile(user, profile_id),
        may_edit=regions.may_edit(user),
        may_report=province_report.may_view(user),
    )


@bp.route("/regio/nieuw", methods=["GET", "POST"])
@login_required
def profile_new() -> ResponseReturnValue:
    return _edit(None)


@bp.route("/regio/<int:profile_id>/bewerken", methods=["GET", "POST"])
@login_required
def profile_edit(profile_id: int) -> ResponseReturnValue:
    return _edit(profile_id)


def _edit(profile_id: int | None) -> ResponseReturnValue:
    user = actor()
    if not regions.may_edit(user):  # the service enforces this too
        regions.create_profile(user, ProfileForm().data_for_service())
    profile = regions.get_profile(user, profile_id) if profile_id is not None else None
    form = _profile_form(profile)
    if form.validate_on_submit():
        try:
            data = form.data_for_service()
            if profile_id is None:
                saved = regions.create_profile(user, data)
            else:
                saved = regions.update_profile(user, profile_id, data)
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            flash(_("Ontwikkelprofiel '%(name)s' is opgeslagen.", name=saved.name), "success")
            return redirect(url_for("regions.profile_detail", profile_id=saved.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("regions/form.html", form=form, profile=profile), status


# --- figures -----------------------------------------------------------------------------


@bp.get("/cijfers")
@login_required
def figure_list() -> ResponseReturnValue:
    return render_template(
        "regions/figures.html",
        groups=figures.figures_per_peildatum(),
        may_import=figures.may_import(actor()),
    )


@bp.route("/cijfers/import", methods=["GET", "POST"])
@login_required
@requires("figures.import")
def figure_import() -> ResponseReturnValue:
    user = actor()
    form = UploadForm()
    if request.method == "POST" and form.validate_on_submit():
        upload = form.bestand.data
        data = upload.read() if upload else b""
        if not upload or not upload.filename or not data:
            form.bestand.errors = [_("Kies een bestand.")]
        else:
            try:
                parsed = figures.parse_upload(upload.filename, data)
            except ValidationFailed as exc:
                form.bestand.errors = [exc.message]
            else:
                token = figures.store_upload(user, upload.filename, data)
                return _preview(parsed, token)
    status = 422 if form.errors else 200
    return render_template("regions/import.html", form=form), status


def _preview(parsed: figures.ParsedImport, token: str) -> ResponseReturnValue:
    confirm = ConfirmForm(formdata=None)
    confirm.token.data = token
    outlook = figures.import_outlook(parsed) if parsed.ok else None
    return render_template(
        "regions/import_preview.html", parsed=parsed, confirm=confirm, outlook=outlook
    ), (200 if parsed.ok else 422)


@bp.post("/cijfers/import/bevestigen")
@login_required
def figure_import_confirm() -> ResponseReturnValue:
    user = actor()
    form = ConfirmForm()
    token = form.token.data or "" if form.validate_on_submit() else ""
    parsed = figures.parse_stored(user, token)
    if not parsed.ok:
        return _preview(parsed, token)
    outlook = figures.import_outlook(parsed)
    batch = figures.import_figures(user, token)
    # The same Dutch text for one and many, as before; English distinguishes them.
    flash(
        ngettext(
            "%(num)s cijfers zijn geïmporteerd.",
            "%(num)s cijfers zijn geïmporteerd.",
            batch.row_count,
        ),
        "success",
    )
    for day, missing in outlook.incomplete:
        flash(
            _(
                "Peildatum %(date)s is onvolledig (%(missing)s) en wordt niet gebruikt "
                "voor berekeningen.",
                date=date_text(day),
                missing=missing,
            ),
            "warning",
        )
    return redirect(url_for("regions.figure_list"))


class WithdrawForm(FlaskForm):
    """Only the CSRF token: the batch is in the address."""


@bp.get("/cijfers/imports")
@login_required
def figure_batches() -> ResponseReturnValue:
    return render_template(
        "regions/batches.html",
        batches=figure_batches_service.batches(),
        may_withdraw=can(actor(), "figures.withdraw"),
    )


@bp.get("/cijfers/imports/<int:batch_id>")
@login_required
def figure_batch(batch_id: int) -> ResponseReturnValue:
    batch = figure_batches_service.get_batch(batch_id)
    return render_template(
        "regions/batch.html",
        batch=batch,
        held=figure_batches_service.held_count(batch),
        replaced=figure_batches_service.replaced(batch),
        blocking=figure_batches_service.blocking_batches(batch),
        may_withdraw=can(actor(), "figures.withdraw"),
        form=WithdrawForm(),
    )


@bp.post("/cijfers/imports/<int:batch_id>/intrekken")
@login_required
def figure_batch_withdraw(batch_id: int) -> ResponseReturnValue:
    if WithdrawForm().validate_on_submit():  # the CSRF token only
        figure_batches_service.withdraw(actor(), batch_id)
        flash(
            _(
                "Import %(number)s is ingetrokken; de cijfers van daarvoor zijn terug.",
                number=batch_id,
            ),
            "success",
        )
    return redirect(url_for("regions.figure_batch", batch_id=batch_id))
