"""Celery tasks: thin, argument-free or taking ids, each calling one service.

The reminder scan and the mail delivery are separate tasks on the same beat cadence: a
slow or failing mail server never holds up the scan (the reminders commit their mails to
the outbox), and each can be run, retried or scaled on its own."""

from __future__ import annotations

from celery import shared_task

from caseflow.services.audit import watch
from caseflow.services.deadlines import reminders
from caseflow.services.messaging import mail, webhook_delivery
from caseflow.services.network import follow_up_reminders
from caseflow.services.reporting import exports


@shared_task(name="caseflow.tasks.scan_reminders")  # type: ignore[untyped-decorator]
def scan_reminders() -> dict[str, int]:
    """Send due reminders (of case deadlines and of talks' actions) into the outbox. Safe
    to run twice at once."""
    return {"reminders": reminders.process_due(), "follow_ups": follow_up_reminders.remind()}


@shared_task(name="caseflow.tasks.deliver_mail")  # type: ignore[untyped-decorator]
def deliver_mail() -> dict[str, int]:
    """Deliver the mail outbox. Safe to run twice at once: each message is claimed first."""
    return {"mails": mail.deliver_pending()}


@shared_task(name="caseflow.tasks.deliver_webhooks")  # type: ignore[untyped-decorator]
def deliver_webhooks() -> dict[str, int]:
    """Send the due webhook events. Safe to run twice at once: each delivery is claimed
    first; a failed one waits its back-off before the next run tries it again."""
    return {"webhooks": webhook_delivery.deliver_pending()}


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


@shared_task(name="caseflow.tasks.build_exports")  # type: ignore[untyped-decorator]
def build_exports() -> dict[str, int]:
    """Build the waiting export jobs (Mijn downloads). Safe to run twice at once: each job is
    claimed first; a job whose builder died is claimed again after the task time limit."""
    return {"exports": exports.build_pending()}


@shared_task(name="caseflow.tasks.expire_exports")  # type: ignore[untyped-decorator]
def expire_exports() -> dict[str, int]:
    """Remove the export jobs and files past their expiry (EXPORT_KEEP_DAYS)."""
    return {"expired": exports.expire()}
