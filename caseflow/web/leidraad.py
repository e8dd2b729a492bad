"""Administration of the leidraad's considerations: the administrator adds, rewords,
reorders, deactivates and reactivates them when the leidraad *Afwegingen locatiekeuzes
rijksoverheid* changes (``services.reference.leidraad``). Every act is a POST with a CSRF
token."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.domain.errors import NotFound, ValidationFailed
from caseflow.services.reference import leidraad
from caseflow.web.forms import REQUIRED
from caseflow.web.permissions import requires
from caseflow.web.session import actor

bp = Blueprint("leidraad", __name__, url_prefix="/beheer/leidraad")


class ConsiderationEditForm(FlaskForm):
    label = StringField(
        _l("Naam van de afweging"),
        validators=[DataRequired(REQUIRED), Length(max=leidraad.LABEL_MAX)],
    )
    guidance = TextAreaField(
        _l("Toelichting voor de adviseur (optioneel)"),
        validators=[Optional(), Length(max=leidraad.GUIDANCE_MAX)],
    )


class ConsiderationForm(ConsiderationEditForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(REQUIRED), Length(max=40)],
        description=_l("Kleine letters, cijfers en _; ligt vast en wordt nooit hergebruikt."),
    )


def _show_errors(form: FlaskForm, exc: ValidationFailed) -> None:
    for name, message in exc.fields.items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
        else:
            form.form_errors.append(message)
    if not exc.fields:
        form.form_errors.append(exc.message)


@bp.route("", methods=["GET", "POST"])
@login_required
@requires("leidraad.manage")
def considerations() -> ResponseReturnValue:
    form = ConsiderationForm()
    if form.validate_on_submit():
        try:
            added = leidraad.add_consideration(
                actor(), form.code.data or "", form.label.data or "", form.guidance.data or ""
            )
        except ValidationFailed as exc:
            _show_errors(form, exc)
        else:
            flash(_("Afweging '%(label)s' is toegevoegd.", label=added.label), "success")
            return redirect(url_for("leidraad.considerations"))
    status = 422 if form.errors or form.form_errors else 200
    listed = leidraad.all_considerations(actor())
    return render_template("admin/leidraad.html", considerations=listed, form=form), status


def _find(consideration_id: int) -> leidraad.Consideration:
    found = [c for c in leidraad.all_considerations(actor()) if c.id == consideration_id]
    if not found:
        raise NotFound(leidraad.NO_CONSIDERATION)
    return found[0]


@bp.route("/<int:consideration_id>", methods=["GET", "POST"])
@login_required
@requires("leidraad.manage")
def consideration_edit(consideration_id: int) -> ResponseReturnValue:
    consideration = _find(consideration_id)
    form = ConsiderationEditForm(obj=consideration)
    if form.validate_on_submit():
        try:
            leidraad.edit_consideration(
                actor(), consideration.id, form.label.data or "", form.guidance.data or ""
            )
        except ValidationFailed as exc:
            _show_errors(form, exc)
        else:
            flash(_("De afweging is opgeslagen."), "success")
            return redirect(url_for("leidraad.considerations"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "admin/leidraad_edit.html", consideration=consideration, form=form
    ), status


def _up(consideration_id: int) -> None:
    leidraad.move(actor(), consideration_id, -1)


def _down(consideration_id: int) -> None:
    leidraad.move(actor(), consideration_id, 1)


def _deactivate(consideration_id: int) -> None:
    leidraad.set_active(actor(), consideration_id, False)


def _activate(consideration_id: int) -> None:
    leidraad.set_active(actor(), consideration_id, True)


ACTS: dict[str, tuple[Callable[[int], None], LazyString]] = {
    "omhoog": (_up, _l("De afweging is een plaats omhoog gezet.")),
    "omlaag": (_down, _l("De afweging is een plaats omlaag gezet.")),
    "deactiveren": (
        _deactivate,
        _l("De afweging is gedeactiveerd; adviezen die haar al afwogen houden haar."),
    ),
    "activeren": (_activate, _l("De afweging is weer actief.")),
}


@bp.post("/<int:consideration_id>/<act>")
@login_required
@requires("leidraad.manage")
def consideration_act(consideration_id: int, act: str) -> ResponseReturnValue:
    if act not in ACTS:
        abort(404)
    perform, message = ACTS[act]
    perform(consideration_id)
    flash(str(message), "success")
    return redirect(url_for("leidraad.considerations"))
