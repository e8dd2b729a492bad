"""employment figures: import batches that can be withdrawn

Every import of figures becomes a batch (who, when, source, file name, SHA-256 of the file,
row count). Figures keep the batch that wrote them in ``employment_figures.batch_id``; the
figures a batch overwrote are kept in ``replaced_figures`` so that withdrawing the batch
restores them.

Decision: ``batch_id`` is nullable and the migration creates no "initial" batch. Figures
from before this revision, and the figures shipped with their sources (load-figures) or
generated for the demo, belong to no batch: nobody imported them from a file, so there is
no who, file or checksum to record, and they are not withdrawn as a batch (official
figures are reloaded with load-figures, illustrative ones removed with
remove-illustrative-figures).

Revision ID: 5e6f7a8b9c0d
Revises: 4d5e6f7a8b9c
Create Date: 2026-12-07 13:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5e6f7a8b9c0d'
down_revision = '4d5e6f7a8b9c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('figure_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('withdrawn_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_figure_batches_created_by_id_users')),
    sa.ForeignKeyConstraint(['withdrawn_by_id'], ['users.id'], name=op.f('fk_figure_batches_withdrawn_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_figure_batches'))
    )
    op.create_table('replaced_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=False),
    sa.Column('peildatum', sa.Date(), nullable=False),
    sa.Column('fte', sa.Float(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('illustrative', sa.Boolean(), nullable=False),
    sa.Column('previous_batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['figure_batches.id'], name=op.f('fk_replaced_figures_batch_id_figure_batches')),
    sa.ForeignKeyConstraint(['previous_batch_id'], ['figure_batches.id'], name=op.f('fk_replaced_figures_previous_batch_id_figure_batches')),
    sa.ForeignKeyConstraint(['province_id'], ['provinces.id'], name=op.f('fk_replaced_figures_province_id_provinces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_replaced_figures'))
    )
    with op.batch_alter_table('replaced_figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_replaced_figures_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_replaced_figures_previous_batch_id'), ['previous_batch_id'], unique=False)
    with op.batch_alter_table('employment_figures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('batch_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_employment_figures_batch_id'), ['batch_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_employment_figures_batch_id_figure_batches'), 'figure_batches', ['batch_id'], ['id'])


def downgrade():
    with op.batch_alter_table('employment_figures', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_employment_figures_batch_id_figure_batches'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_employment_figures_batch_id'))
        batch_op.drop_column('batch_id')
    with op.batch_alter_table('replaced_figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_replaced_figures_previous_batch_id'))
        batch_op.drop_index(batch_op.f('ix_replaced_figures_batch_id'))
    op.drop_table('replaced_figures')
    op.drop_table('figure_batches')
