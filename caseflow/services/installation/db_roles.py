"""Database roles on PostgreSQL: the schema belongs to the migration role
(``MIGRATION_DATABASE_URL``); the application connects as a role that owns nothing, so it
can neither disable the audit triggers nor TRUNCATE, and may only add to the audit record."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, create_engine, make_url, text
from sqlalchemy.pool import NullPool

from caseflow.domain.errors import DomainError

# The application may read and add rows here, never change or remove them.
APPEND_ONLY = ("case_events", "audit_checkpoints", "audit_checkpoint_heads")
# Written by migrations only.
READ_ONLY = ("alembic_version",)


def owner_engine(migration_url: str, database_url: str) -> Engine:
    return create_engine(migration_url or database_url, poolclass=NullPool)


def app_role(database_url: str) -> str:
    role = make_url(database_url).username
    if not role:
        raise DomainError("DATABASE_URL noemt geen gebruiker: geef de rol op met --role.")
    return role


def grant_app_role(engine: Engine, role: str) -> list[str]:
    """Give ``role`` exactly what the application needs and take away the rest; safe to
    repeat, and to be repeated after every migration that adds a table."""
    if engine.dialect.name != "postgresql":
        raise DomainError("Databaserollen bestaan alleen op PostgreSQL.")
    with engine.begin() as conn:
        _refuse_owner_or_superuser(conn, role)
        statements = _statements(engine.dialect.identifier_preparer.quote(role))
        for statement in statements:
            conn.execute(text(statement))
    return statements


def _refuse_owner_or_superuser(conn: Connection, role: str) -> None:
    found = conn.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = :role"), {"role": role}
    ).first()
    if found is None:
        raise DomainError(f"De rol {role} bestaat niet.")
    if found[0]:
        raise DomainError(f"De rol {role} is superuser: die omzeilt elke beperking.")
    owns = conn.execute(
        text(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = :role"
        ),
        {"role": role},
    ).scalar_one()
    # The database owner owns the public schema (pg_database_owner), and a schema's owner
    # may drop any table in it.
    owns += conn.execute(
        text(
            "SELECT count(*) FROM pg_database "
            "WHERE datname = current_database() AND pg_get_userbyid(datdba) = :role"
        ),
        {"role": role},
    ).scalar_one()
    if owns:
        raise DomainError(
            f"De rol {role} is eigenaar van {owns} object(en): laat de migraties als een "
            "andere rol draaien (MIGRATION_DATABASE_URL)."
        )


def _statements(role: str) -> list[str]:
    append_only = ", ".join(APPEND_ONLY)
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE ON {append_only} FROM {role}",
        f"REVOKE INSERT, UPDATE, DELETE ON {', '.join(READ_ONLY)} FROM {role}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    ]
