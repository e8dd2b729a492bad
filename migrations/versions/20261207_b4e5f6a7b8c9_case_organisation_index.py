"""case organisation and closing indexes: an organisation's cases by filing date, so that the
split-change signal of a case page reads one organisation's window instead of scanning its
cases; and the cases closed in a period, for the annual overview's decided cases

Revision ID: b4e5f6a7b8c9
Revises: a3d4e5f6a7b8
Create Date: 2026-12-07 19:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b4e5f6a7b8c9'
down_revision = 'a3d4e5f6a7b8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(
            'ix_cases_organisation_created', ['organisation_id', 'created_at'], unique=False
        )
        batch_op.create_index('ix_cases_closed_at', ['closed_at'], unique=False)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_closed_at')
        batch_op.drop_index('ix_cases_organisation_created')
