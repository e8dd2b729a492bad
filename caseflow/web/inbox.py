"""The user's own notifications (with the unread count in the header) and e-mail."""

from __future__ import annotations

import functools
from typing import Any

from flask import (
    Blueprint,
    Flask,
    before_render_template,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from jinja2 import Environment, Template, meta

from caseflow.services.messaging import inbox
from caseflow.services.vocabulary import DELIVERED, FAILED, QUEUED, SENDING
from caseflow.web.input_guard import id_arg
from caseflow.web.session import actor

bp = Blueprint("inbox", __name__)

PAGE_SIZE = 50
MAIL_STATUS = {
    QUEUED: _l("In de wachtrij"),
    SENDING: _l("Wordt verzonden"),
    DELIVERED: _l("Verzonden"),
    FAILED: _l("Mislukt"),
}


# The header of every page shows the unread count. It is queried once, just before a page
# that extends base.html renders (a PDF, a letter or a download never pays for it), and
# handed to the template as a plain number: no template global or context processor reads
# the database while the template renders, and no view has to remember to pass it.
HEADER_TEMPLATE = "base.html"


def add_unread_count(sender: Flask, template: Template, context: dict[str, Any]) -> None:
    """``before_render_template``: put the user's unread count in a page's context."""
    if "unread_notifications" in context:  # a view that already has it
        return
    shows_header = _extends(sender.jinja_env, template.name, HEADER_TEMPLATE)
    if shows_header and current_user.is_authenticated:
        context["unread_notifications"] = inbox.unread_count(actor())


def _extends(env: Environment, name: str | None, base: str) -> bool:
    """Whether template ``name`` is ``base`` or builds on it (extends or includes it)."""
    return name is not None and (name == base or base in _parents(env, name))


@functools.lru_cache(maxsize=512)
def _parents(env: Environment, name: str) -> frozenset[str]:
    """Every template ``name`` extends, includes or imports, directly or further up."""
    found: set[str] = set()
    todo = [name]
    while todo and env.loader is not None:
        source = env.loader.get_source(env, todo.pop())[0]
        for parent in meta.find_referenced_templates(env.parse(source)):
            if parent and parent not in found:
                found.add(parent)
                todo.append(parent)
    return frozenset(found)


@bp.record_once
def _listen(state: BlueprintSetupState) -> None:
    before_render_template.connect(add_unread_count, state.app)


@bp.get("/meldingen")
@login_required
def notifications() -> ResponseReturnValue:
    before = id_arg("voor")
    return render_template(
        "inbox/notifications.html",
        page=inbox.notifications_for(actor(), PAGE_SIZE, before),
        first_page=before is None,
    )


@bp.post("/meldingen/<int:notification_id>/gelezen")
@login_required
def mark_read(notification_id: int) -> ResponseReturnValue:
    inbox.mark_read(actor(), notification_id)
    flash(_("De melding is als gelezen gemarkeerd."), "success")
    return redirect(url_for("inbox.notifications"))


@bp.post("/meldingen/alles-gelezen")
@login_required
def mark_all_read() -> ResponseReturnValue:
    count = inbox.mark_all_read(actor())
    flash(
        ngettext(
            "%(num)s melding als gelezen gemarkeerd.",
            "%(num)s meldingen als gelezen gemarkeerd.",
            count,
        ),
        "success",
    )
    return redirect(url_for("inbox.notifications"))


@bp.get("/meldingen/email")
@login_required
def mail() -> ResponseReturnValue:
    before = id_arg("voor")
    return render_template(
        "inbox/mail.html",
        page=inbox.mail_for(actor(), PAGE_SIZE, before),
        first_page=before is None,
        status_labels=MAIL_STATUS,
        file_delivery=current_app.config["MAIL_DELIVERY"] == "file",
    )


@bp.get("/meldingen/email/<int:message_id>")
@login_required
def mail_message(message_id: int) -> ResponseReturnValue:
    return render_template(
        "inbox/mail_message.html",
        message=inbox.mail_message(actor(), message_id),
        status_labels=MAIL_STATUS,
        file_delivery=current_app.config["MAIL_DELIVERY"] == "file",
    )
