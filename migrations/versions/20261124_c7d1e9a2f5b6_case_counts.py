"""case_counts: cases per (ministry, case type, state), kept as cases change

Revision ID: c7d1e9a2f5b6
Revises: b5e2f7a1c384
Create Date: 2026-11-24 17:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7d1e9a2f5b6'
down_revision = 'b5e2f7a1c384'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_counts',
    sa.Column('ministry_id', sa.Integer(), nullable=False),
    sa.Column('case_type', sa.String(length=30), nullable=False),
    sa.Column('state', sa.String(length=30), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['ministry_id'], ['ministries.id'], name=op.f('fk_case_counts_ministry_id_ministries')),
    sa.PrimaryKeyConstraint('ministry_id', 'case_type', 'state', name=op.f('pk_case_counts'))
    )
    op.execute(
        'INSERT INTO case_counts (ministry_id, case_type, state, n) '
        'SELECT ministry_id, case_type, state, COUNT(*) FROM cases '
        'GROUP BY ministry_id, case_type, state'
    )


def downgrade():
    op.drop_table('case_counts')
