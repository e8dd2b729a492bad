"""need-to-know: what BZK shares with the ministry

Revision ID: 3c4d5e6f7a8b
Revises: 2b3c4d5e6f7a
Create Date: 2026-12-07 12:22:00

"""
from alembic import op
import sqlalchemy as sa


revision = '3c4d5e6f7a8b'
down_revision = '2b3c4d5e6f7a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('shared_with_ministry', sa.Boolean(), server_default='0', nullable=False)
        )
    # A ministry's own uploads were always visible to it; BZK's documents become visible to
    # the ministry only when BZK shares them (need-to-know), so they start unshared.
    op.execute(
        "UPDATE documents SET shared_with_ministry = TRUE WHERE uploaded_by_id IN "
        "(SELECT id FROM users WHERE role = 'ministerie')"
    )


def downgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('shared_with_ministry')
