"""Input refused at the door, in one place for every page: control characters in the URL,
query parameters and form fields (a NUL byte cannot be stored in PostgreSQL and has no
business in a search), and ids in URLs beyond what the database can hold (a 404, not an
overflow deep inside the database driver)."""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter, Map

from caseflow.domain.bounds import INT_MAX, has_control_characters, parse_id


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` in a route: at most INT_MAX, so /zaken/99999999999999999999 is a 404."""

    def __init__(
        self,
        map: Map,  # werkzeug passes these by position: its names
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = None,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, INT_MAX if max is None else max, signed)


def refuse_control_characters() -> None:
    """400 with a Dutch message when the path, a query parameter or a form field holds a
    control character. Multi-line form fields may hold tab, CR and LF."""
    if has_control_characters(request.path):
        abort(400, _("Het adres bevat ongeldige tekens."))
    if _any_control(request.args.items(multi=True), multiline=False):
        abort(400, _("De zoekopdracht of het adres bevat ongeldige tekens (stuurtekens)."))
    # Uploaded file names are cleaned by the document service (a tab becomes a space).
    if request.method == "POST" and _any_control(request.form.items(multi=True), multiline=True):
        abort(
            400,
            _(
                "Het formulier bevat ongeldige tekens (stuurtekens, zoals een nul-byte). "
                "Verwijder ze en probeer het opnieuw; er is niets opgeslagen."
            ),
        )


def _any_control(pairs: Any, *, multiline: bool) -> bool:
    return any(
        has_control_characters(key) or has_control_characters(value, multiline=multiline)
        for key, value in pairs
    )


def id_arg(name: str) -> int | None:
    """A query parameter that holds a database id (a filter, a page cursor): None unless it
    is a positive whole number the database can hold."""
    return parse_id(request.args.get(name))


def register(app: Flask) -> None:
    """Before any blueprint: the converter applies to the rules as they are added."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(refuse_control_characters)
