"""caseflow: BZK's case system for the location of central-government services."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import flask_babel
from flask import Flask
from flask_babel import lazy_gettext

from caseflow.config import load_config
from caseflow.extensions import babel, csrf, db, login_manager, mail, migrate
from caseflow.i18n import DEFAULT_LOCALE, TRANSLATIONS, compile_catalogs, select_locale
from caseflow.services.accounts import security_log
from caseflow.services.operations import logs

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=instance_path(config),
        template_folder=str(ROOT / "templates"),
    )
    app.config.update(load_config(Path(app.instance_path), config))
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    # An upload may be MAX_UPLOAD_MB; 64 kB more leaves room for the form around the file.
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_UPLOAD_MB"] * 1024 * 1024 + 64 * 1024
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", _engine_options(app.config))
    logs.init_app(app)  # the application log, before anything logs
    _init_extensions(app)
    _verify_definitions()
    security_log.init_app(app)
    _register_web(app)
    _register_api(app)
    from caseflow.celery_app import celery_init_app
    from caseflow.cli import register_cli
    from caseflow.services.caselists import case_counts
    from caseflow.services.deadlines import case_facts
    from caseflow.services.insight import decided_totals
    from caseflow.services.reporting import tallies

    case_counts.init_app(app)
    decided_totals.init_app(app)
    tallies.init_app(app)
    case_facts.init_app(app)
    celery_init_app(app)
    register_cli(app)
    return app


def _engine_options(config: dict[str, Any]) -> dict[str, Any]:
    """The connection pool of each process (docs/deploy.md: its size against PostgreSQL's
    max_connections); a pooled connection is tested before use, so a restarted database
    costs no failed request."""
    return {
        "pool_pre_ping": True,
        "pool_size": int(config["DATABASE_POOL_SIZE"]),
        "max_overflow": int(config["DATABASE_MAX_OVERFLOW"]),
    }


def _verify_definitions() -> None:
    """Refuse to start with a workflow definition the application cannot serve."""
    from caseflow.services.cases.action_wiring import verify_definitions
    from caseflow.services.cases.filing import verify_fields
    from caseflow.web.forms import ACTION_FORMS

    verify_fields()
    verify_definitions(ACTION_FORMS)


def instance_path(config: dict[str, Any] | None = None) -> str:
    """The folder for the SQLite file, secret key, outbox, embedded broker and beat schedule:
    ``INSTANCE_PATH`` in ``config``, else ``CASEFLOW_INSTANCE_PATH``, else ``<repo>/instance``
    (so tests and benchmarks can give every worker process its own)."""
    chosen = (config or {}).get("INSTANCE_PATH") or os.environ.get("CASEFLOW_INSTANCE_PATH")
    return str(Path(chosen).resolve()) if chosen else str(ROOT / "instance")


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    app.config.setdefault(
        "MAIL_BACKEND", "locmem" if app.config["MAIL_DELIVERY"] == "locmem" else "smtp"
    )
    mail.init_app(app)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/Amsterdam")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    compile_catalogs(TRANSLATIONS)
    babel.init_app(app, locale_selector=select_locale)
    # Flask-Babel caches the locale on ``g``, which lives as long as the app context; where
    # one app context spans several requests (tests, CLI) that would leak a user's choice.
    app.before_request(flask_babel.refresh)
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Log in om deze pagina te bekijken.")
    login_manager.login_message_category = "info"
    import caseflow.models  # noqa: F401 - register the mappers


def _register_web(app: Flask) -> None:
    from caseflow.web import register

    register(app)


def _register_api(app: Flask) -> None:
    """After the web: the API answers its errors in front of the web's error pages."""
    from caseflow.api import register

    register(app)
