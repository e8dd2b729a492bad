"""Command-line tasks for running caseflow in production: ``check-config``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from caseflow.services.operations import config_check


def register_operations_commands(group: click.Group) -> None:
    @group.command("check-config")
    def check_config() -> None:
        """Controleer of de configuratie geschikt is voor productie (niet-nul bij problemen)."""
        app = current_app
        found = config_check.problems(app.config, Path(app.instance_path), debug=app.debug)
        if not found:
            click.echo("Configuratie in orde voor productie. / Configuration fit for production.")
            return
        click.echo(
            "Configuratie niet geschikt voor productie / Configuration not fit for production:",
            err=True,
        )
        for problem in found:
            click.echo(problem.line(), err=True)
        raise click.exceptions.Exit(1)
