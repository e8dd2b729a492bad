"""audit: keyed chain checkpoints and a TRUNCATE guard

Revision ID: 2b3c4d5e6f7a
Revises: 1a2b3c4d5e6f
Create Date: 2026-12-07 12:21:00

Events get the fingerprint of the key that signed them (``key_id``); the events already
written keep an empty ``key_id``: they stay plain SHA-256 and are sealed by the first
checkpoint (see caseflow/services/audit/verification.py). Checkpoints and their heads are
append-only like the events, and on PostgreSQL a statement trigger refuses TRUNCATE on all
three tables (row triggers do not fire for TRUNCATE).
"""
from alembic import op
import sqlalchemy as sa


revision = '2b3c4d5e6f7a'
down_revision = '1a2b3c4d5e6f'
branch_labels = None
depends_on = None

APPEND_ONLY = ("audit_checkpoints", "audit_checkpoint_heads")
NO_TRUNCATE = ("case_events",) + APPEND_ONLY


def upgrade():
    # ADD COLUMN in place (no table copy on SQLite), so the existing triggers stay.
    op.add_column(
        'case_events',
        sa.Column('key_id', sa.String(length=16), server_default='', nullable=False),
    )
    op.create_table(
        'audit_checkpoints',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_event_id', sa.Integer(), nullable=False),
        sa.Column('heads', sa.Integer(), nullable=False),
        sa.Column('key_id', sa.String(length=16), nullable=False),
        sa.Column('prev_mac', sa.String(length=64), nullable=False),
        sa.Column('mac', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_checkpoints')),
    )
    op.create_table(
        'audit_checkpoint_heads',
        sa.Column('checkpoint_id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_audit_checkpoint_heads_case_id_cases')),
        sa.ForeignKeyConstraint(['checkpoint_id'], ['audit_checkpoints.id'], name=op.f('fk_audit_checkpoint_heads_checkpoint_id_audit_checkpoints')),
        sa.PrimaryKeyConstraint('checkpoint_id', 'case_id', name=op.f('pk_audit_checkpoint_heads')),
    )
    op.create_index(
        'ix_audit_checkpoint_heads_case_id_checkpoint_id',
        'audit_checkpoint_heads',
        ['case_id', 'checkpoint_id'],
        unique=False,
    )
    for table in APPEND_ONLY:
        _append_only(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION caseflow_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit records cannot be truncated'; END $$"
        )
        for table in NO_TRUNCATE:
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION caseflow_no_truncate()"
            )


def _append_only(table):
    """As the initial schema does for case_events (its function is reused on PostgreSQL)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION caseflow_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END"
            )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in NO_TRUNCATE:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS caseflow_no_truncate()")
    # Dropping the tables drops their triggers.
    op.drop_index('ix_audit_checkpoint_heads_case_id_checkpoint_id', table_name='audit_checkpoint_heads')
    op.drop_table('audit_checkpoint_heads')
    op.drop_table('audit_checkpoints')
    # DROP COLUMN copies the table on SQLite, which loses its triggers: put them back.
    if op.get_bind().dialect.name == "postgresql":
        op.drop_column('case_events', 'key_id')
    else:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS case_events_no_{verb}")
        with op.batch_alter_table('case_events', schema=None) as batch_op:
            batch_op.drop_column('key_id')
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER case_events_no_{verb.lower()} BEFORE {verb} ON case_events "
                "BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END"
            )
