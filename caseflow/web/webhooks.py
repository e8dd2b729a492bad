"""The administrator's webhook screens (issue #13, item 5): the subscriptions of ministries'
and BZK's systems (add one, its secret shown once; deactivate), the delivery log of each,
newest first a page at a time, and sending a delivery, or all failed ones, again. Every
act is a POST with a CSRF token; the checks are in ``services.messaging.webhooks``."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.domain.errors import ValidationFailed
from caseflow.services.messaging import webhooks
from caseflow.services.reference import choice_lists
from caseflow.web.forms import REQUIRED, _coerce_id, options, show_errors
from caseflow.web.input_guard import id_arg
from caseflow.web.permissions import requires
from caseflow.web.session import actor

bp = Blueprint("webhooks", __name__, url_prefix="/beheer/webhooks")

STATUS_LABELS = {
    webhooks.PENDING: _l("wachtend"),
    webhooks.SENDING: _l("bezig"),
    webhooks.DELIVERED: _l("afgeleverd"),
    webhooks.FAILED: _l("mislukt"),
}


class SubscriptionForm(FlaskForm):
    name = StringField(
        _l("Naam"),
        description=_l("Het systeem dat de berichten ontvangt, bijvoorbeeld het DMS van JenV."),
        validators=[DataRequired(REQUIRED), Length(max=webhooks.NAME_LENGTH)],
    )
    url = StringField(
        _l("Adres (URL)"),
        description=_l("Begint met https://; caseflow POST elk bericht naar dit adres."),
        validators=[DataRequired(REQUIRED), Length(max=webhooks.URL_LENGTH)],
    )
    ministry_id = SelectField(
        _l("Voor"),
        description=_l(
            "Een systeem van een ministerie krijgt alleen de zaken van dat ministerie, zoals "
            "het ministerie ze ziet; een systeem van BZK krijgt alle zaken."
        ),
        coerce=_coerce_id,
        validators=[Optional()],
    )


def _fill_choices(form: SubscriptionForm) -> None:
    form.ministry_id.choices = options(
        [
            (None, _("BZK (alle zaken)")),
            *((m.id, m.display_name) for m in choice_lists.ministries()),
        ]
    )


@bp.route("", methods=["GET", "POST"])
@login_required
@requires("webhook.manage")
def subscriptions() -> ResponseReturnValue:
    """The subscriptions and the form to add one; a new secret is shown on this answer only."""
    form = SubscriptionForm()
    _fill_choices(form)
    made = None
    if form.validate_on_submit():
        try:
            made = webhooks.create(
                actor(), form.name.data or "", form.url.data or "", form.ministry_id.data
            )
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            form = SubscriptionForm(formdata=None)
            _fill_choices(form)
    status = 422 if form.errors or form.form_errors else 201 if made else 200
    page = render_template(
        "admin/webhooks.html",
        form=form,
        made=made,
        subscriptions=webhooks.subscriptions(actor()),
    )
    return page, status


@bp.post("/<int:subscription_id>/deactiveren")
@login_required
@requires("webhook.manage")
def deactivate(subscription_id: int) -> ResponseReturnValue:
    subscription = webhooks.deactivate(actor(), subscription_id)
    flash(_("Het abonnement %(name)s is gedeactiveerd.", name=subscription.name), "success")
    return redirect(url_for("webhooks.subscriptions"))


@bp.get("/<int:subscription_id>")
@login_required
@requires("webhook.manage")
def deliveries(subscription_id: int) -> ResponseReturnValue:
    before = id_arg("voor")
    return render_template(
        "admin/webhook_deliveries.html",
        page=webhooks.deliveries(actor(), subscription_id, before),
        first_page=before is None,
        status_labels=STATUS_LABELS,
        replayable=(webhooks.DELIVERED, webhooks.FAILED),
    )


@bp.post("/<int:subscription_id>/afleveringen/<int:delivery_id>/opnieuw")
@login_required
@requires("webhook.manage")
def replay(subscription_id: int, delivery_id: int) -> ResponseReturnValue:
    webhooks.replay(actor(), subscription_id, delivery_id)
    flash(_("Het bericht wordt opnieuw verstuurd."), "success")
    return redirect(url_for("webhooks.deliveries", subscription_id=subscription_id))


@bp.post("/<int:subscription_id>/opnieuw")
@login_required
@requires("webhook.manage")
def replay_failed(subscription_id: int) -> ResponseReturnValue:
    count = webhooks.replay_failed(actor(), subscription_id)
    flash(_("Mislukte berichten die opnieuw worden verstuurd: %(count)s.", count=count), "success")
    return redirect(url_for("webhooks.deliveries", subscription_id=subscription_id))
