"""advice letters: the PDF of each issued advice version, stored when it is issued

Revision ID: 5b2e8c41a7d3
Revises: 2063e7e31f7f
Create Date: 2026-11-24 14:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b2e8c41a7d3'
down_revision = '2063e7e31f7f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('advice_letters',
    sa.Column('advice_id', sa.Integer(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('rendered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['advice_id'], ['advice.id'], name=op.f('fk_advice_letters_advice_id_advice')),
    sa.PrimaryKeyConstraint('advice_id', name=op.f('pk_advice_letters'))
    )


def downgrade():
    op.drop_table('advice_letters')
