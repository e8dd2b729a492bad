"""early signals of housing needs, linked to talks and to the case they became

Revision ID: be5f6a7b8c9d
Revises: ad4e5f6a7b8c
Create Date: 2026-12-07 16:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'be5f6a7b8c9d'
down_revision = 'ad4e5f6a7b8c'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
