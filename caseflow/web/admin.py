"""Administration: users and reference data (no case content). Every act on an account
is a POST with a CSRF token; the checks and the security log are in ``services.users``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import login_required
from flask_wtf import FlaskForm

from caseflow.domain.errors import ValidationFailed
from caseflow.services.accounts import users
from caseflow.services.reference import choice_lists
from caseflow.services.vocabulary import ROLE_LABELS
from caseflow.web.choices import EMPTY
from caseflow.web.forms import UserEditForm, UserForm, options
from caseflow.web.permissions import requires
from caseflow.web.session import actor

if TYPE_CHECKING:
    from caseflow.models import User

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
    _fill_choices(form)
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
            _show_errors(form, exc)
        else:
            flash(_("Gebruiker %(email)s is aangemaakt.", email=created.email), "success")
            return redirect(url_for("admin.user_admin"))
    status = 422 if form.errors else 200
    return render_template("admin/users.html", users=existing, form=form), status


@bp.get("/referentiegegevens")
@login_required
@requires("reference.view")
def reference() -> ResponseReturnValue:
    return render_template(
        "admin/reference.html",
        ministries=choice_lists.ministries(current_only=False),
        organisations=choice_lists.organisations(actor()),
        provinces=choice_lists.provinces(),
        kind_labels=ORGANISATION_KINDS,
    )


def _fill_choices(form: UserForm | UserEditForm) -> None:
    form.role.choices = options([EMPTY, *((code, _(label)) for code, label in ROLE_LABELS.items())])
    form.ministry_id.choices = options(
        [EMPTY, *((m.id, m.display_name) for m in choice_lists.ministries())]
    )


def _show_errors(form: FlaskForm, exc: ValidationFailed) -> None:
    for name, message in exc.fields.items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
        else:
            form.form_errors.append(message)


@bp.route("/gebruikers/<int:user_id>", methods=["GET", "POST"])
@login_required
def user_edit(user_id: int) -> ResponseReturnValue:
    user = users.get_user(actor(), user_id)
    form = UserEditForm(obj=user)
    _fill_choices(form)
    if form.validate_on_submit():
        try:
            users.update_user(
                actor(),
                user.id,
                form.email.data or "",
                form.name.data or "",
                form.role.data or "",
                form.ministry_id.data,
            )
        except ValidationFailed as exc:
            _show_errors(form, exc)
        else:
            flash(_("De gegevens van %(email)s zijn opgeslagen.", email=user.email), "success")
            return redirect(url_for("admin.user_edit", user_id=user.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("admin/user.html", user=user, form=form), status


def _deactivate(admin: User, user_id: int) -> User:
    return users.set_active(admin, user_id, False)


def _reactivate(admin: User, user_id: int) -> User:
    return users.set_active(admin, user_id, True)


# The acts on an account that answer with a message on its page. They are POST forms, so
# CSRFProtect checks their token before the view runs.
ACTS: dict[str, tuple[Callable[[User, int], User], LazyString]] = {
    "deactiveren": (_deactivate, _l("Het account is gedeactiveerd; de sessies zijn beëindigd.")),
    "activeren": (_reactivate, _l("Het account is weer actief.")),
    "sessies-beeindigen": (
        users.end_sessions,
        _l("Alle sessies van deze gebruiker zijn beëindigd."),
    ),
    "tweestaps-herstellen": (
        users.reset_two_factor,
        _l(
            "De tweestapsverificatie is gewist; de gebruiker stelt die opnieuw in bij het inloggen."
        ),
    ),
}


@bp.post("/gebruikers/<int:user_id>/<act>")
@login_required
def user_act(user_id: int, act: str) -> ResponseReturnValue:
    if act not in ACTS:
        abort(404)
    perform, message = ACTS[act]
    perform(actor(), user_id)
    flash(str(message), "success")
    return redirect(url_for("admin.user_edit", user_id=user_id))


@bp.post("/gebruikers/<int:user_id>/wachtwoord-herstellen")
@login_required
def password_reset(user_id: int) -> ResponseReturnValue:
    temporary = users.reset_password(actor(), user_id)
    user = users.get_user(actor(), user_id)
    # Shown this once (the page is not cached): the administrator passes it on.
    return render_template("admin/temporary_password.html", user=user, temporary=temporary)
