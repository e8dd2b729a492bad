"""cases.next_due_on: the nearest open deadline on the case, indexed for sorting

Revision ID: 8c3f1d9e2b47
Revises: 5b2e8c41a7d3
Create Date: 2026-11-24 15:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8c3f1d9e2b47'
down_revision = '5b2e8c41a7d3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_due_on', sa.Date(), nullable=True))
        batch_op.create_index('ix_cases_next_due_on_id', ['next_due_on', 'id'], unique=False)
    # Existing cases: the nearest running or paused deadline.
    op.execute(
        "UPDATE cases SET next_due_on = (SELECT MIN(d.due_on) FROM deadlines d "
        "WHERE d.case_id = cases.id AND d.status IN ('lopend', 'gepauzeerd'))"
    )


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_next_due_on_id')
        batch_op.drop_column('next_due_on')
