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
    pass


def downgrade():
    pass
