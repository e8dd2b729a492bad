"""Organisations: the administrator's add/edit screens (under /beheer) and the proposals a
ministry made by filing for an unlisted organisation, which BZK or the administrator
confirms or merges into an existing one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.domain.errors import ValidationFailed
from caseflow.services.insight.figures import SECTORS
from caseflow.services.reference import choice_lists, organisations
from caseflow.web.choices import EMPTY
from caseflow.web.forms import REQUIRED, _coerce_id, options, show_errors
from caseflow.web.session import actor

if TYPE_CHECKING:
    from caseflow.models import Organisation

bp = Blueprint("organisations", __name__)

KIND_LABELS = {
    "agentschap": _l("agentschap"),
    "dienst": _l("dienst"),
    "zbo": _l("zbo (zelfstandig bestuursorgaan)"),
}


class OrganisationForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(REQUIRED), Length(max=160)])
    abbreviation = StringField(_l("Afkorting"), validators=[DataRequired(REQUIRED), Length(max=20)])
    ministry_id = SelectField(
        _l("Ministerie"), coerce=_coerce_id, validators=[DataRequired(REQUIRED)]
    )
    kind = SelectField(_l("Soort"), validators=[DataRequired(REQUIRED)])
    sector = SelectField(_l("Sector"), validators=[DataRequired(REQUIRED)])
    limited_by_primary_process = BooleanField(
        _l("Het primaire proces beperkt verplaatsing (gebonden aan werklocaties)")
    )
    seat = StringField(_l("Vestigingsplaats"), validators=[Optional(), Length(max=80)])
    province_id = SelectField(_l("Provincie"), coerce=_coerce_id, validators=[Optional()])
    source = StringField(_l("Bron"), validators=[Optional(), Length(max=300)])

    def fill_choices(self) -> None:
        self.ministry_id.choices = options(
            [EMPTY, *((m.id, m.display_name) for m in choice_lists.ministries())]
        )
        self.kind.choices = options([EMPTY, *KIND_LABELS.items()])
        self.sector.choices = options([EMPTY, *((s, s) for s in SECTORS)])
        self.province_id.choices = options(
            [EMPTY, *((p.id, p.name) for p in choice_lists.provinces())]
        )

    def data_for_service(self) -> organisations.OrganisationData:
        return organisations.OrganisationData(
            name=self.name.data or "",
            abbreviation=self.abbreviation.data or "",
            ministry_id=self.ministry_id.data,
            kind=self.kind.data or "",
            sector=self.sector.data or "",
            limited_by_primary_process=bool(self.limited_by_primary_process.data),
            seat=self.seat.data or "",
            province_id=self.province_id.data,
            source=self.source.data or "",
        )


class MergeForm(FlaskForm):
    into_id = SelectField(
        _l("Samenvoegen met"), coerce=_coerce_id, validators=[DataRequired(REQUIRED)]
    )


def _form(found: Organisation | None) -> OrganisationForm:
    form = OrganisationForm(obj=found)
    form.fill_choices()
    return form


@bp.route("/beheer/organisaties/nieuw", methods=["GET", "POST"], endpoint="organisation_new")
@login_required
def organisation_new() -> ResponseReturnValue:
    return _edit(None)


@bp.route("/beheer/organisaties/<int:organisation_id>", methods=["GET", "POST"])
@login_required
def organisation_edit(organisation_id: int) -> ResponseReturnValue:
    return _edit(organisation_id)


def _edit(organisation_id: int | None) -> ResponseReturnValue:
    found = organisations.get(actor(), organisation_id) if organisation_id else None
    form = _form(found)
    if form.validate_on_submit():
        try:
            saved = organisations.save(actor(), organisation_id, form.data_for_service())
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            flash(_("Organisatie %(name)s is opgeslagen.", name=saved.name), "success")
            return redirect(url_for("admin.reference"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "admin/organisation.html", form=form, organisation=found, action_url=None
    ), status


@bp.get("/organisaties/voorstellen")
@login_required
def proposals() -> ResponseReturnValue:
    return _proposals_page({})


def _proposals_page(forms: dict[int, OrganisationForm], status: int = 200) -> ResponseReturnValue:
    found = organisations.proposed(actor())
    confirmed = [o for o in choice_lists.organisations(actor()) if o.confirmed]
    confirm_forms: dict[int, OrganisationForm] = {}
    merge_forms: dict[int, MergeForm] = {}
    for proposal in found:
        confirm_forms[proposal.id] = forms.get(proposal.id) or _form(proposal)
        merge = MergeForm(formdata=None)
        same = [o for o in confirmed if o.ministry_id == proposal.ministry_id] or confirmed
        merge.into_id.choices = options(
            [EMPTY, *((o.id, f"{o.name} ({o.abbreviation})") for o in same)]
        )
        merge_forms[proposal.id] = merge
    return render_template(
        "admin/proposals.html",
        proposals=found,
        confirm_forms=confirm_forms,
        merge_forms=merge_forms,
    ), status


@bp.post("/organisaties/<int:organisation_id>/bevestigen")
@login_required
def confirm(organisation_id: int) -> ResponseReturnValue:
    proposal = organisations.get(actor(), organisation_id)
    form = _form(proposal)
    if form.validate_on_submit():
        try:
            organisations.confirm(actor(), organisation_id, form.data_for_service())
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            flash(_("Organisatie %(name)s is bevestigd.", name=proposal.name), "success")
            return redirect(url_for("organisations.proposals"))
    return _proposals_page({organisation_id: form}, 422)


@bp.post("/organisaties/<int:organisation_id>/samenvoegen")
@login_required
def merge(organisation_id: int) -> ResponseReturnValue:
    organisations.get(actor(), organisation_id)
    form = MergeForm()
    form.into_id.choices = options(
        [EMPTY, *((o.id, o.name) for o in choice_lists.organisations(actor()) if o.confirmed)]
    )
    if not form.validate_on_submit():
        flash(_("Kies een bevestigde organisatie om mee samen te voegen."), "error")
        return _proposals_page({}, 422)
    try:
        target = organisations.merge(actor(), organisation_id, form.into_id.data)
    except ValidationFailed as exc:
        flash(exc.message, "error")
        return _proposals_page({}, 422)
    flash(_("Samengevoegd met %(name)s.", name=target.name), "success")
    return redirect(url_for("organisations.proposals"))
