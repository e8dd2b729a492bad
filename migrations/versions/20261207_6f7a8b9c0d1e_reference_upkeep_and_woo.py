"""organisations maintained by the administrator; publication decisions at closing

Revision ID: 6f7a8b9c0d1e
Revises: 5e6f7a8b9c0d
Create Date: 2026-12-07 13:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '6f7a8b9c0d1e'
down_revision = '5e6f7a8b9c0d'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
