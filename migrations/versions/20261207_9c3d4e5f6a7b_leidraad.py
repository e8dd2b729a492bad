"""the leidraad considerations and the weighing of an advice

Revision ID: 9c3d4e5f6a7b
Revises: 8b2c3d4e5f6a
Create Date: 2026-12-07 16:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '9c3d4e5f6a7b'
down_revision = '8b2c3d4e5f6a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'leidraad_considerations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('label', sa.String(length=120), nullable=False),
        sa.Column('guidance', sa.Text(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code'),
    )
    op.create_table(
        'advice_weighings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('advice_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('label', sa.String(length=120), nullable=False),
        sa.Column('judgement', sa.String(length=20), nullable=False),
        sa.Column('motivation', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['advice_id'], ['advice.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_advice_weighings_advice_id', 'advice_weighings', ['advice_id'])


def downgrade():
    op.drop_table('advice_weighings')
    op.drop_table('leidraad_considerations')
