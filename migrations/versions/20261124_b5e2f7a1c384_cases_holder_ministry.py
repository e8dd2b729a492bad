"""cases.holder_ministry_id and (holder, sort column, id) indexes: a ministry user's lists
are one equality and a range scan, also for a ministry that took over another's cases

Revision ID: b5e2f7a1c384
Revises: a93d6e0f4c12
Create Date: 2026-11-24 16:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5e2f7a1c384'
down_revision = 'a93d6e0f4c12'
branch_labels = None
depends_on = None

INDEXES = {
    'ix_cases_holder_id': ['holder_ministry_id', 'id'],
    'ix_cases_holder_reference': ['holder_ministry_id', 'reference'],
    'ix_cases_holder_title_id': ['holder_ministry_id', 'title', 'id'],
    'ix_cases_holder_state_id': ['holder_ministry_id', 'state', 'id'],
    'ix_cases_holder_next_due_on_id': ['holder_ministry_id', 'next_due_on', 'id'],
    'ix_cases_holder_updated_at_id': ['holder_ministry_id', 'updated_at', 'id'],
}


def _holders(bind):
    """Ministry id -> the end of its chain of successors (links set by the reference data;
    `flask caseflow seed` hands cases over again whenever they change)."""
    successors = dict(bind.execute(sa.text(
        'SELECT id, successor_id FROM ministries WHERE successor_id IS NOT NULL'
    )).all())
    holders = {}
    for (ministry,) in bind.execute(sa.text('SELECT id FROM ministries')).all():
        holder, seen = ministry, {ministry}
        while holder in successors and successors[holder] not in seen:
            holder = successors[holder]
            seen.add(holder)
        holders[ministry] = holder
    return holders


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('holder_ministry_id', sa.Integer(), nullable=True))
    bind = op.get_bind()
    for ministry, holder in _holders(bind).items():
        bind.execute(
            sa.text('UPDATE cases SET holder_ministry_id = :holder WHERE ministry_id = :ministry'),
            {'holder': holder, 'ministry': ministry},
        )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.alter_column('holder_ministry_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_cases_holder_ministry_id_ministries'), 'ministries',
            ['holder_ministry_id'], ['id'],
        )
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(name)
        batch_op.drop_constraint(batch_op.f('fk_cases_holder_ministry_id_ministries'), type_='foreignkey')
        batch_op.drop_column('holder_ministry_id')
