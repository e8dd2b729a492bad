"""WTForms forms. Every form carries the CSRF token (Flask-WTF); Dutch labels and
messages. Action forms are keyed by the ``form`` name in the workflow definitions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from caseflow.domain.errors import ValidationFailed
from caseflow.services.effects import OUT_OF_SCOPE_REASONS
from caseflow.services.filing import LABOUR_MARKET_OUTCOMES

REQUIRED = "Dit veld is verplicht."


def options(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """Select options; an empty value stands for "no choice"."""
    return [SelectChoice("" if value is None else str(value), label) for value, label in pairs]


def _coerce_id(value: Any) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class LoginForm(FlaskForm):
    email = EmailField(
        "E-mailadres", validators=[DataRequired(REQUIRED), Email("Ongeldig e-mailadres.")]
    )
    password = PasswordField("Wachtwoord", validators=[DataRequired(REQUIRED)])


class VersionedForm(FlaskForm):
    """Carries the case version the page was rendered with (optimistic locking)."""

    version = HiddenField(validators=[DataRequired()])

    def version_number(self) -> int:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return -1


class CaseForm(VersionedForm):
    """Filing form; fields a case type does not use are removed by ``case_form``."""

    ministry_id = SelectField("Ministerie", coerce=_coerce_id, validators=[Optional()])
    title = StringField(
        "Titel",
        validators=[DataRequired(REQUIRED), Length(max=200)],
        description="Korte omschrijving, bijvoorbeeld 'Groei IND Zwolle'.",
    )
    organisation_id = SelectField("Organisatie", coerce=_coerce_id, validators=[Optional()])
    unit_name = StringField(
        "Naam nieuwe dienst of organisatieonderdeel", validators=[Optional(), Length(max=160)]
    )
    fte_current = IntegerField(
        "Huidige omvang (fte)",
        validators=[Optional(), NumberRange(min=0, message="Vul 0 of meer in.")],
    )
    fte_change = IntegerField(
        "Wijziging (fte)",
        validators=[Optional()],
        description="Groei positief, krimp negatief, bijvoorbeeld -120.",
    )
    current_province_id = SelectField(
        "Huidige provincie", coerce=_coerce_id, validators=[Optional()]
    )
    current_place = StringField("Huidige vestigingsplaats", validators=[Optional(), Length(max=80)])
    proposed_province_id = SelectField(
        "Voorgestelde provincie", coerce=_coerce_id, validators=[Optional()]
    )
    proposed_place = StringField(
        "Voorgestelde vestigingsplaats", validators=[Optional(), Length(max=80)]
    )
    masterplan_id = SelectField("Masterplan", coerce=_coerce_id, validators=[Optional()])
    change_request = BooleanField("Dit is een Verzoek tot Wijziging (VtW)")
    talk_date = DateField("Datum gesprek", validators=[Optional()])
    minister = StringField("Minister of bewindspersoon", validators=[Optional(), Length(max=120)])
    motivation = TextAreaField(
        "Motivering",
        validators=[Optional()],
        description="Waarom deze locatie? Bij afwijking van de principes: leg uit.",
    )
    labour_market_scan = SelectField(
        "Uitkomst arbeidsmarktscan",
        choices=options([("", "Nog niet bekend"), *LABOUR_MARKET_OUTCOMES.items()]),
        validators=[Optional()],
    )
    labour_market_note = TextAreaField("Toelichting arbeidsmarktscan", validators=[Optional()])


FIELDS_PER_TYPE: dict[str, tuple[str, ...]] = {
    "omvangswijziging": (
        "title",
        "organisation_id",
        "fte_current",
        "fte_change",
        "current_province_id",
        "current_place",
        "proposed_province_id",
        "proposed_place",
        "motivation",
        "labour_market_scan",
        "labour_market_note",
    ),
    "nieuwe_dienst": (
        "title",
        "organisation_id",
        "unit_name",
        "fte_change",
        "proposed_province_id",
        "proposed_place",
        "motivation",
        "labour_market_scan",
        "labour_market_note",
    ),
    "masterplan": (
        "title",
        "masterplan_id",
        "change_request",
        "organisation_id",
        "current_province_id",
        "current_place",
        "proposed_province_id",
        "proposed_place",
        "fte_change",
        "motivation",
    ),
    "zbo_gesprek": ("title", "organisation_id", "talk_date", "minister"),
}


class CommentForm(VersionedForm):
    opmerking = TextAreaField("Toelichting (optioneel)", validators=[Optional()])


class QuestionForm(VersionedForm):
    vraag = TextAreaField("Vraag aan het ministerie", validators=[DataRequired(REQUIRED)])


class SupplyForm(VersionedForm):
    aanvulling = TextAreaField(
        "Aanvulling",
        validators=[DataRequired(REQUIRED)],
        description="Pas zo nodig eerst de zaakgegevens aan.",
    )


class OutOfScopeForm(VersionedForm):
    reden_code = SelectField(
        "Reden",
        choices=options([("", "Kies een reden"), *OUT_OF_SCOPE_REASONS.items()]),
        validators=[DataRequired(REQUIRED)],
    )
    reden = TextAreaField("Toelichting", validators=[DataRequired(REQUIRED)])


class AssignForm(VersionedForm):
    behandelaar_id = SelectField(
        "Adviseur", coerce=_coerce_id, validators=[InputRequired(REQUIRED)]
    )


class AdviceForm(VersionedForm):
    tekst = TextAreaField("Tekst", validators=[DataRequired(REQUIRED)])
    provincie_id = SelectField(
        "Geadviseerde provincie", coerce=_coerce_id, validators=[InputRequired(REQUIRED)]
    )
    plaats = StringField("Geadviseerde plaats", validators=[DataRequired(REQUIRED), Length(max=80)])


class ReturnForm(VersionedForm):
    opmerkingen = TextAreaField(
        "Opmerkingen voor de opsteller", validators=[DataRequired(REQUIRED)]
    )


class AgreementForm(VersionedForm):
    provincie_id = SelectField(
        "Overeengekomen provincie", coerce=_coerce_id, validators=[InputRequired(REQUIRED)]
    )
    plaats = StringField(
        "Overeengekomen plaats", validators=[DataRequired(REQUIRED), Length(max=80)]
    )
    opmerking = TextAreaField("Toelichting (optioneel)", validators=[Optional()])


class ObjectionForm(VersionedForm):
    bezwaren = TextAreaField("Redenen om niet in te stemmen", validators=[DataRequired(REQUIRED)])


class AgendaForm(VersionedForm):
    vergadering_id = SelectField(
        "Vergadering ministerraad", coerce=_coerce_id, validators=[InputRequired(REQUIRED)]
    )
    onderraad = StringField("Onderraad (optioneel)", validators=[Optional(), Length(max=80)])


class DecisionForm(VersionedForm):
    besluit = TextAreaField("Besluit van de ministerraad", validators=[DataRequired(REQUIRED)])
    provincie_id = SelectField(
        "Gekozen provincie", coerce=_coerce_id, validators=[InputRequired(REQUIRED)]
    )
    plaats = StringField("Gekozen plaats", validators=[DataRequired(REQUIRED), Length(max=80)])
    besloten_op = DateField("Datum besluit", validators=[DataRequired("Vul een geldige datum in.")])


class ReasonForm(VersionedForm):
    reden = TextAreaField("Reden", validators=[DataRequired(REQUIRED)])


class ReportForm(VersionedForm):
    verslag = TextAreaField("Verslag van het gesprek", validators=[DataRequired(REQUIRED)])


class FollowUpForm(VersionedForm):
    omschrijving = TextAreaField("Vervolgactie", validators=[DataRequired(REQUIRED)])
    eigenaar = StringField("Eigenaar", validators=[DataRequired(REQUIRED), Length(max=120)])
    uiterlijk = DateField(
        "Uiterlijk gereed", validators=[DataRequired("Vul een geldige datum in.")]
    )
    nieuwe_zaak = SelectField(
        "Open hiervoor een gekoppelde zaak (optioneel)",
        choices=options(
            [
                ("", "Geen nieuwe zaak"),
                ("omvangswijziging", "Wijziging in omvang"),
                ("nieuwe_dienst", "Nieuwe dienst of organisatieonderdeel"),
                ("masterplan", "Masterplan / VtW"),
            ]
        ),
        validators=[Optional()],
    )


class FollowUpDoneForm(VersionedForm):
    actie_id = SelectField("Vervolgactie", coerce=_coerce_id, validators=[InputRequired(REQUIRED)])


ACTION_FORMS: dict[str, type[VersionedForm]] = {
    "opmerking": CommentForm,
    "vraag": QuestionForm,
    "aanvulling": SupplyForm,
    "buiten_behandeling": OutOfScopeForm,
    "toewijzen": AssignForm,
    "advies": AdviceForm,
    "terugsturen": ReturnForm,
    "overeenstemming": AgreementForm,
    "bezwaar": ObjectionForm,
    "agenderen": AgendaForm,
    "besluit": DecisionForm,
    "reden": ReasonForm,
    "verslag": ReportForm,
    "vervolgactie": FollowUpForm,
    "actie_gereed": FollowUpDoneForm,
}


class ExtendDeadlineForm(VersionedForm):
    new_due = DateField(
        "Nieuwe uiterste datum",
        validators=[DataRequired("Vul een geldige datum in.")],
        description="Een werkdag na de huidige uiterste datum.",
    )
    reason = TextAreaField(
        "Reden van de verlenging",
        validators=[DataRequired(REQUIRED), Length(max=2000, message="Maximaal 2000 tekens.")],
        description="De reden komt in de tijdlijn van de zaak en in het bericht aan de "
        "verantwoordelijke.",
    )


def show_errors(form: FlaskForm, exc: ValidationFailed) -> None:
    """Put a service's field errors on the form fields; the rest on top of the form."""
    placed = False
    for name, message in exc.fields.items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
            placed = True
    if not placed:
        form.form_errors.append(exc.message)


class MeetingForm(FlaskForm):
    held_on = DateField("Datum vergadering", validators=[DataRequired("Vul een geldige datum in.")])
    note = StringField("Notitie (optioneel)", validators=[Optional(), Length(max=200)])


class UserForm(FlaskForm):
    email = EmailField(
        "E-mailadres", validators=[DataRequired(REQUIRED), Email("Ongeldig e-mailadres.")]
    )
    name = StringField("Naam", validators=[DataRequired(REQUIRED), Length(max=120)])
    role = SelectField("Rol", validators=[DataRequired(REQUIRED)])
    ministry_id = SelectField(
        "Ministerie (alleen voor rol Ministerie)", coerce=_coerce_id, validators=[Optional()]
    )
    password = PasswordField(
        "Wachtwoord",
        validators=[DataRequired(REQUIRED), Length(min=12, message="Minstens 12 tekens.")],
    )
