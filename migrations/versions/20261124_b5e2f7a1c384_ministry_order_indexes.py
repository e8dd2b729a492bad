"""(ministry_id, sort column, id) indexes: a ministry user's sorted pages as range scans

Revision ID: b5e2f7a1c384
Revises: a93d6e0f4c12
Create Date: 2026-11-24 16:45:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b5e2f7a1c384'
down_revision = 'a93d6e0f4c12'
branch_labels = None
depends_on = None

INDEXES = {
    'ix_cases_ministry_reference': ['ministry_id', 'reference'],
    'ix_cases_ministry_title_id': ['ministry_id', 'title', 'id'],
    'ix_cases_ministry_state_id': ['ministry_id', 'state', 'id'],
    'ix_cases_ministry_next_due_on_id': ['ministry_id', 'next_due_on', 'id'],
    'ix_cases_ministry_updated_at_id': ['ministry_id', 'updated_at', 'id'],
}


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(name)
