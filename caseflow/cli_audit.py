"""``flask caseflow verify-audit``, ``audit-checkpoint`` and ``grant-app-role``: the audit
record and the database roles that protect it."""

from __future__ import annotations

import click
from flask import current_app

from caseflow.domain.errors import DomainError
from caseflow.services.audit import checkpoints, verification
from caseflow.services.audit.verification import Report
from caseflow.services.installation import db_roles

# Lines of further breaks printed after the first one.
SHOWN = 20


def register_audit_commands(group: click.Group) -> None:
    @group.command("verify-audit")
    def verify_audit() -> None:
        """Controleer het audit-record (ketens, controlepunten); code 1 bij een breuk."""
        report = verification.verify()
        _print(report)
        if not report.intact:
            raise SystemExit(1)

    @group.command("audit-checkpoint")
    def audit_checkpoint() -> None:
        """Controleer het audit-record en leg, als het intact is, een controlepunt vast."""
        report = verification.verify()
        _print(report)
        if not report.intact:
            click.echo("Geen controlepunt geschreven: het record is niet intact.", err=True)
            raise SystemExit(1)
        checkpoint = checkpoints.write()
        click.echo(
            f"Controlepunt {checkpoint.id}: {checkpoint.heads} zaak/zaken bijgewerkt tot "
            f"gebeurtenis {checkpoint.last_event_id}; kop {checkpoint.mac}."
        )

    @group.command("grant-app-role")
    @click.option("--role", default=None, help="Standaard: de gebruiker in DATABASE_URL.")
    def grant_app_role(role: str | None) -> None:
        """PostgreSQL: geef de applicatierol precies de rechten die zij nodig heeft (als
        eigenaar, via MIGRATION_DATABASE_URL); herhaal na elke migratie."""
        config = current_app.config
        try:
            target = role or db_roles.app_role(config["DATABASE_URL"])
            engine = db_roles.owner_engine(config["MIGRATION_DATABASE_URL"], config["DATABASE_URL"])
            for statement in db_roles.grant_app_role(engine, target):
                click.echo(statement)
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc


def _print(report: Report) -> None:
    if report.intact:
        click.echo(
            f"Audit-record intact: {report.cases} zaken, {report.events} gebeurtenissen, "
            f"{report.checkpoints} controlepunten."
        )
        if report.unsealed:
            click.echo(
                f"{report.unsealed} gebeurtenissen van voor de sleutel zijn nog niet verzegeld: "
                "schrijf een controlepunt (flask --app wsgi caseflow audit-checkpoint)."
            )
        return
    first, *others = report.breaks
    click.echo(f"Eerste breuk: {first.describe()}", err=True)
    for other in others[:SHOWN]:
        click.echo(f"Ook: {other.describe()}", err=True)
    if len(others) > SHOWN:
        click.echo(f"… en nog {len(others) - SHOWN} breuken.", err=True)
    click.echo(
        f"Audit-record NIET intact: {len(report.breaks)} breuk(en) in {report.cases} zaken, "
        f"{report.events} gebeurtenissen, {report.checkpoints} controlepunten.",
        err=True,
    )
