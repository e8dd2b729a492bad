"""ministries.successor_id: who took over a renamed, merged or folded ministry's cases

Revision ID: a93d6e0f4c12
Revises: f1c5a8e3b920
Create Date: 2026-11-24 16:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a93d6e0f4c12'
down_revision = 'f1c5a8e3b920'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ministries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('successor_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_ministries_successor_id_ministries'), 'ministries', ['successor_id'], ['id']
        )
    # The links themselves come with the reference data (flask caseflow seed).


def downgrade():
    with op.batch_alter_table('ministries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_ministries_successor_id_ministries'), type_='foreignkey')
        batch_op.drop_column('successor_id')
