"""place of work: where part of a case's fte is expected to work mostly, beside its standplaats

Revision ID: d0a1b2c3d4e5
Revises: cf6a7b8c9d0e
Create Date: 2026-12-07 18:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd0a1b2c3d4e5'
down_revision = 'cf6a7b8c9d0e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('work_province_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('work_place', sa.String(length=80), server_default='', nullable=False))
        batch_op.add_column(sa.Column('work_fte', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_cases_work_province_id_provinces'), 'provinces', ['work_province_id'], ['id']
        )


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cases_work_province_id_provinces'), type_='foreignkey')
        batch_op.drop_column('work_fte')
        batch_op.drop_column('work_place')
        batch_op.drop_column('work_province_id')
