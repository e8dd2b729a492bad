"""cases.search_text: the fields free-text search matches, with a trigram index on PostgreSQL

Revision ID: f1c5a8e3b920
Revises: e4a7b2c9d1f0
Create Date: 2026-11-24 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from caseflow.domain.search import search_text


# revision identifiers, used by Alembic.
revision = 'f1c5a8e3b920'
down_revision = 'e4a7b2c9d1f0'
branch_labels = None
depends_on = None

cases = sa.table(
    'cases',
    sa.column('id'), sa.column('reference'), sa.column('title'), sa.column('organisation_id'),
    sa.column('unit_name'), sa.column('current_place'), sa.column('proposed_place'),
    sa.column('current_province_id'), sa.column('proposed_province_id'), sa.column('search_text'),
)
organisations = sa.table('organisations', sa.column('id'), sa.column('name'), sa.column('abbreviation'))
provinces = sa.table('provinces', sa.column('id'), sa.column('name'))


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))
    _fill()
    if op.get_bind().dialect.name == 'postgresql':
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
        op.execute(
            'CREATE INDEX ix_cases_search_text_trgm ON cases USING gin (search_text gin_trgm_ops)'
        )


def _fill():
    """The same text as filing.search_text, for the cases that exist already."""
    bind = op.get_bind()
    org = {i: (n, a) for i, n, a in bind.execute(sa.select(organisations))}
    province = dict(bind.execute(sa.select(provinces)).all())
    for row in bind.execute(sa.select(cases)).mappings().all():
        name, abbreviation = org.get(row['organisation_id'], (None, None))
        text = search_text((
            row['reference'], row['title'], name, abbreviation, row['unit_name'],
            row['current_place'], row['proposed_place'],
            province.get(row['current_province_id']), province.get(row['proposed_province_id']),
        ))
        bind.execute(cases.update().where(cases.c.id == row['id']).values(search_text=text))


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP INDEX IF EXISTS ix_cases_search_text_trgm')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('search_text')
