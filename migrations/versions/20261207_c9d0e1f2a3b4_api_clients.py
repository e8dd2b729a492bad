"""API clients per ministry (client-credentials grant); access tokens with an hour's expiry

Revision ID: c9d0e1f2a3b4
Revises: b4e5f6a7b8c9
Create Date: 2026-12-07 19:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c9d0e1f2a3b4'
down_revision = 'b4e5f6a7b8c9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'api_clients',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('client_id', sa.String(length=40), nullable=False),
        sa.Column('secret_hash', sa.String(length=64), nullable=False),
        sa.Column('scope', sa.String(length=20), nullable=False),
        sa.Column('expires_on', sa.Date(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "scope IN ('lezen', 'lezen-schrijven')", name=op.f('ck_api_clients_known_scope')
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_api_clients_user_id_users'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_clients')),
        sa.UniqueConstraint('client_id', name=op.f('uq_api_clients_client_id')),
        sa.UniqueConstraint('user_id', name=op.f('uq_api_clients_user_id')),
    )
    with op.batch_alter_table('api_tokens') as batch:
        batch.add_column(sa.Column('api_client_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))
        batch.create_foreign_key(
            op.f('fk_api_tokens_api_client_id_api_clients'),
            'api_clients',
            ['api_client_id'],
            ['id'],
            ondelete='CASCADE',
        )
        batch.create_index(op.f('ix_api_tokens_api_client_id'), ['api_client_id'])


def downgrade():
    with op.batch_alter_table('api_tokens') as batch:
        batch.drop_index(op.f('ix_api_tokens_api_client_id'))
        batch.drop_constraint(op.f('fk_api_tokens_api_client_id_api_clients'), type_='foreignkey')
        batch.drop_column('expires_at')
        batch.drop_column('api_client_id')
    op.drop_table('api_clients')
