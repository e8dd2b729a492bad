"""case province indexes: the agreed and the second province, so that the province report
finds a province's cases by all four of its province columns on an index

Revision ID: f2c3d4e5f6a7
Revises: e1b2c3d4e5f6
Create Date: 2026-12-07 18:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'f2c3d4e5f6a7'
down_revision = 'e1b2c3d4e5f6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_agreed_province_id'), ['agreed_province_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_second_province_id'), ['second_province_id'], unique=False)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_second_province_id'))
        batch_op.drop_index(batch_op.f('ix_cases_agreed_province_id'))
