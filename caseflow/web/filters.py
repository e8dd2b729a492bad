"""Jinja filters and globals: dates and numbers in the active locale (Dutch unless the user
chose English), labels of states and case types."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import flask_babel
from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from caseflow.domain import dutch
from caseflow.domain.dutch import DUTCH
from caseflow.i18n import LOCALES
from caseflow.services import permissions, vocabulary
from caseflow.services.vocabulary import ROLE_LABELS

NONE = dutch.NONE  # what a screen shows for no value
OUTCOMES = {
    "overeenstemming": _l("Overeenstemming"),
    "ministerraad": _l("Besluit ministerraad"),
    "ingetrokken": _l("Ingetrokken"),
    "buiten_behandeling": _l("Buiten behandeling"),
    "geannuleerd": _l("Geannuleerd"),
    "afgerond": _l("Afgerond"),
}


def interface_locale() -> str:
    """The interface language of this request (Dutch unless the user chose English)."""
    return str(flask_babel.get_locale() or DUTCH)


def date_text(value: date | datetime | None) -> str:
    """'27 april 2026' (nl), '27 April 2026' (en)."""
    return dutch.date_text(value, interface_locale())


def datetime_text(value: datetime | None) -> str:
    """'27 april 2026 13:05' in Dutch local time."""
    return dutch.datetime_text(value, interface_locale())


def number_text(value: int | float | None) -> str:
    """'1.234,5' (nl), '1,234.5' (en)."""
    return dutch.number_text(value, interface_locale())


def count_text(value: int) -> str:
    """A count from ``queries.count``: '1.234', or 'meer dan 10.000' beyond the cap."""
    cap = int(current_app.config["COUNT_CAP"])
    if value > cap:
        return str(flask_babel.gettext("meer dan %(count)s", count=number_text(cap)))
    return number_text(value)


def signed_fte(value: int | None) -> str:
    if value is None:
        return NONE
    return f"+{number_text(value)}" if value > 0 else number_text(value)


def state_label(case: Any) -> str:
    """The state's label in the active language (labels are catalogued by
    ``caseflow.i18n.extract_labels``)."""
    shown = permissions.shown_state(current_user, case.state)
    return str(flask_babel.gettext(vocabulary.state_label(case, shown)))


def type_label(code: str) -> str:
    label = vocabulary.type_label(code)
    return code if label is None else str(flask_babel.gettext(label))


def weekday_date(value: date | datetime | str | None) -> str:
    """'maandag 27 april 2026' (nl), 'Monday 27 April 2026' (en); also for ISO dates as
    stored in audit event data."""
    if not isinstance(value, str):
        return dutch.date_text(value, interface_locale(), weekday=True)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    return dutch.date_text(day, interface_locale(), weekday=True)


def working_days_text(days: int) -> str:
    """'1 werkdag', '3 werkdagen' in the active language (the absolute number); mails and
    reminders, which are always Dutch, use ``deadline_actions.days_phrase``."""
    return str(flask_babel.ngettext("%(num)s werkdag", "%(num)s werkdagen", abs(days)))


def in_sentence(label: str) -> str:
    """A label inside a sentence: its first letter lower case, unless the first word is an
    abbreviation ("BZK", "VtW" stay as they are; "Vooroverleg met BZK" becomes
    "vooroverleg met BZK", where ``lower`` would have written "bzk")."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and any(c.isupper() for c in first[1:]):
        return label
    return label[:1].lower() + label[1:]


def current_locale() -> str:
    """The active interface language as a BCP 47 tag for ``<html lang>``."""
    return str(flask_babel.get_locale() or "nl").replace("_", "-")


def register(app: Flask) -> None:
    app.add_template_filter(date_text, "datum")
    app.add_template_filter(weekday_date, "dagdatum")
    app.add_template_filter(working_days_text, "werkdagen")
    app.add_template_filter(datetime_text, "datumtijd")
    app.add_template_filter(number_text, "getal")
    app.add_template_filter(count_text, "aantal")
    app.add_template_filter(signed_fte, "fte")
    app.add_template_filter(state_label, "status")
    app.add_template_filter(type_label, "zaaktype")
    app.add_template_filter(in_sentence, "in_zin")
    app.jinja_env.globals.update(
        ROLE_LABELS=ROLE_LABELS, OUTCOMES=OUTCOMES, LOCALES=LOCALES, current_locale=current_locale
    )
