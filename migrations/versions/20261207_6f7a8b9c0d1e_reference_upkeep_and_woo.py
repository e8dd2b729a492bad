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
    with op.batch_alter_table('organisations') as batch:
        batch.add_column(sa.Column('sector', sa.String(length=40), server_default='', nullable=False))
        # Every organisation that exists was loaded from the reference data: confirmed.
        batch.add_column(sa.Column('confirmed', sa.Boolean(), server_default='1', nullable=False))
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('publication', sa.String(length=20), server_default='', nullable=False))
        batch.add_column(
            sa.Column('publication_ground', sa.String(length=20), server_default='', nullable=False)
        )
        batch.add_column(sa.Column('publication_decided_at', sa.DateTime(), nullable=True))
        batch.create_index('ix_cases_publication_id', ['publication', 'id'])
    with op.batch_alter_table('documents') as batch:
        batch.add_column(sa.Column('publication', sa.String(length=20), server_default='', nullable=False))
        batch.add_column(
            sa.Column('publication_ground', sa.String(length=20), server_default='', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('documents') as batch:
        batch.drop_column('publication_ground')
        batch.drop_column('publication')
    with op.batch_alter_table('cases') as batch:
        batch.drop_index('ix_cases_publication_id')
        batch.drop_column('publication_decided_at')
        batch.drop_column('publication_ground')
        batch.drop_column('publication')
    with op.batch_alter_table('organisations') as batch:
        batch.drop_column('confirmed')
        batch.drop_column('sector')
