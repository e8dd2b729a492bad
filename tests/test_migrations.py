"""The database built by the migrations matches the models (no pending autogenerate diff)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import check
from sqlalchemy import inspect, text

from caseflow.extensions import db
from caseflow.schema import include_object_for


def test_migrated_schema_matches_the_models(app: Flask) -> None:
    with db.engine.connect() as connection:
        only_here = include_object_for(connection.dialect.name)
        opts = {"compare_type": True, "include_object": only_here}
        context = MigrationContext.configure(connection, opts=opts)
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_flask_db_check_finds_nothing_to_generate(app: Flask) -> None:
    # flask_migrate logs the pending operations and exits with status 1 on a diff.
    check()


def test_every_model_table_and_the_audit_triggers_exist(app: Flask) -> None:
    tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) | {"alembic_version"} == tables
    if db.engine.dialect.name == "postgresql":
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    triggers = set(db.session.scalars(text(query)))
    audit_tables = ("case_events", "audit_checkpoints", "audit_checkpoint_heads")
    if db.engine.dialect.name == "postgresql":
        expected = {
            f"{t}_{guard}" for t in audit_tables for guard in ("append_only", "no_truncate")
        }
    else:
        expected = {f"{t}_no_{verb}" for t in audit_tables for verb in ("update", "delete")}
    assert triggers == expected
