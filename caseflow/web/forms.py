"""WTForms forms. Every form carries the CSRF token (Flask-WTF); Dutch labels and
messages. Action forms are keyed by the input type an action declares (workflows.inputs):
a form has a field for every attribute of its input type, of the same name."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import flask_babel
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
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
    Optional,
    StopValidation,
)

from caseflow.domain import publication as woo
from caseflow.domain.bounds import DATE_MAX, DATE_MIN, INT_MAX, INT_MIN, within_dates
from caseflow.domain.errors import ValidationFailed
from caseflow.services.cases import action_inputs as inputs
from caseflow.services.cases.effects import OUT_OF_SCOPE_REASONS
from caseflow.web import weighing_form
from caseflow.web.auth_forms import StrongPassword

REQUIRED = _l("Dit veld is verplicht.")


def options(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """Select options; an empty value stands for "no choice"."""
    return [SelectChoice("" if value is None else str(value), label) for value, label in pairs]


def _coerce_id(value: Any) -> int | None:
    if value in (None, "", "None"):
        return None
    number = int(value)
    if not 0 < number <= INT_MAX:  # no row has it; WTForms reports an invalid choice
        raise ValueError(value)
    return number


class BoundedIntegerField(IntegerField):
    """A whole number within ``minimum``..``maximum`` (by default what the database holds).
    Anything else, ``nan``, ``1e3`` and 10²⁰ included, gets a Dutch message."""

    data: int | None

    def __init__(
        self, *args: Any, minimum: int = INT_MIN, maximum: int = INT_MAX, **kwargs: Any
    ) -> None:
        kwargs.setdefault("invalid_value_message", _l("Vul een geheel getal in."))
        super().__init__(*args, **kwargs)
        self.minimum, self.maximum = minimum, maximum

    def process_formdata(self, valuelist: list[Any]) -> None:
        # An empty box is no number (the validators decide whether that is allowed), not a
        # wrong one: optional fte fields left empty must not block the form.
        if valuelist and not str(valuelist[0]).strip():
            self.data = None
            return
        super().process_formdata(valuelist)

    def pre_validate(self, form: Any) -> None:
        if self.process_errors:  # not a number at all: that message alone
            raise StopValidation()
        if self.data is not None and not self.minimum <= self.data <= self.maximum:
            raise StopValidation(
                _(
                    "Vul een getal in van %(minimum)s tot en met %(maximum)s.",
                    minimum=flask_babel.format_decimal(self.minimum),
                    maximum=flask_babel.format_decimal(self.maximum),
                )
            )


class BoundedDateField(DateField):
    """A date within DATE_MIN..DATE_MAX: the working-day calendar and the database can reason
    about it (9999-12-31 would overflow the first deadline computed from it)."""

    data: date | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        # A browser posts an empty date input as "": no date, for Optional or DataRequired
        # to judge, rather than an invalid one (WTForms' DateField refuses "").
        if valuelist and not "".join(str(v) for v in valuelist).strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_("Vul een geldige datum in.")) from exc

    def pre_validate(self, form: Any) -> None:
        if self.process_errors:  # not a date at all: that message alone
            raise StopValidation()
        if isinstance(self.data, date) and not within_dates(self.data):
            raise StopValidation(
                _(
                    "Vul een datum in tussen %(first)s en %(last)s.",
                    first=DATE_MIN.isoformat(),
                    last=DATE_MAX.isoformat(),
                )
            )


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mailadres"), validators=[DataRequired(REQUIRED), Email(_l("Ongeldig e-mailadres."))]
    )
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired(REQUIRED)])


class PreferencesForm(FlaskForm):
    # The service validates the choice (so an unknown value gives a Dutch 422, not WTForms').
    locale = SelectField(
        _l("Taal"),
        choices=options([("nl", "Nederlands"), ("en", "English")]),
        validate_choice=False,
    )


class VersionedForm(FlaskForm):
    """Carries the case version the page was rendered with (optimistic locking)."""

    version = HiddenField(validators=[DataRequired()])

    def version_number(self) -> int:
        try:
            number = int(self.version.data)
        except (TypeError, ValueError):
            return -1
        return number if 0 <= number <= INT_MAX else -1


class CaseForm(VersionedForm):
    """Filing form: ``filing_form.case_form_class`` adds the fields a case type declares in
    its workflow definition; ``case_form`` keeps ``ministry_id`` only where BZK files."""

    ministry_id = SelectField(_l("Ministerie"), coerce=_coerce_id, validators=[Optional()])


class CommentForm(VersionedForm):
    opmerking = TextAreaField(_l("Toelichting (optioneel)"), validators=[Optional()])


class QuestionForm(VersionedForm):
    vraag = TextAreaField(_l("Vraag aan het ministerie"), validators=[DataRequired(REQUIRED)])


class SupplyForm(VersionedForm):
    aanvulling = TextAreaField(
        _l("Aanvulling"),
        validators=[DataRequired(REQUIRED)],
        description=_l("Pas zo nodig eerst de zaakgegevens aan."),
    )


class OutOfScopeForm(VersionedForm):
    reden_code = SelectField(
        _l("Reden"),
        choices=options([("", _l("Kies een reden")), *OUT_OF_SCOPE_REASONS.items()]),
        validators=[DataRequired(REQUIRED)],
    )
    reden = TextAreaField(_l("Toelichting"), validators=[DataRequired(REQUIRED)])


class AssignForm(VersionedForm):
    behandelaar_id = SelectField(
        _l("Adviseur"), coerce=_coerce_id, validators=[InputRequired(REQUIRED)]
    )


class AdviceForm(VersionedForm):
    tekst = TextAreaField(_l("Tekst"), validators=[DataRequired(REQUIRED)])
    provincie_id = SelectField(
        _l("Geadviseerde provincie"), coerce=_coerce_id, validators=[InputRequired(REQUIRED)]
    )
    plaats = StringField(
        _l("Geadviseerde plaats"), validators=[DataRequired(REQUIRED), Length(max=80)]
    )
    weging = weighing_form.lines_field()


class ReturnForm(VersionedForm):
    opmerkingen = TextAreaField(
        _l("Opmerkingen voor de opsteller"), validators=[DataRequired(REQUIRED)]
    )


class AgreementForm(VersionedForm):
    provincie_id = SelectField(
        _l("Overeengekomen provincie"), coerce=_coerce_id, validators=[InputRequired(REQUIRED)]
    )
    plaats = StringField(
        _l("Overeengekomen plaats"), validators=[DataRequired(REQUIRED), Length(max=80)]
    )
    opmerking = TextAreaField(_l("Toelichting (optioneel)"), validators=[Optional()])


class ObjectionForm(VersionedForm):
    bezwaren = TextAreaField(
        _l("Redenen om niet in te stemmen"), validators=[DataRequired(REQUIRED)]
    )


class AgendaForm(VersionedForm):
    vergadering_id = SelectField(
        _l("Vergadering ministerraad"), coerce=_coerce_id, validators=[InputRequired(REQUIRED)]
    )
    onderraad = StringField(_l("Onderraad (optioneel)"), validators=[Optional(), Length(max=80)])


class DecisionForm(VersionedForm):
    besluit = TextAreaField(_l("Besluit van de ministerraad"), validators=[DataRequired(REQUIRED)])
    provincie_id = SelectField(
        _l("Gekozen provincie"), coerce=_coerce_id, validators=[InputRequired(REQUIRED)]
    )
    plaats = StringField(_l("Gekozen plaats"), validators=[DataRequired(REQUIRED), Length(max=80)])
    besloten_op = BoundedDateField(
        _l("Datum besluit"), validators=[DataRequired(_l("Vul een geldige datum in."))]
    )


def publication_choices() -> list[SelectChoice]:
    return options([("", _l("Kies een besluit")), *woo.DECISIONS.items()])


def ground_choices() -> list[SelectChoice]:
    return options([("", _l("Geen (openbaar)")), *woo.GROUNDS.items()])


class PublicationFields:
    """The Woo decision: openbaar, deels openbaar or niet openbaar, with the ground."""

    openbaarheid = SelectField(
        _l("Openbaarmaking"),
        choices=publication_choices(),
        validators=[DataRequired(_l("Kies openbaar, deels openbaar of niet openbaar."))],
        description=_l("Wat van deze zaak openbaar mag worden (Wet open overheid)."),
    )
    weigeringsgrond = SelectField(
        _l("Weigeringsgrond"),
        choices=ground_choices(),
        validators=[Optional()],
        description=_l("Verplicht bij deels openbaar en niet openbaar (art. 5.1 en 5.2 Woo)."),
    )


class CloseForm(VersionedForm, PublicationFields):
    """Closing a location case: besides the retention date, the Woo decision of the case."""

    opmerking = TextAreaField(_l("Toelichting (optioneel)"), validators=[Optional()])


class PublicationForm(VersionedForm, PublicationFields):
    """The coordinator's Woo decision on the page of a closed case (case or document)."""


class ReasonForm(VersionedForm):
    reden = TextAreaField(_l("Reden"), validators=[DataRequired(REQUIRED)])


class ReportForm(VersionedForm):
    verslag = TextAreaField(_l("Verslag van het gesprek"), validators=[DataRequired(REQUIRED)])


class FollowUpForm(VersionedForm):
    omschrijving = TextAreaField(_l("Vervolgactie"), validators=[DataRequired(REQUIRED)])
    eigenaar = StringField(_l("Eigenaar"), validators=[DataRequired(REQUIRED), Length(max=120)])
    uiterlijk = BoundedDateField(
        _l("Uiterlijk gereed"), validators=[DataRequired(_l("Vul een geldige datum in."))]
    )
    nieuwe_zaak = SelectField(
        _l("Open hiervoor een gekoppelde zaak (optioneel)"),
        choices=options(
            [
                ("", _l("Geen nieuwe zaak")),
                ("omvangswijziging", "Wijziging in omvang"),
                ("nieuwe_dienst", "Nieuwe dienst of organisatieonderdeel"),
                ("masterplan", "Masterplan / VtW"),
            ]
        ),
        validators=[Optional()],
    )


class FollowUpDoneForm(VersionedForm):
    actie_id = SelectField(
        _l("Vervolgactie"), coerce=_coerce_id, validators=[InputRequired(REQUIRED)]
    )


ACTION_FORMS: dict[type[inputs.ActionInput], type[VersionedForm]] = {
    inputs.CommentInput: CommentForm,
    inputs.QuestionInput: QuestionForm,
    inputs.SupplyInput: SupplyForm,
    inputs.OutOfScopeInput: OutOfScopeForm,
    inputs.AssignInput: AssignForm,
    inputs.AdviceInput: AdviceForm,
    inputs.ReturnInput: ReturnForm,
    inputs.AgreementInput: AgreementForm,
    inputs.ObjectionInput: ObjectionForm,
    inputs.AgendaInput: AgendaForm,
    inputs.DecisionInput: DecisionForm,
    inputs.ReasonInput: ReasonForm,
    inputs.ReportInput: ReportForm,
    inputs.FollowUpInput: FollowUpForm,
    inputs.FollowUpDoneInput: FollowUpDoneForm,
    inputs.CloseInput: CloseForm,
}


def action_input(form: VersionedForm, input_type: type[inputs.ActionInput]) -> inputs.ActionInput:
    """The typed input of a validated action form (the one way the web builds one)."""
    return inputs.read_input(input_type, form.data)


class ExtendDeadlineForm(VersionedForm):
    new_due = BoundedDateField(
        _l("Nieuwe uiterste datum"),
        validators=[DataRequired(_l("Vul een geldige datum in."))],
        description=_l("Een werkdag na de huidige uiterste datum."),
    )
    reason = TextAreaField(
        _l("Reden van de verlenging"),
        validators=[DataRequired(REQUIRED), Length(max=2000, message=_l("Maximaal 2000 tekens."))],
        description=_l(
            "De reden komt in de tijdlijn van de zaak en in het bericht aan de verantwoordelijke."
        ),
    )


def show_errors(form: FlaskForm, exc: ValidationFailed) -> None:
    """Put a service's field errors on the form fields; the rest on top of the form."""
    placed = False
    for name, message in exc.fields.items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
            placed = True
    weighing_form.show_line_errors(form, exc)
    if not placed:
        form.form_errors.append(exc.message)


class MeetingForm(FlaskForm):
    held_on = BoundedDateField(
        _l("Datum vergadering"), validators=[DataRequired(_l("Vul een geldige datum in."))]
    )
    note = StringField(_l("Notitie (optioneel)"), validators=[Optional(), Length(max=200)])


class UserEditForm(FlaskForm):
    """An account's data as the administrator edits it; ``UserForm`` adds the password."""

    email = EmailField(
        _l("E-mailadres"), validators=[DataRequired(REQUIRED), Email(_l("Ongeldig e-mailadres."))]
    )
    name = StringField(_l("Naam"), validators=[DataRequired(REQUIRED), Length(max=120)])
    role = SelectField(_l("Rol"), validators=[DataRequired(REQUIRED)])
    ministry_id = SelectField(
        _l("Ministerie (alleen voor rol Ministerie)"), coerce=_coerce_id, validators=[Optional()]
    )


class UserForm(UserEditForm):
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[DataRequired(REQUIRED), StrongPassword()],
    )
