"""Reminder kinds are the messages the bot sends (check-in, digests, notice); why a check-in asks about an
action is a reason inside it. Rows from before check-ins (0005) named a reason as their kind: they are kept,
as notices, and any still waiting is withdrawn, since no such message is sent any more.

Revision ID: 0007
Revises: 0006
"""
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

REASONS = "('deadline', 'overdue', 'pre_visit', 'pre_meeting', 'escalation', 'papers')"


def upgrade() -> None:
    op.execute(f"UPDATE reminders SET status = 'obsolete' WHERE kind IN {REASONS} AND status = 'pending'")
    op.execute(f"UPDATE reminders SET kind = 'notice' WHERE kind IN {REASONS}")


def downgrade() -> None:
    """Which rows were reasons is not kept: they stay notices."""
