"""the labour-market scan as data and regional labour-market indicators

Revision ID: ad4e5f6a7b8c
Revises: 9c3d4e5f6a7b
Create Date: 2026-12-07 16:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'ad4e5f6a7b8c'
down_revision = '9c3d4e5f6a7b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('labour_market_source', sa.String(length=200), server_default='', nullable=False)
        )
        batch_op.add_column(sa.Column('labour_market_date', sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column('labour_market_hybrid', sa.Boolean(), server_default='0', nullable=False)
        )
        batch_op.add_column(
            sa.Column('labour_market_students', sa.Boolean(), server_default='0', nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                'labour_market_other_measure', sa.String(length=200), server_default='', nullable=False
            )
        )
    op.create_table(
        'labour_market_indicators',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('province_id', sa.Integer(), nullable=False),
        sa.Column('region', sa.String(length=120), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('peildatum', sa.Date(), nullable=False),
        sa.Column('source', sa.String(length=300), nullable=False),
        sa.Column('imported_by_id', sa.Integer(), nullable=True),
        sa.Column('imported_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['imported_by_id'], ['users.id']),
        sa.ForeignKeyConstraint(['province_id'], ['provinces.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint(
            'province_id', 'region', 'code', 'peildatum', name='labour_market_indicator_key'
        ),
    )
    with op.batch_alter_table('labour_market_indicators', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_labour_market_indicators_province_id'), ['province_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('labour_market_indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_labour_market_indicators_province_id'))
    op.drop_table('labour_market_indicators')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('labour_market_other_measure')
        batch_op.drop_column('labour_market_students')
        batch_op.drop_column('labour_market_hybrid')
        batch_op.drop_column('labour_market_date')
        batch_op.drop_column('labour_market_source')
