"""Conversations: request keys that make an update idempotent, prompts sent, Slack events handled.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: rebuilding the table (batch mode) would drop its append-only triggers on SQLite.
    op.add_column('updates', sa.Column('request_key', sa.String(length=200), nullable=True))
    op.create_index('uq_updates_request_key', 'updates', ['request_key'], unique=True)
    op.create_table('prompts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=40), nullable=False),
    sa.Column('ts', sa.String(length=40), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('person', sa.String(length=254), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], ),
    sa.ForeignKeyConstraint(['person'], ['people.email'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('channel', 'ts')
    )
    op.create_table('handled_events',
    sa.Column('event_id', sa.String(length=100), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )


def downgrade() -> None:
    op.drop_table('handled_events')
    op.drop_table('prompts')
    op.drop_index('uq_updates_request_key', table_name='updates')
    op.drop_column('updates', 'request_key')
