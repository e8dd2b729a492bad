"""Forms of the register of talks: a talk, a follow-up action, marking one done."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from caseflow.domain.talks import MINISTRY, OTHER, REGIONAL
from caseflow.services.network.talks import TalkData
from caseflow.web.forms import REQUIRED, BoundedDateField, VersionedForm, _coerce_id, options

VALID_DATE = _l("Vul een geldige datum in.")
KIND_LABELS = {
    REGIONAL: _l("Regionale bestuurders"),
    MINISTRY: _l("Ministerie"),
    OTHER: _l("Overig (bijvoorbeeld Samenwerking Rijk Noord)"),
}
FUNCTION_LABELS = {
    "commissaris_van_de_koning": _l("Commissaris van de Koning"),
    "gedeputeerde": _l("Gedeputeerde"),
    "burgemeester": _l("Burgemeester"),
    "wethouder": _l("Wethouder"),
    "secretaris_generaal": _l("Secretaris-generaal"),
    "directeur_generaal": _l("Directeur-generaal"),
    "ambtelijk": _l("Ambtelijke vertegenwoordiging"),
    "overig": _l("Overige functie"),
}


class TalkForm(FlaskForm):
    held_on = BoundedDateField(_l("Datum van het gesprek"), validators=[DataRequired(VALID_DATE)])
    kind = SelectField(
        _l("Soort gesprek"),
        choices=options(KIND_LABELS.items()),
        validators=[InputRequired(REQUIRED)],
    )
    province_id = SelectField(_l("Provincie"), coerce=_coerce_id, validators=[Optional()])
    region = StringField(
        _l("Regio (optioneel)"),
        validators=[Optional(), Length(max=120)],
        description=_l("Bijvoorbeeld Noord-Nederland of een regio binnen de provincie."),
    )
    ministry_id = SelectField(_l("Ministerie"), coerce=_coerce_id, validators=[Optional()])
    functions = SelectMultipleField(
        _l("Functies van de deelnemers"),
        choices=options(FUNCTION_LABELS.items()),
        validators=[DataRequired(_l("Kies minstens één functie."))],
        description=_l("Houd Ctrl (of Cmd) ingedrukt om meer functies te kiezen."),
    )
    participants = TextAreaField(
        _l("Namen van de deelnemers (optioneel)"),
        validators=[Optional(), Length(max=10_000)],
        description=_l("Eén per regel, met functie."),
    )
    topics = TextAreaField(_l("Onderwerpen"), validators=[Optional(), Length(max=10_000)])
    notes = TextAreaField(_l("Aantekeningen"), validators=[Optional(), Length(max=10_000)])

    def data_for_service(self) -> TalkData:
        assert self.held_on.data is not None  # DataRequired validated it
        return TalkData(
            held_on=self.held_on.data,
            kind=self.kind.data or "",
            province_id=self.province_id.data,
            region=self.region.data or "",
            ministry_id=self.ministry_id.data,
            functions=list(self.functions.data or []),
            participants=self.participants.data or "",
            topics=self.topics.data or "",
            notes=self.notes.data or "",
        )


class TalkEditForm(TalkForm, VersionedForm):
    """The talk form carrying the version it was shown with (optimistic locking)."""


class FollowUpForm(FlaskForm):
    action = StringField(_l("Actie"), validators=[DataRequired(REQUIRED), Length(max=300)])
    owner = StringField(
        _l("Eigenaar"),
        validators=[DataRequired(REQUIRED), Length(max=120)],
        description=_l("Wie voert de actie uit (naam of functie)."),
    )
    due_on = BoundedDateField(_l("Uiterlijk op"), validators=[DataRequired(VALID_DATE)])


class FollowUpDoneForm(FlaskForm):
    """Only the CSRF token: marking an action done takes no input."""
