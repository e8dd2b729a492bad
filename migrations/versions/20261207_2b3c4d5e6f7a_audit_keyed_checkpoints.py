"""audit: keyed chain checkpoints and a TRUNCATE guard

Revision ID: 2b3c4d5e6f7a
Revises: 1a2b3c4d5e6f
Create Date: 2026-12-07 12:21:00

"""
from alembic import op
import sqlalchemy as sa


revision = '2b3c4d5e6f7a'
down_revision = '1a2b3c4d5e6f'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
