"""Blueprints. Views parse input, call one service and render or redirect."""

from __future__ import annotations

from flask import Flask, redirect, url_for
from flask.typing import ResponseReturnValue


def register(app: Flask) -> None:
    from caseflow.web import (
        admin,
        auth,
        case_columns,
        cases,
        deadlines,
        documents,
        errors,
        filters,
        inbox,
        input_guard,
        insight,
        meetings,
        pages,
        permissions,
        regions,
        security,
    )

    input_guard.register(app)  # before the blueprints: their <int:...> rules use its converter
    for module in (auth, cases, deadlines, documents, inbox, insight, meetings, admin, pages):
        app.register_blueprint(module.bp)
    app.register_blueprint(regions.bp)
    from caseflow.web.overview import bp as overview_bp  # the annual overview and letters

    app.register_blueprint(overview_bp)
    from caseflow.web import account, session_guard  # own password; session limits

    app.register_blueprint(account.bp)
    from caseflow.web import organisations, publication  # reference upkeep; Woo decisions

    app.register_blueprint(organisations.bp)
    app.register_blueprint(publication.bp)
    from caseflow.web import offices  # the state's offices and meeting places (issue #12)

    app.register_blueprint(offices.bp)
    from caseflow.web import masterplans  # the masterplans as places (issue #12)

    app.register_blueprint(masterplans.bp)
    from caseflow.web import labour_market  # regional labour-market indicators (issue #12)

    app.register_blueprint(labour_market.bp)
    from caseflow.web import talks  # the register of talks (issue #12)

    app.register_blueprint(talks.bp)
    from caseflow.web import signals  # early signals of a housing need (issue #12)

    app.register_blueprint(signals.bp)
    from caseflow.web import leidraad  # the leidraad's considerations (issue #12)

    app.register_blueprint(leidraad.bp)
    from caseflow.web import province_report  # the province report (issue #12)

    app.register_blueprint(province_report.bp)
    from caseflow.web import network  # the regional network's front page

    app.register_blueprint(network.bp)
    from caseflow.web import webhooks  # webhook subscriptions and their deliveries (issue #13)

    app.register_blueprint(webhooks.bp)
    from caseflow.web import api_clients  # API clients per ministry (issue #13)

    app.register_blueprint(api_clients.bp)
    from caseflow.web import exports  # Mijn downloads: files built by a task (issue #14)

    app.register_blueprint(exports.bp)
    from caseflow.web import health  # /healthz and /readyz for the load balancer

    app.register_blueprint(health.bp)
    session_guard.register(app)
    errors.register(app)
    permissions.register(app)
    security.register(app)
    filters.register(app)
    case_columns.register(app)  # the case-type columns of case tables
    from caseflow.web import request_log  # after every blueprint: its hooks go first/last

    request_log.register(app)

    @app.get("/favicon.ico")
    def favicon() -> ResponseReturnValue:
        # Browsers ask for /favicon.ico regardless of <link rel="icon">; a 404 there is noise.
        return redirect(url_for("static", filename="img/favicon.svg"), code=301)
