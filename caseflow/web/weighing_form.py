"""The weighing along the leidraad inside the advice form: one line per active
consideration (judgement and motivation), kept in the leidraad's order whatever was posted.

The lines are rebuilt from the considerations on every request, so a line for a
consideration that is no longer active (or never was) cannot be posted into an advice, and
one left out of a post comes back empty for the service to refuse."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import FieldList, Form, FormField, HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice

from caseflow.domain.errors import ValidationFailed
from caseflow.services.cases import weighing
from caseflow.services.reference.leidraad import Consideration, active_considerations

FIELD = weighing.FIELD
# The judgements of the domain (domain.leidraad.JUDGEMENTS), for the form.
JUDGEMENT_CHOICES = [
    SelectChoice("", _l("Kies een oordeel")),
    SelectChoice("positief", _l("Positief")),
    SelectChoice("neutraal", _l("Neutraal")),
    SelectChoice("negatief", _l("Negatief")),
    SelectChoice("nvt", _l("Niet van toepassing")),
]


class WeighingLineForm(Form):
    """One consideration: which it is (hidden), the judgement and why."""

    code = HiddenField()
    # The service checks the judgement (domain.leidraad), with a message per line.
    oordeel = SelectField(_l("Oordeel"), choices=JUDGEMENT_CHOICES, validate_choice=False)
    motivering = TextAreaField(_l("Motivering"))


def lines_field() -> Any:
    """The advice form's weighing: its lines are made by ``align``."""
    return FieldList(
        FormField(WeighingLineForm), label=_l("Afweging volgens de leidraad"), min_entries=0
    )


def posted_lines(form: Any) -> list[dict[str, str]]:
    """What the form holds now, per line (the posted values on a POST)."""
    if FIELD not in form:
        return []
    return [dict(entry.data) for entry in form[FIELD].entries if isinstance(entry.data, dict)]


def align(form: Any, wanted: Iterable[Mapping[str, Any]]) -> None:
    """Rebuild the lines: one per active consideration, with the values ``wanted`` gives
    for its code (a previous version's weighing, or what was posted)."""
    if FIELD not in form:
        return
    by_code = {str(w.get("code") or ""): w for w in wanted}
    lines = form[FIELD]
    lines.entries = []
    lines.last_index = -1
    for consideration in active_considerations():
        given = by_code.get(consideration.code, {})
        entry = lines.append_entry(
            {
                "code": consideration.code,
                "oordeel": str(given.get("oordeel") or "")[:20],
                "motivering": str(given.get("motivering") or ""),
            }
        )
        _label(entry.form, consideration)


def _label(line: WeighingLineForm, consideration: Consideration) -> None:
    line.oordeel.label.text = _("Oordeel: %(label)s", label=consideration.label)
    line.oordeel.description = consideration.guidance
    line.motivering.label.text = _("Motivering: %(label)s", label=consideration.label)


def show_line_errors(form: Any, exc: ValidationFailed) -> None:
    """Put the service's message for a consideration ("weging-<code>") beside its line."""
    if FIELD not in form:
        return
    for entry in form[FIELD].entries:
        message = exc.fields.get(f"{FIELD}-{entry.form.code.data}")
        if message:
            entry.form.oordeel.errors = [*entry.form.oordeel.errors, message]
