"""webhooks: subscriptions of ministries' and BZK's systems, the outbox of case events and
one delivery per event and subscriber

Revision ID: a3d4e5f6a7b8
Revises: f2c3d4e5f6a7
Create Date: 2026-12-07 18:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a3d4e5f6a7b8'
down_revision = 'f2c3d4e5f6a7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'webhook_subscriptions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ministry_id', sa.Integer(), nullable=True),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('secret_encrypted', sa.Text(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('deactivated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['created_by_id'], ['users.id'],
            name=op.f('fk_webhook_subscriptions_created_by_id_users'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['ministry_id'], ['ministries.id'],
            name=op.f('fk_webhook_subscriptions_ministry_id_ministries'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_subscriptions')),
    )
    op.create_table(
        'webhook_events',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('type', sa.String(length=80), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('holder_ministry_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ['case_id'], ['cases.id'], name=op.f('fk_webhook_events_case_id_cases')
        ),
        sa.ForeignKeyConstraint(
            ['holder_ministry_id'], ['ministries.id'],
            name=op.f('fk_webhook_events_holder_ministry_id_ministries'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_events')),
    )
    op.create_index('ix_webhook_events_case_id_at', 'webhook_events', ['case_id', 'at'])
    op.create_table(
        'webhook_deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.String(length=36), nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('round_started_at', sa.DateTime(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
        sa.Column('claimed_at', sa.DateTime(), nullable=True),
        sa.Column('last_status', sa.Integer(), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=False),
        sa.Column('delivered_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['event_id'], ['webhook_events.id'],
            name=op.f('fk_webhook_deliveries_event_id_webhook_events'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['subscription_id'], ['webhook_subscriptions.id'],
            name=op.f('fk_webhook_deliveries_subscription_id_webhook_subscriptions'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_deliveries')),
        sa.UniqueConstraint('event_id', 'subscription_id', name='event_subscription'),
    )
    op.create_index(
        'ix_webhook_deliveries_status_next', 'webhook_deliveries', ['status', 'next_attempt_at']
    )
    op.create_index(
        'ix_webhook_deliveries_subscription_id_id', 'webhook_deliveries', ['subscription_id', 'id']
    )


def downgrade():
    op.drop_index('ix_webhook_deliveries_subscription_id_id', table_name='webhook_deliveries')
    op.drop_index('ix_webhook_deliveries_status_next', table_name='webhook_deliveries')
    op.drop_table('webhook_deliveries')
    op.drop_index('ix_webhook_events_case_id_at', table_name='webhook_events')
    op.drop_table('webhook_events')
    op.drop_table('webhook_subscriptions')
