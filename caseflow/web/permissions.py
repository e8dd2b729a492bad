"""The need-to-know table (``services.permissions``) in the web layer: every request is
checked against ``ROUTES`` before its view runs, so no view can forget the role check; an
endpoint missing from the table is refused (and a test fails). ``requires`` states a view's
permission where it is written; object checks stay in the services."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, current_app, request
from flask_babel import gettext
from flask_login import current_user

from caseflow.domain.errors import DomainError, NotAllowed
from caseflow.services import permissions
from caseflow.services.cases import access

View = TypeVar("View", bound=Callable[..., Any])
UNDECIDED = "Voor deze pagina is niet vastgelegd wie hem mag gebruiken."


def requires(permission: str) -> Callable[[View], View]:
    """View decorator: the logged-in user must hold ``permission`` (NotFound or NotAllowed)."""
    permissions.TABLE[permission]  # an unknown permission fails at import, not at request

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if current_user.is_authenticated:
                permissions.require(current_user, permission)
            return view(*args, **kwargs)

        return cast(View, checked)

    return decorate


def check_route() -> None:
    """Before every request: the endpoint's permission from the table."""
    if request.endpoint is None:
        return  # no route: the 404 handler answers
    needed = permissions.route_permission(request.endpoint)
    if needed == permissions.PUBLIC or not current_user.is_authenticated:
        return  # login_required sends anonymous users to the login page
    if needed is None:
        current_app.logger.error("Route zonder regel in de rechtentabel: %s", request.endpoint)
        raise NotAllowed(UNDECIDED)
    case_id = (request.view_args or {}).get("case_id")
    if isinstance(case_id, int):
        # A case the user may not see does not exist (404), whatever the route would allow.
        permissions.require(current_user, "case.view", access.get_case(current_user, case_id))
    try:
        permissions.require(current_user, needed)
    except DomainError as exc:
        # The table's messages are Dutch; where the interface has them in English, use it.
        raise type(exc)(str(gettext(exc.message))) from exc


def shown_state(case: Any) -> str:
    """Jinja filter: the state code of ``case`` as the current user is shown it."""
    return permissions.shown_state(current_user, case.state)


def may(permission: str) -> bool:
    """Jinja global: whether the current user holds ``permission`` (no object, no query)."""
    return permissions.can(current_user, permission)


def register(app: Flask) -> None:
    app.before_request(check_route)
    app.add_template_filter(shown_state, "shown_state")
    app.add_template_global(may, "may")
