"""Command-line tasks: ``flask --app wsgi caseflow seed`` and user management."""

from __future__ import annotations

import subprocess
from pathlib import Path

import click
from flask import Flask

import workflows
from caseflow import frontend
from caseflow.cli_audit import register_audit_commands
from caseflow.cli_operations import register_operations_commands
from caseflow.domain.errors import ValidationFailed
from caseflow.services.accounts import users
from caseflow.services.caselists import case_counts
from caseflow.services.cases.diagrams import diagram_svg
from caseflow.services.deadlines import case_facts
from caseflow.services.insight import decided_totals, figures
from caseflow.services.installation import demo, seeding
from caseflow.services.reference import loader
from caseflow.services.reporting import tallies
from caseflow.services.unit_of_work import transaction
from workflows.base import ROLES


def register_cli(app: Flask) -> None:
    @app.cli.group("caseflow")
    def group() -> None:
        """Beheertaken voor caseflow."""

    register_audit_commands(group)
    register_operations_commands(group)

    @group.command("seed")
    @click.option(
        "--demo/--no-demo", "with_demo", default=True, help="Ook demogebruikers en demozaken."
    )
    def seed(with_demo: bool) -> None:
        """Laad referentiegegevens (en demogegevens) in één transactie: alles of niets;
        twee keer draaien voegt niets toe."""
        try:
            loaded = seeding.seed(with_demo=with_demo)
        except seeding.SeedFailed as failure:
            click.echo(str(failure), err=True)
            raise click.exceptions.Exit(1) from failure
        click.echo("Referentiegegevens geladen.")
        if loaded is None:
            return
        click.echo(f"Demozaken aangemaakt: {loaded.cases}.")
        click.echo(f"Demo-ontwikkelprofielen aangemaakt: {loaded.profiles}.")
        click.echo(f"Illustratieve cijfers bijgewerkt: {loaded.illustrative_figures}.")
        click.echo(f"Demogebruikers (wachtwoord: {demo.DEMO_PASSWORD}):")
        for key, _name, role, ministry in demo.DEMO_USERS:
            click.echo(f"  {demo.demo_email(key):34} {role}{' ' + ministry if ministry else ''}")

    @group.command("recount")
    def recount() -> None:
        """Tel de zaken per ministerie, zaaktype en status en de besloten zaken per jaar
        opnieuw en neem behandelaar en ministerie van elke zaak opnieuw over op haar
        termijnen (na wijzigingen buiten de applicatie om)."""
        with transaction():
            rows = case_counts.recount()
            decided = decided_totals.recount()
            case_facts.recopy()
            reported = tallies.recount()
        click.echo(f"Zaken opnieuw geteld: {rows} tellingen.")
        click.echo(f"Besloten zaken per jaar opnieuw geteld: {decided} totalen.")
        click.echo(f"Jaaroverzicht en provincierapporten opnieuw geteld: {reported} tellingen.")

    @group.command("load-figures")
    def load_figures() -> None:
        """Laad de officiële bekende werkgelegenheidscijfers uit caseflow/data."""
        click.echo(f"Officiële cijfers per provincie geladen: {figures.load_known_figures()}.")

    @group.command("demo-figures")
    def demo_figures() -> None:
        """Genereer illustratieve cijfers voor alle provincies (gelabeld als illustratief)."""
        figures.load_known_figures()
        click.echo(
            f"Illustratieve cijfers aangemaakt of bijgewerkt: {figures.generate_demo_figures()}."
        )

    @group.command("remove-illustrative-figures")
    def remove_illustrative_figures() -> None:
        """Verwijder alle illustratieve (gegenereerde) cijfers; officiële cijfers blijven."""
        click.echo(f"Illustratieve cijfers verwijderd: {figures.remove_illustrative_figures()}.")

    @group.command("diagrams")
    @click.argument("folder", type=click.Path(file_okay=False), default="docs/workflows")
    def diagrams(folder: str) -> None:
        """Schrijf het werkstroomdiagram van elke versie van elk zaaktype als SVG."""
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        for (code, version), definition in sorted(workflows.REGISTRY.items()):
            path = target / f"{code}-v{version}.svg"
            path.write_text(diagram_svg(definition, None), encoding="utf-8")
            click.echo(f"{path}")

    @group.command("vendor")
    def vendor() -> None:
        """Haal de open front-endpakketten (vaste versies) op uit het npm-register."""
        for package in frontend.VENDORED:
            for path in frontend.fetch(package):
                click.echo(f"{package.spec}: {path.relative_to(frontend.ROOT)}")

    @group.command("fetch-tokens")
    def fetch_tokens() -> None:
        """Haal de Rijkshuisstijl-designtokens op (niet vrij gelicenseerd, niet in git)."""
        try:
            frontend.fetch(frontend.TOKENS)
        except (OSError, subprocess.CalledProcessError) as exc:
            click.echo(f"Designtokens niet opgehaald ({exc}); het open thema blijft actief.")
            return
        click.echo(f"{frontend.TOKENS.spec} staat in {frontend.TOKENS.folder}.")

    @group.command("create-user")
    @click.argument("email")
    @click.argument("name")
    @click.argument("role", type=click.Choice(ROLES))
    @click.option("--ministry", default=None, help="Afkorting, verplicht voor rol ministerie.")
    @click.password_option()
    def create_user(email: str, name: str, role: str, ministry: str | None, password: str) -> None:
        """Maak een gebruiker aan."""
        owner = loader.current_ministry(ministry) if ministry else None
        try:
            # The same checks and password rule as the administrator's screen (one place).
            with transaction():
                users.add_user(email, name, role, owner, password)
        except ValidationFailed as exc:
            raise click.BadParameter(" ".join(exc.fields.values()) or exc.message) from exc
        click.echo(f"Gebruiker {email} aangemaakt.")
