"""talks with regional administrators and ministries, their follow-up actions

Revision ID: 7a1b2c3d4e5f
Revises: 6f7a8b9c0d1e
Create Date: 2026-12-07 16:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '7a1b2c3d4e5f'
down_revision = '6f7a8b9c0d1e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'talks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('province_id', sa.Integer(), nullable=True),
        sa.Column('region', sa.String(length=120), nullable=False),
        sa.Column('ministry_id', sa.Integer(), nullable=True),
        sa.Column('functions', sa.JSON(), nullable=False),
        sa.Column('participants', sa.Text(), nullable=False),
        sa.Column('topics', sa.Text(), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['ministry_id'], ['ministries.id']),
        sa.ForeignKeyConstraint(['province_id'], ['provinces.id']),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_talks_held_on', 'talks', ['held_on'])
    op.create_index('ix_talks_province_id', 'talks', ['province_id'])
    op.create_index('ix_talks_ministry_id', 'talks', ['ministry_id'])
    op.create_table(
        'talk_follow_ups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('talk_id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=300), nullable=False),
        sa.Column('owner', sa.String(length=120), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('done_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['talk_id'], ['talks.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_talk_follow_ups_talk_id', 'talk_follow_ups', ['talk_id'])
    op.create_index('ix_talk_follow_ups_due_on', 'talk_follow_ups', ['due_on'])


def downgrade():
    op.drop_table('talk_follow_ups')
    op.drop_table('talks')
