"""early signals of housing needs, linked to talks and to the case they became

Revision ID: be5f6a7b8c9d
Revises: ad4e5f6a7b8c
Create Date: 2026-12-07 16:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'be5f6a7b8c9d'
down_revision = 'ad4e5f6a7b8c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'signals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ministry_id', sa.Integer(), nullable=False),
        sa.Column('organisation', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('fte_change', sa.Integer(), nullable=False),
        sa.Column('horizon_year', sa.Integer(), nullable=False),
        sa.Column('horizon_quarter', sa.Integer(), nullable=True),
        sa.Column('province_id', sa.Integer(), nullable=True),
        sa.Column('region', sa.String(length=120), nullable=False),
        sa.Column('talk_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=True),
        sa.Column('recorded_by_id', sa.Integer(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id']),
        sa.ForeignKeyConstraint(['ministry_id'], ['ministries.id']),
        sa.ForeignKeyConstraint(['province_id'], ['provinces.id']),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id']),
        sa.ForeignKeyConstraint(['talk_id'], ['talks.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_signals_ministry_id', 'signals', ['ministry_id'])
    op.create_index('ix_signals_province_id', 'signals', ['province_id'])
    op.create_index('ix_signals_talk_id', 'signals', ['talk_id'])
    op.create_index('ix_signals_status', 'signals', ['status'])
    op.create_index('ix_signals_case_id', 'signals', ['case_id'])


def downgrade():
    op.drop_table('signals')
