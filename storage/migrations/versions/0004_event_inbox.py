"""Event inbox: the body of a reply kept until it is recorded, so an acknowledged reply survives a crash.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('handled_events', sa.Column('body', sa.Text(), nullable=True))
    op.add_column('handled_events', sa.Column('done_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('handled_events', sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE handled_events SET done_at = received_at")
    op.create_index('ix_handled_events_unfinished', 'handled_events', ['done_at', 'lease_until'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_handled_events_unfinished', table_name='handled_events')
    op.drop_column('handled_events', 'lease_until')
    op.drop_column('handled_events', 'done_at')
    op.drop_column('handled_events', 'body')
