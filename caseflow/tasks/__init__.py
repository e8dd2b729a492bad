"""Celery tasks: thin, argument-free or taking ids, each calling one service."""

from __future__ import annotations

from celery import shared_task

from caseflow.services.audit import watch
from caseflow.services.deadlines import reminders
from caseflow.services.messaging import mail


@shared_task(name="caseflow.tasks.scan_reminders")  # type: ignore[untyped-decorator]
def scan_reminders() -> dict[str, int]:
    """Send due reminders, then deliver the mail outbox. Safe to run twice at once."""
    sent = reminders.process_due()
    delivered = mail.deliver_pending()
    return {"reminders": sent, "mails": delivered}


@shared_task(name="caseflow.tasks.watch_audit")  # type: ignore[untyped-decorator]
def watch_audit() -> dict[str, int | bool | None]:
    """Verify the audit record; checkpoint it when intact, alert the administrators when not."""
    outcome = watch.run_daily()
    return {
        "intact": outcome.intact,
        "breaks": outcome.breaks,
        "checkpoint": outcome.checkpoint,
        "alerted": outcome.alerted,
    }
