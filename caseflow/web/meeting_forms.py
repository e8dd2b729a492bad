"""Forms of the secretariat's meeting calendar: plan Fridays, move and cancel a meeting."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.web.forms import BoundedDateField

VALID_DATE = _l("Vul een geldige datum in.")
REASON_REQUIRED = _l("Geef de reden op.")


class PlanFridaysForm(FlaskForm):
    until = BoundedDateField(
        _l("Vrijdagen plannen tot en met"), validators=[DataRequired(VALID_DATE)]
    )


class MoveMeetingForm(FlaskForm):
    held_on = BoundedDateField(_l("Datum vergadering"), validators=[DataRequired(VALID_DATE)])
    note = StringField(_l("Notitie (optioneel)"), validators=[Optional(), Length(max=200)])
    reason = TextAreaField(
        _l("Reden van de verplaatsing (verplicht bij een andere datum)"),
        validators=[Optional(), Length(max=1000)],
    )


class CancelMeetingForm(FlaskForm):
    reason = TextAreaField(
        _l("Reden van de annulering"), validators=[DataRequired(REASON_REQUIRED), Length(max=1000)]
    )
