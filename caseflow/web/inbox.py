"""The user's own notifications (with the unread count in the header) and e-mail."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required

from caseflow.models.notification import DELIVERED, FAILED, QUEUED, SENDING
from caseflow.services.messaging import inbox
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


@bp.app_context_processor
def unread_notifications() -> dict[str, Callable[[], int | None]]:
    """A callable, so the count is queried only where a page shows it."""

    def count() -> int | None:
        return inbox.unread_count(actor()) if current_user.is_authenticated else None

    return {"unread_notifications": count}


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
