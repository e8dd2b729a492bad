"""decided_counts, decided_effects: the decided cases of a year and their moves per province,
kept as cases change (services.insight.decided_totals), filled from the cases here;
assignee_counts: cases per handler, type and state (services.caselists.case_counts); an
index for a ministry user's own cases

Revision ID: d8e9f0a1b2c3
Revises: c9d0e1f2a3b4
Create Date: 2026-12-07 21:50:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


revision = 'd8e9f0a1b2c3'
down_revision = 'c9d0e1f2a3b4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'decided_counts',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('ministry_id', sa.Integer(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['ministry_id'], ['ministries.id'], name=op.f('fk_decided_counts_ministry_id_ministries')
        ),
        sa.PrimaryKeyConstraint('year', 'ministry_id', name=op.f('pk_decided_counts')),
    )
    op.create_table(
        'decided_effects',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('ministry_id', sa.Integer(), nullable=False),
        sa.Column('basis', sa.String(length=20), nullable=False),
        sa.Column('province_id', sa.Integer(), nullable=False),
        sa.Column('within', sa.Float(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.Column('fte', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ['ministry_id'], ['ministries.id'], name=op.f('fk_decided_effects_ministry_id_ministries')
        ),
        sa.ForeignKeyConstraint(
            ['province_id'], ['provinces.id'], name=op.f('fk_decided_effects_province_id_provinces')
        ),
        sa.PrimaryKeyConstraint(
            'year', 'ministry_id', 'basis', 'province_id', 'within', name=op.f('pk_decided_effects')
        ),
    )
    op.create_table(
        'assignee_counts',
        sa.Column('assignee_id', sa.Integer(), nullable=False),
        sa.Column('case_type', sa.String(length=30), nullable=False),
        sa.Column('state', sa.String(length=30), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('assignee_id', 'case_type', 'state', name=op.f('pk_assignee_counts')),
    )
    op.execute(
        'INSERT INTO assignee_counts (assignee_id, case_type, state, n) '
        'SELECT coalesce(assignee_id, 0), case_type, state, COUNT(*) FROM cases '
        'GROUP BY coalesce(assignee_id, 0), case_type, state'
    )
    op.create_index(
        'ix_cases_holder_created_by_id', 'cases', ['holder_ministry_id', 'created_by_id', 'id']
    )
    # The moves of a case come from the impact model (Python), so the totals are filled by
    # the same code that keeps them, on this migration's connection.
    from caseflow.services.insight import decided_totals

    with Session(bind=op.get_bind()) as session:
        decided_totals.recount(session)
        session.flush()


def downgrade():
    op.drop_index('ix_cases_holder_created_by_id', table_name='cases')
    op.drop_table('assignee_counts')
    op.drop_table('decided_effects')
    op.drop_table('decided_counts')
