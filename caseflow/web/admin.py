"""Administration: users and reference data (no case content)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from caseflow.domain.errors import ValidationFailed
from caseflow.services import lookups, users
from caseflow.web.choices import EMPTY
from caseflow.web.forms import UserForm, options
from caseflow.web.session import actor
from workflows.base import ROLE_LABELS

bp = Blueprint("admin", __name__, url_prefix="/beheer")

# The kinds of organisation in the reference data.
ORGANISATION_KINDS = {
    "agentschap": _l("agentschap"),
    "dienst": _l("dienst"),
    "zbo": _l("zbo"),
}


@bp.route("/gebruikers", methods=["GET", "POST"])
@login_required
def user_admin() -> ResponseReturnValue:
    admin = actor()
    existing = users.list_users(admin)
    form = UserForm()
    form.role.choices = options([EMPTY, *((code, _(label)) for code, label in ROLE_LABELS.items())])
    form.ministry_id.choices = options(
        [EMPTY, *((m.id, m.display_name) for m in lookups.ministries())]
    )
    if form.validate_on_submit():
        try:
            created = users.create_user(
                admin,
                form.email.data or "",
                form.name.data or "",
                form.role.data or "",
                form.ministry_id.data,
                form.password.data or "",
            )
        except ValidationFailed as exc:
            for name, message in exc.fields.items():
                form[name].errors = [*form[name].errors, message]
        else:
            flash(_("Gebruiker %(email)s is aangemaakt.", email=created.email), "success")
            return redirect(url_for("admin.user_admin"))
    status = 422 if form.errors else 200
    return render_template("admin/users.html", users=existing, form=form), status


@bp.get("/referentiegegevens")
@login_required
def reference() -> ResponseReturnValue:
    users.list_users(actor())  # admin check
    return render_template(
        "admin/reference.html",
        ministries=lookups.ministries(current_only=False),
        organisations=lookups.organisations(actor()),
        provinces=lookups.provinces(),
        kind_labels=ORGANISATION_KINDS,
    )
