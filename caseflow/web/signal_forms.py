"""The forms to record and to change an early signal of a housing need."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from caseflow.domain.bounds import FTE_MAX
from caseflow.services.network.signals import OPEN, YEAR_MAX, YEAR_MIN, SignalData
from caseflow.web.forms import REQUIRED, BoundedIntegerField, VersionedForm, _coerce_id, options

QUARTERS = options([(None, _l("Het hele jaar")), *((q, f"Q{q}") for q in range(1, 5))])


class SignalForm(FlaskForm):
    ministry_id = SelectField(_l("Ministerie"), coerce=_coerce_id, validators=[Optional()])
    organisation = StringField(
        _l("Organisatie (optioneel)"),
        validators=[Optional(), Length(max=200)],
        description=_l("Leeg voor een nieuwe dienst."),
    )
    fte_change = BoundedIntegerField(
        _l("Verwachte verandering (fte)"),
        minimum=-FTE_MAX,
        maximum=FTE_MAX,
        validators=[InputRequired(REQUIRED)],
        description=_l("Groei positief, krimp negatief."),
    )
    horizon_year = BoundedIntegerField(
        _l("Horizon (jaar)"),
        minimum=YEAR_MIN,
        maximum=YEAR_MAX,
        validators=[InputRequired(REQUIRED)],
    )
    horizon_quarter = SelectField(
        _l("Kwartaal"), choices=QUARTERS, coerce=_coerce_id, validators=[Optional()]
    )
    province_id = SelectField(_l("Provincie"), coerce=_coerce_id, validators=[Optional()])
    region = StringField(_l("Regio (optioneel)"), validators=[Optional(), Length(max=120)])
    talk_id = SelectField(_l("Gesprek"), coerce=_coerce_id, validators=[Optional()])
    description = TextAreaField(_l("Omschrijving"), validators=[Optional(), Length(max=10_000)])

    def data_for_service(self, own_ministry: int | None, status: str = OPEN) -> SignalData:
        assert self.fte_change.data is not None and self.horizon_year.data is not None
        return SignalData(
            ministry_id=own_ministry or self.ministry_id.data or 0,
            fte_change=self.fte_change.data,
            horizon_year=self.horizon_year.data,
            horizon_quarter=self.horizon_quarter.data,
            organisation=self.organisation.data or "",
            description=self.description.data or "",
            province_id=self.province_id.data,
            region=self.region.data or "",
            talk_id=self.talk_id.data,
            status=status,
        )


class SignalEditForm(SignalForm, VersionedForm):
    """The signal form with its status and the version it was shown with (optimistic
    locking). The status choices are set by the view: open or lapsed, or only "converted"
    once the signal became a case."""

    status = SelectField(_l("Status"), validators=[InputRequired(REQUIRED)])
