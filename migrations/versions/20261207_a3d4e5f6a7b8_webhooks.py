"""webhooks

Revision ID: a3d4e5f6a7b8
Revises: f2c3d4e5f6a7
Create Date: 2026-12-07 18:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a3d4e5f6a7b8'
down_revision = 'f2c3d4e5f6a7'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
