"""The PMO's tracker comes in as it is: an action may have no due date yet ("TBC", "Ongoing"), a person may go by
other names in the tracker ("HoS MASH"), and a plan may hold its refs to a pattern of its own.

Rows stored before keep their dates, and read as naming no aliases and using the default ref pattern. Going back
is refused while any action has no date: an earlier version cannot hold one, and a made-up date would be shown
as a real deadline.

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

from governance.errors import ReadinessError

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

ACTION_COLUMNS = 'id, ref, theme, title, owner, due, body, source, illustrative'


def upgrade() -> None:
    # Plain ADD COLUMNs with server defaults: existing rows take the defaults, and no table is rebuilt.
    op.add_column('people', sa.Column('aliases', sa.String(length=500), nullable=False, server_default=''))
    op.add_column('plan_info', sa.Column('ref_pattern', sa.String(length=200), nullable=False, server_default=''))
    _alter_due(nullable=True)


def downgrade() -> None:
    undated = op.get_bind().scalars(sa.text('SELECT ref FROM actions WHERE due IS NULL ORDER BY ref')).all()
    if undated:
        raise ReadinessError(f"cannot go back before migration 0009: {', '.join(undated)} "
                             f"{'has' if len(undated) == 1 else 'have'} no due date, which earlier versions "
                             "cannot hold; give them a date first")
    _alter_due(nullable=False)
    op.drop_column('plan_info', 'ref_pattern')
    op.drop_column('people', 'aliases')


def _alter_due(*, nullable: bool) -> None:
    """SQLite changes a column by rebuilding its table, and will not drop actions that updates, prompts, pauses
    and focus areas still point at. So the actions wait in a side table while the emptied table is rebuilt, and
    the foreign keys are checked when they are back, at the end of a transaction of this step's own."""
    if op.get_bind().dialect.name != 'sqlite':
        op.alter_column('actions', 'due', existing_type=sa.Date(), nullable=nullable)
        return
    with op.get_bind().begin_nested():
        op.execute('PRAGMA defer_foreign_keys = ON')
        op.execute(f'CREATE TABLE actions_aside AS SELECT {ACTION_COLUMNS} FROM actions')
        op.execute('DELETE FROM actions')
        with op.batch_alter_table('actions') as batch_op:
            batch_op.alter_column('due', existing_type=sa.Date(), nullable=nullable)
        op.execute(f'INSERT INTO actions ({ACTION_COLUMNS}) SELECT {ACTION_COLUMNS} FROM actions_aside')
        op.execute('DROP TABLE actions_aside')
        op.execute('PRAGMA defer_foreign_keys = OFF')
