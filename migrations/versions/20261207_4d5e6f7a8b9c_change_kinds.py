"""cases: the kind of change and fte per location

Revision ID: 4d5e6f7a8b9c
Revises: 3c4d5e6f7a8b
Create Date: 2026-12-07 13:30:00

Existing cases get the kind that caseflow.domain.impact.default_kind gives them:
a new service is a new establishment; otherwise no proposed province (or the current one)
is growth or shrinkage, by the sign of the change, at the current location; another
province with growth is growth landing there (the current staff stay); another province
with shrinkage is a relocation of that many fte (fte_moved); another province without a
change is a relocation of the whole service. Zbo talks get no kind.
"""
from alembic import op
import sqlalchemy as sa

from caseflow.domain.impact import default_kind


revision = '4d5e6f7a8b9c'
down_revision = '3c4d5e6f7a8b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('change_kind', sa.String(length=30), server_default='', nullable=False))
        batch_op.add_column(sa.Column('fte_moved', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('second_province_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('second_place', sa.String(length=80), server_default='', nullable=False))
        batch_op.add_column(sa.Column('second_fte', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_cases_second_province_id_provinces'), 'provinces', ['second_province_id'], ['id']
        )
    bind = op.get_bind()
    cases = sa.table(
        'cases',
        sa.column('id'),
        sa.column('case_type'),
        sa.column('fte_change'),
        sa.column('current_province_id'),
        sa.column('proposed_province_id'),
        sa.column('change_kind'),
        sa.column('fte_moved'),
    )
    rows = bind.execute(
        sa.select(
            cases.c.id, cases.c.case_type, cases.c.fte_change,
            cases.c.current_province_id, cases.c.proposed_province_id,
        )
    ).fetchall()
    for case_id, case_type, change, current, proposed in rows:
        # The rule compares provinces only for equality: their ids serve as well as names.
        kind = default_kind(
            case_type, change, str(current) if current else None, str(proposed) if proposed else None
        )
        moved = -change if kind == 'verplaatsing_deel' and change else None
        bind.execute(cases.update().where(cases.c.id == case_id).values(change_kind=kind, fte_moved=moved))


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cases_second_province_id_provinces'), type_='foreignkey')
        batch_op.drop_column('second_fte')
        batch_op.drop_column('second_place')
        batch_op.drop_column('second_province_id')
        batch_op.drop_column('fte_moved')
        batch_op.drop_column('change_kind')
