"""The register of the state's offices and rijksontmoetingspleinen (``/kantoren``): the list
(filter by province, meeting places only), an office's page, adding and editing (optimistic
locking) and the two-step import from CSV/XLSX, like the employment figures' import."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.domain.bounds import parse_id
from caseflow.domain.errors import Conflict, ValidationFailed
from caseflow.domain.offices import Opening
from caseflow.services.places import office_import as importing
from caseflow.services.places import offices
from caseflow.services.unit_of_work import STALE
from caseflow.web.choices import EMPTY
from caseflow.web.forms import REQUIRED, BoundedIntegerField, _coerce_id, options, show_errors
from caseflow.web.session import actor

if TYPE_CHECKING:
    from caseflow.services.places.offices import OfficeView

bp = Blueprint("offices", __name__)

MEETING_STATUS_CHOICES = (
    ("open", _l("open")),
    ("announced", _l("aangekondigd")),
    ("uncertain", _l("onzeker")),
)
REAPPLY = _l(
    "Iemand anders heeft dit kantoor gewijzigd terwijl u dit formulier invulde. Uw invoer is "
    "nog niet opgeslagen en staat hieronder; verstuur het formulier opnieuw om het over de "
    "actuele gegevens te schrijven."
)


class OfficeForm(FlaskForm):
    place = StringField(_l("Plaats"), validators=[DataRequired(REQUIRED), Length(max=80)])
    province_id = SelectField(
        _l("Provincie"), coerce=_coerce_id, validators=[DataRequired(REQUIRED)]
    )
    name = StringField(_l("Naam van het kantoor"), validators=[Optional(), Length(max=160)])
    address = StringField(_l("Adres"), validators=[Optional(), Length(max=200)])
    workplaces = BoundedIntegerField(
        _l("Werkplekken"),
        minimum=0,
        maximum=offices.MAX_WORKPLACES,
        validators=[Optional()],
        description=_l("Leeg als het onbekend is."),
    )
    occupied = BoundedIntegerField(
        _l("Bezette werkplekken"),
        minimum=0,
        maximum=offices.MAX_WORKPLACES,
        validators=[Optional()],
        description=_l("De vrije capaciteit is het aantal werkplekken min de bezette."),
    )
    masterplan_id = SelectField(_l("Masterplan"), coerce=_coerce_id, validators=[Optional()])
    project = StringField(_l("Project"), validators=[Optional(), Length(max=160)])
    meeting_place = BooleanField(_l("Hier is (of komt) een rijksontmoetingsplein"))
    meeting_status = SelectField(
        _l("Status van het rijksontmoetingsplein"), validators=[Optional()]
    )
    opening_year = BoundedIntegerField(
        _l("Opening: jaar"),
        minimum=1900,
        maximum=2199,
        validators=[Optional()],
        description=_l("Vul in wat bekend is: alleen het jaar, of ook maand en dag."),
    )
    opening_month = BoundedIntegerField(
        _l("Opening: maand"), minimum=1, maximum=12, validators=[Optional()]
    )
    opening_day = BoundedIntegerField(
        _l("Opening: dag"), minimum=1, maximum=31, validators=[Optional()]
    )
    note = StringField(_l("Toelichting"), validators=[Optional(), Length(max=300)])
    source = StringField(
        _l("Bron"),
        validators=[DataRequired(REQUIRED), Length(max=300)],
        description=_l("Waar komen deze gegevens vandaan (document, datum)?"),
    )
    version = HiddenField()

    def fill_choices(self) -> None:
        found = offices.choices()
        self.province_id.choices = options([EMPTY, *found.provinces])
        self.masterplan_id.choices = options([EMPTY, *found.masterplans])
        self.meeting_status.choices = options([EMPTY, *MEETING_STATUS_CHOICES])

    def fill(self, office: OfficeView) -> None:
        for name in ("place", "province_id", "name", "address", "workplaces", "occupied"):
            self[name].data = getattr(office, name)
        for name in ("masterplan_id", "project", "meeting_place", "meeting_status", "note"):
            self[name].data = getattr(office, name)
        self.source.data = office.source
        if office.opening is not None:
            self.opening_year.data = office.opening.year
            self.opening_month.data = office.opening.month
            self.opening_day.data = office.opening.day
        self.version.data = str(office.version)

    def opening(self) -> Opening | None:
        """The opening as far as filled in; ValidationFailed on the field at fault."""
        year, month, day = self.opening_year.data, self.opening_month.data, self.opening_day.data
        if year is None:
            if month is not None or day is not None:
                raise _field_error("opening_year", _("Vul ook het jaar in."))
            return None
        if day is not None and month is None:
            raise _field_error("opening_month", _("Vul ook de maand in."))
        try:
            return Opening(year, month, day)
        except ValueError as exc:
            raise _field_error("opening_day", _("Deze datum bestaat niet.")) from exc

    def office_input(self) -> offices.OfficeInput:
        return offices.OfficeInput(
            place=self.place.data or "",
            province_id=self.province_id.data or 0,
            source=self.source.data or "",
            name=self.name.data or "",
            address=self.address.data or "",
            workplaces=self.workplaces.data,
            occupied=self.occupied.data,
            masterplan_id=self.masterplan_id.data,
            project=self.project.data or "",
            meeting_place=bool(self.meeting_place.data),
            meeting_status=self.meeting_status.data or "",
            opening=self.opening(),
            note=self.note.data or "",
        )

    def version_number(self) -> int:
        return parse_id(self.version.data) or 0


def _field_error(name: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, {name: message})


class UploadForm(FlaskForm):
    bestand = FileField(
        _l("Bestand (CSV of XLSX)"),
        description=_l(
            "Kolommen plaats;provincie;bron (verplicht) en naar keuze naam;adres;werkplekken;"
            "bezet;masterplan;project;rijksontmoetingsplein;status;opening. CSV met ; of , als "
            "scheidingsteken, UTF-8."
        ),
    )


class ConfirmForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])


@bp.get("/kantoren")
@login_required
def office_list() -> ResponseReturnValue:
    province_id = parse_id(request.args.get("provincie"))
    only_meeting_places = request.args.get("ontmoetingsplein") == "1"
    user = actor()
    return render_template(
        "offices/list.html",
        offices=offices.list_offices(user, province_id, only_meeting_places),
        provinces=offices.choices().provinces,
        province_id=province_id,
        only_meeting_places=only_meeting_places,
        may_edit=offices.may_edit(user),
    )


@bp.get("/kantoren/<int:office_id>")
@login_required
def office_detail(office_id: int) -> ResponseReturnValue:
    user = actor()
    return render_template(
        "offices/detail.html",
        office=offices.get_office(user, office_id),
        may_edit=offices.may_edit(user),
    )


@bp.route("/kantoren/nieuw", methods=["GET", "POST"])
@login_required
def office_new() -> ResponseReturnValue:
    form = OfficeForm()
    form.fill_choices()
    if form.validate_on_submit():
        try:
            saved = offices.add_office(actor(), form.office_input())
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            flash(_("Kantoor in %(place)s is opgeslagen.", place=saved.place), "success")
            return redirect(url_for("offices.office_detail", office_id=saved.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("offices/form.html", form=form, office=None), status


@bp.route("/kantoren/<int:office_id>/wijzigen", methods=["GET", "POST"])
@login_required
def office_edit(office_id: int) -> ResponseReturnValue:
    user = actor()
    office = offices.get_office(user, office_id)
    form = OfficeForm()
    form.fill_choices()
    if request.method == "GET":
        form.fill(office)
    elif form.validate_on_submit():
        try:
            saved = offices.update_office(
                user, office_id, form.version_number(), form.office_input()
            )
        except ValidationFailed as exc:
            show_errors(form, exc)
        except Conflict as exc:
            if exc.message not in (offices.STALE_OFFICE, STALE):
                raise
            office = offices.get_office(user, office_id)
            form.version.data = str(office.version)
            flash(str(REAPPLY), "warning")
            return render_template("offices/form.html", form=form, office=office), 409
        else:
            flash(_("Kantoor in %(place)s is opgeslagen.", place=saved.place), "success")
            return redirect(url_for("offices.office_detail", office_id=saved.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("offices/form.html", form=form, office=office), status


@bp.route("/kantoren/import", methods=["GET", "POST"])
@login_required
def office_import() -> ResponseReturnValue:
    form = UploadForm()
    if request.method == "POST" and form.validate_on_submit():
        upload = form.bestand.data
        data = upload.read() if upload else b""
        if not upload or not upload.filename or not data:
            form.bestand.errors = [_("Kies een bestand.")]
        else:
            try:
                parsed = importing.parse_upload(upload.filename, data)
            except ValidationFailed as exc:
                form.bestand.errors = [exc.message]
            else:
                token = importing.store_upload(actor(), upload.filename, data)
                return _preview(parsed, token)
    status = 422 if form.errors else 200
    return render_template("offices/import.html", form=form), status


def _preview(parsed: importing.ParsedOffices, token: str) -> ResponseReturnValue:
    confirm = ConfirmForm(formdata=None)
    confirm.token.data = token
    return render_template(
        "offices/import_preview.html",
        parsed=parsed,
        confirm=confirm,
        columns=importing.COLUMNS,
    ), (200 if parsed.ok else 422)


@bp.post("/kantoren/import/bevestigen")
@login_required
def office_import_confirm() -> ResponseReturnValue:
    user = actor()
    form = ConfirmForm()
    token = form.token.data or "" if form.validate_on_submit() else ""
    parsed = importing.parse_stored(user, token)
    if not parsed.ok:
        return _preview(parsed, token)
    done = importing.import_offices(user, token)
    flash(
        ngettext(
            "%(num)s kantoor is geïmporteerd (%(new)s nieuw).",
            "%(num)s kantoren zijn geïmporteerd (%(new)s nieuw).",
            len(done.rows),
            new=done.new_count,
        ),
        "success",
    )
    return redirect(url_for("offices.office_list"))
