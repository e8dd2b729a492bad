"""Export jobs: the annual overview's Excel file built by a background task ("Mijn downloads")

Revision ID: e9f0a1b2c3d4
Revises: d8e9f0a1b2c3
Create Date: 2026-12-07 22:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e9f0a1b2c3d4'
down_revision = 'd8e9f0a1b2c3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'export_jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('peildatum', sa.Date(), nullable=False),
        sa.Column('basis', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('claimed_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('file_key', sa.String(length=64), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=True),
        sa.Column('error', sa.Text(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('wachtend', 'bezig', 'klaar', 'mislukt')",
            name=op.f('ck_export_jobs_known_status'),
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_export_jobs_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_export_jobs')),
    )
    op.create_index('ix_export_jobs_user_id_id', 'export_jobs', ['user_id', 'id'])
    op.create_index('ix_export_jobs_status_id', 'export_jobs', ['status', 'id'])
    op.create_index('ix_export_jobs_expires_at', 'export_jobs', ['expires_at'])


def downgrade():
    op.drop_index('ix_export_jobs_expires_at', table_name='export_jobs')
    op.drop_index('ix_export_jobs_status_id', table_name='export_jobs')
    op.drop_index('ix_export_jobs_user_id_id', table_name='export_jobs')
    op.drop_table('export_jobs')
