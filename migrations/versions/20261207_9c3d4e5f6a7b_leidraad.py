"""the leidraad considerations and the weighing of an advice

Revision ID: 9c3d4e5f6a7b
Revises: 8b2c3d4e5f6a
Create Date: 2026-12-07 16:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '9c3d4e5f6a7b'
down_revision = '8b2c3d4e5f6a'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
