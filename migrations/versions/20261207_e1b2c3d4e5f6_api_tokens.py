"""api tokens

Revision ID: e1b2c3d4e5f6
Revises: d0a1b2c3d4e5
Create Date: 2026-12-07 18:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e1b2c3d4e5f6'
down_revision = 'd0a1b2c3d4e5'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
