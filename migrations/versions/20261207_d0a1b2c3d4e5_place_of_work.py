"""place of work

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
    pass


def downgrade():
    pass
