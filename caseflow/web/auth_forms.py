"""Forms of the second login step, and the password rule as a WTForms validator for every
password field (the rule itself is ``services.accounts.passwords``: one place)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import Field, StringField
from wtforms.form import BaseForm
from wtforms.validators import DataRequired, Length, ValidationError

from caseflow.services.accounts import passwords

REQUIRED = _l("Dit veld is verplicht.")


class StrongPassword:
    """Refuses a password the rules refuse, with their Dutch reason. The name and e-mail are
    taken from the form's ``name`` and ``email`` fields when it has them (a new user), else
    from the logged-in user (their own new password)."""

    def __init__(self, name_field: str = "name", email_field: str = "email") -> None:
        self.name_field = name_field
        self.email_field = email_field

    def __call__(self, form: BaseForm, field: Field) -> None:
        name = _value(form, self.name_field) or _own("name")
        email = _value(form, self.email_field) or _own("email")
        reasons = passwords.problems(field.data or "", name=name, email=email)
        if reasons:
            raise ValidationError(" ".join(reasons))


def _value(form: BaseForm, name: str) -> str:
    field = form._fields.get(name)
    return str(field.data or "") if field is not None else ""


def _own(attribute: str) -> str:
    if current_user and current_user.is_authenticated:
        return str(getattr(current_user, attribute, "") or "")
    return ""


def _code_field(label: Any, description: Any) -> StringField:
    return StringField(
        label,
        description=description,
        validators=[DataRequired(REQUIRED), Length(max=64)],
    )


class CodeForm(FlaskForm):
    code = _code_field(
        _l("Code"),
        _l(
            "De zescijferige code uit uw authenticator-app, of een van uw herstelcodes "
            "(zoals abcd-efgh-jkmn) als u uw telefoon niet bij de hand heeft."
        ),
    )


class EnrolForm(FlaskForm):
    code = _code_field(_l("Code uit de app"), _l("De zes cijfers die de app nu laat zien."))
