"""masterplans as places: period and status

Revision ID: cf6a7b8c9d0e
Revises: be5f6a7b8c9d
Create Date: 2026-12-07 16:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'cf6a7b8c9d0e'
down_revision = 'be5f6a7b8c9d'
branch_labels = None
depends_on = None


def upgrade():
    # The masterplans 2024-2028 run: 'in uitvoering' for the existing rows.
    with op.batch_alter_table('masterplans') as batch:
        batch.add_column(
            sa.Column('status', sa.String(length=30), nullable=False, server_default='in uitvoering')
        )


def downgrade():
    with op.batch_alter_table('masterplans') as batch:
        batch.drop_column('status')
