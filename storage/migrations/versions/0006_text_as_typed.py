"""Updates keep text as typed: Slack's encoding (`&amp;`, `&lt;`, `&gt;`) is decoded on the way in from now on.

Rows stored earlier are not rewritten (the table is append-only, and its triggers refuse UPDATE): the new
column stays NULL on them, which tells the store to read their Slack text as typed.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN without a default: existing rows read NULL, and nothing is rewritten or rebuilt.
    op.add_column('updates', sa.Column('as_typed', sa.Boolean(), nullable=True))


def downgrade() -> None:
    op.drop_column('updates', 'as_typed')
