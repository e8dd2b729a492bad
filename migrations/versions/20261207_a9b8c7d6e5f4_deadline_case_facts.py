"""deadlines.case_assignee_id, case_holder_id: the case's handler and holding ministry on its
deadlines (services.deadlines.case_facts), filled from the cases, with partial indexes on
the running deadlines per role and handler and per role and holder

Revision ID: a9b8c7d6e5f4
Revises: e9f0a1b2c3d4
Create Date: 2026-12-07 22:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a9b8c7d6e5f4'
down_revision = 'e9f0a1b2c3d4'
branch_labels = None
depends_on = None

RUNNING = sa.text("status = 'lopend'")


def upgrade():
    with op.batch_alter_table('deadlines') as batch:
        batch.add_column(sa.Column('case_assignee_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('case_holder_id', sa.Integer(), nullable=True))
    op.create_index(
        'ix_deadlines_running_role_assignee',
        'deadlines',
        ['responsible_role', 'case_assignee_id', 'due_on', 'case_id'],
        postgresql_where=RUNNING,
        sqlite_where=RUNNING,
    )
    op.create_index(
        'ix_deadlines_running_role_holder',
        'deadlines',
        ['responsible_role', 'case_holder_id', 'due_on', 'case_id'],
        postgresql_where=RUNNING,
        sqlite_where=RUNNING,
    )
    # Filled after the indexes exist: an index built after an UPDATE of every row in the same
    # transaction is not used until every older transaction has ended (pg_index.indcheckxmin).
    op.execute(
        'UPDATE deadlines SET '
        'case_assignee_id = (SELECT cases.assignee_id FROM cases WHERE cases.id = deadlines.case_id), '
        'case_holder_id = (SELECT cases.holder_ministry_id FROM cases WHERE cases.id = deadlines.case_id)'
    )


def downgrade():
    op.drop_index('ix_deadlines_running_role_holder', table_name='deadlines')
    op.drop_index('ix_deadlines_running_role_assignee', table_name='deadlines')
    with op.batch_alter_table('deadlines') as batch:
        batch.drop_column('case_holder_id')
        batch.drop_column('case_assignee_id')
