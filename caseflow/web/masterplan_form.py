"""The form to change a masterplan's status and period; it carries what it showed, so a
change made meanwhile by someone else is refused rather than overwritten."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from caseflow.services.places.masterplans import STATUSES, MasterplanState
from caseflow.web.forms import REQUIRED, options


class MasterplanForm(FlaskForm):
    status = SelectField(_l("Status"), choices=options((s, s) for s in STATUSES))
    period = StringField(
        _l("Periode"),
        validators=[DataRequired(REQUIRED), Length(max=20)],
        description=_l("Twee jaartallen, bijvoorbeeld 2024-2028."),
    )
    shown_status = HiddenField()
    shown_period = HiddenField()

    def shown(self) -> MasterplanState:
        return MasterplanState(self.shown_status.data or "", self.shown_period.data or "")

    def new(self) -> MasterplanState:
        return MasterplanState(self.status.data or "", self.period.data or "")
