"""Blueprints. Views parse input, call one service and render or redirect."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from caseflow.web import admin, auth, cases, errors, filters, meetings, security

    for module in (auth, cases, meetings, admin):
        app.register_blueprint(module.bp)
    errors.register(app)
    security.register(app)
    filters.register(app)
