"""The need-to-know table (``services.permissions``) in the web layer: every request is
checked against ``ROUTES`` before its view runs, so no view can forget the role check; an
endpoint missing from the table is refused (and a test fails). Object checks stay in the
services.

``@requires("permission")`` says at a handler which permission it needs where that is not
bound to an object (instead of calling a service only to make it raise). It only
*declares*: ``ROUTES`` stays the one source and ``check_route`` the one check, so nothing
is checked twice and the README's table stays complete. ``register`` compares every
declaration with the endpoint's ``ROUTES`` line when the application is built and refuses
to start on a difference (or a missing line), so the two can never drift apart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, request
from flask_babel import gettext
from flask_login import current_user

from caseflow.domain.errors import DomainError, NotAllowed
from caseflow.services import permissions
from caseflow.services.cases import access

View = TypeVar("View", bound=Callable[..., Any])
UNDECIDED = "Voor deze pagina is niet vastgelegd wie hem mag gebruiken."
DECLARED = "required_permission"  # the attribute ``requires`` sets on a view


def requires(permission: str) -> Callable[[View], View]:
    """View decorator: the handler needs ``permission``, as its ``ROUTES`` line says (checked
    by ``check_route`` before the view runs; the line is verified by ``register``)."""
    permissions.TABLE[permission]  # an unknown permission fails at import, not at request

    def declare(view: View) -> View:
        setattr(view, DECLARED, permission)
        return view

    return declare


def declared_permission(view: Callable[..., Any]) -> str | None:
    permission: str | None = getattr(view, DECLARED, None)
    return permission


def verify_declarations(app: Flask) -> None:
    """Every ``@requires`` matches its endpoint's ``ROUTES`` line, or the app does not start."""
    for endpoint, view in app.view_functions.items():
        declared = declared_permission(view)
        if declared is not None and permissions.route_permission(endpoint) != declared:
            raise RuntimeError(
                f"{endpoint}: @requires({declared!r}) but ROUTES says "
                f"{permissions.route_permission(endpoint)!r}"
            )


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
    """After the blueprints are registered (their endpoints are verified here)."""
    verify_declarations(app)
    app.before_request(check_route)
    app.add_template_filter(shown_state, "shown_state")
    app.add_template_global(may, "may")
