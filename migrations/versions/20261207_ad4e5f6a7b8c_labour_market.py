"""the labour-market scan as data and regional labour-market indicators

Revision ID: ad4e5f6a7b8c
Revises: 9c3d4e5f6a7b
Create Date: 2026-12-07 16:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'ad4e5f6a7b8c'
down_revision = '9c3d4e5f6a7b'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
