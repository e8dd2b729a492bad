"""deadlines (status, responsible_role, due_on, case_id): the deadline queues from the
deadline side

Revision ID: d2b8f4c6a9e1
Revises: c7d1e9a2f5b6
Create Date: 2026-11-24 17:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd2b8f4c6a9e1'
down_revision = 'c7d1e9a2f5b6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.create_index(
            'ix_deadlines_status_role_due_on_case',
            ['status', 'responsible_role', 'due_on', 'case_id'],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.drop_index('ix_deadlines_status_role_due_on_case')
