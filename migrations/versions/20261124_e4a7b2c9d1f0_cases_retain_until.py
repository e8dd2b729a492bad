"""cases.retain_until: the Archiefwet retention date of a closed case

Revision ID: e4a7b2c9d1f0
Revises: 8c3f1d9e2b47
Create Date: 2026-11-24 15:40:00.000000

"""
import os

from alembic import op
import sqlalchemy as sa

from caseflow.domain.clock import to_local
from caseflow.domain.retention import retain_until


# revision identifiers, used by Alembic.
revision = 'e4a7b2c9d1f0'
down_revision = '8c3f1d9e2b47'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retain_until', sa.Date(), nullable=True))
    # Cases closed before this revision: the same rule as on closing (UTC stored, local day).
    years = int(os.environ.get('CASEFLOW_RETENTION_YEARS', '20'))
    bind = op.get_bind()
    cases = sa.table('cases', sa.column('id'), sa.column('closed_at'), sa.column('retain_until'))
    rows = bind.execute(sa.select(cases.c.id, cases.c.closed_at).where(cases.c.closed_at.is_not(None)))
    for case_id, closed_at in rows.fetchall():
        kept = retain_until(to_local(closed_at).date(), years)
        bind.execute(cases.update().where(cases.c.id == case_id).values(retain_until=kept))


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('retain_until')
