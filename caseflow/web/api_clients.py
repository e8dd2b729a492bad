"""The administrator's screen of API clients ("systeemkoppelingen", issue #13): the list,
adding one for a ministry (its secret shown on that answer only) and revoking one. Every act
is a POST with a CSRF token; the checks are in ``services.accounts.api_clients``."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.domain.clock import local_today
from caseflow.domain.errors import ValidationFailed
from caseflow.services.accounts import api_clients, api_tokens
from caseflow.services.reference import choice_lists
from caseflow.web.forms import REQUIRED, BoundedDateField, _coerce_id, options, show_errors
from caseflow.web.permissions import requires
from caseflow.web.session import actor

bp = Blueprint("api_clients", __name__, url_prefix="/beheer/systeemkoppelingen")


class ApiClientForm(FlaskForm):
    name = StringField(
        _l("Naam"),
        description=_l("Het systeem dat de koppeling gebruikt, bijvoorbeeld het DMS van JenV."),
        validators=[DataRequired(REQUIRED), Length(max=api_clients.NAME_LENGTH)],
    )
    ministry_id = SelectField(
        _l("Ministerie"),
        description=_l(
            "Het systeem ziet alleen wat een gebruiker van dit ministerie mag zien, nooit "
            "de concepten van BZK."
        ),
        coerce=_coerce_id,
        validators=[DataRequired(REQUIRED)],
    )
    scope = SelectField(
        _l("Bereik"),
        choices=options(
            [(api_tokens.READ, _l("Lezen")), (api_tokens.READ_WRITE, _l("Lezen en schrijven"))]
        ),
        default=api_tokens.READ,
        validators=[DataRequired(REQUIRED)],
    )
    expires_on = BoundedDateField(
        _l("Verloopt op"),
        description=_l("Leeg laten als de koppeling geldt tot zij wordt ingetrokken."),
        validators=[Optional()],
    )


def _fill_choices(form: ApiClientForm) -> None:
    form.ministry_id.choices = options(
        [(None, ""), *((m.id, m.display_name) for m in choice_lists.ministries())]
    )


@bp.route("", methods=["GET", "POST"])
@login_required
@requires("api_client.manage")
def clients() -> ResponseReturnValue:
    """The clients and the form to add one; a new secret is shown on this answer only."""
    form = ApiClientForm()
    _fill_choices(form)
    made = None
    if form.validate_on_submit():
        try:
            made = api_clients.create(
                actor(),
                form.name.data or "",
                form.ministry_id.data,
                form.scope.data or "",
                form.expires_on.data,
            )
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            form = ApiClientForm(formdata=None)
            _fill_choices(form)
    status = 422 if form.errors or form.form_errors else 201 if made else 200
    page = render_template(
        "admin/api_clients.html",
        form=form,
        made=made,
        clients=api_clients.clients(actor()),
        today=local_today(),
        scope_labels=api_tokens.SCOPE_LABELS,
    )
    return page, status


@bp.post("/<int:client_pk>/intrekken")
@login_required
@requires("api_client.manage")
def revoke(client_pk: int) -> ResponseReturnValue:
    client = api_clients.revoke(actor(), client_pk)
    flash(_("De systeemkoppeling %(name)s is ingetrokken.", name=client.name), "success")
    return redirect(url_for("api_clients.clients"))
