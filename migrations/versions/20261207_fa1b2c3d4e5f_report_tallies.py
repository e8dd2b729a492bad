"""report_tallies, report_effects: the annual overview's and province report's counts, kept as
cases change (services.reporting.tallies), filled from the cases here; an index on the cases
with a decision outcome for the drill-down of a year's decided cases, and one on the cases'
masterplan for the province report's masterplan counts

Revision ID: fa1b2c3d4e5f
Revises: a9b8c7d6e5f4
Create Date: 2026-12-07 22:20:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


revision = 'fa1b2c3d4e5f'
down_revision = 'a9b8c7d6e5f4'
branch_labels = None
depends_on = None

DECIDED_WHERE = (
    "outcome IN ('overeenstemming', 'ministerraad', 'ingetrokken', 'buiten_behandeling')"
)


def upgrade():
    op.create_table(
        'report_tallies',
        sa.Column('section', sa.String(length=20), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('ministry_id', sa.Integer(), nullable=False),
        sa.Column('case_type', sa.String(length=30), nullable=False),
        sa.Column('workflow_version', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=30), nullable=False),
        sa.Column('province_id', sa.Integer(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.Column('fte', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            'section',
            'year',
            'ministry_id',
            'case_type',
            'workflow_version',
            'status',
            'province_id',
            name=op.f('pk_report_tallies'),
        ),
    )
    op.create_table(
        'report_effects',
        sa.Column('section', sa.String(length=20), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('basis', sa.String(length=20), nullable=False),
        sa.Column('province_id', sa.Integer(), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.Column('fte', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint(
            'section', 'year', 'basis', 'province_id', name=op.f('pk_report_effects')
        ),
    )
    op.create_index(
        'ix_cases_decided_id_closed_at',
        'cases',
        ['id', 'closed_at'],
        postgresql_where=sa.text(DECIDED_WHERE),
        sqlite_where=sa.text(DECIDED_WHERE),
    )
    op.create_index(
        'ix_cases_masterplan_id_change_request', 'cases', ['masterplan_id', 'change_request']
    )
    # The moves of a case come from the impact model (Python), so the counts are filled by
    # the same code that keeps them, on this migration's connection.
    from caseflow.services.reporting import tallies

    with Session(bind=op.get_bind()) as session:
        tallies.recount(session)
        session.flush()


def downgrade():
    op.drop_index('ix_cases_masterplan_id_change_request', table_name='cases')
    op.drop_index('ix_cases_decided_id_closed_at', table_name='cases')
    op.drop_table('report_effects')
    op.drop_table('report_tallies')
