"""the state's office locations and rijksontmoetingspleinen

Revision ID: 8b2c3d4e5f6a
Revises: 7a1b2c3d4e5f
Create Date: 2026-12-07 16:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '8b2c3d4e5f6a'
down_revision = '7a1b2c3d4e5f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('offices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=80), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), server_default='', nullable=False),
    sa.Column('address', sa.String(length=200), server_default='', nullable=False),
    sa.Column('workplaces', sa.Integer(), nullable=True),
    sa.Column('occupied', sa.Integer(), nullable=True),
    sa.Column('masterplan_id', sa.Integer(), nullable=True),
    sa.Column('project', sa.String(length=160), server_default='', nullable=False),
    sa.Column('meeting_place', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('meeting_status', sa.String(length=12), server_default='', nullable=False),
    sa.Column('opening_year', sa.Integer(), nullable=True),
    sa.Column('opening_month', sa.Integer(), nullable=True),
    sa.Column('opening_day', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=300), server_default='', nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('reference_key', sa.String(length=80), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['masterplan_id'], ['masterplans.id'], ),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference_key')
    )
    op.create_index('ix_offices_province_place', 'offices', ['province_id', 'place'], unique=False)


def downgrade():
    op.drop_index('ix_offices_province_place', table_name='offices')
    op.drop_table('offices')
