"""A form sent for a case that someone else changed meanwhile (optimistic locking): the
user's input is kept. The form is shown again with what was typed, now carrying the fresh
version, so sending it once more applies the input to the case as it is now."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import flash, request
from flask_babel import lazy_gettext as _l

from caseflow.domain.errors import Conflict
from caseflow.services.cases.access import get_case
from caseflow.services.unit_of_work import STALE
from caseflow.web.forms import VersionedForm

if TYPE_CHECKING:
    from caseflow.models import Case, User

REAPPLY = _l(
    "Iemand anders heeft deze zaak gewijzigd terwijl u dit formulier invulde. Uw invoer is "
    "nog niet opgeslagen en staat hieronder. Bekijk zo nodig eerst de actuele gegevens van "
    "de zaak; verstuur het formulier dan opnieuw om uw invoer op de actuele zaak toe te "
    "passen."
)


def reapply_on_fresh_case(user: User, case_id: int, form: VersionedForm, exc: Conflict) -> Case:
    """The case as it is now, with ``form`` moved onto its version and the explanation
    flashed. Any other conflict (the action is no longer possible, the case is closed)
    stays the 409 page, which lists the input too (``typed_input``)."""
    if exc.message != STALE:
        raise exc
    fresh = get_case(user, case_id)
    form.version.data = str(fresh.version)
    flash(str(REAPPLY), "warning")
    return fresh


# Fields that are no input of the user's, or must never be shown back.
NOT_SHOWN = frozenset({"csrf_token", "version", "password", "wachtwoord", "code", "invoegen"})


def typed_input() -> list[tuple[str, str]]:
    """What the user typed in the form that met a conflict, to show on the 409 page so
    nothing is lost when the form itself cannot be offered again."""
    if request.method != "POST":
        return []
    shown = [
        (name.replace("_", " ").capitalize(), value)
        for name, value in request.form.items()
        # A chosen option is a number that means nothing to the reader; text is what counts.
        if name not in NOT_SHOWN and value.strip() and not value.strip().isdigit()
    ]
    return shown[:20]


def case_link() -> str | None:
    """The case page the failed form belonged to, if any."""
    case_id = (request.view_args or {}).get("case_id")
    return f"/zaken/{case_id}" if isinstance(case_id, int) else None
