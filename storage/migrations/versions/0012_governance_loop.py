"""Each body keeps a meeting log, and an action may say the meeting it arose at and that it was withdrawn.

The log is append-only, as updates and figures are: a meeting moved, cancelled or added, and whether a past one
was held, is each a new entry saying who changed it, when and through which channel; the calendar is the cadence
with the log applied in order. An action arising names the day of the meeting of its body it came out of; an
action closed as no longer needed keeps its row, with when, by whom and why it was withdrawn.

Rows stored before read as actions that arose at no meeting and are not withdrawn, and bodies whose calendars are
their cadences. Going back drops the log (each calendar is its cadence again) and forgets which meeting each
action arose at and that any was withdrawn.

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

REFUSED = "the meeting log is append-only: record a new change instead"
ACTION_COLUMNS = 'id, ref, theme, title, owner, due, body, source, illustrative'
"""The actions' columns before this step, which going back keeps."""
ADDED = ('raised_at', 'withdrawn_at', 'withdrawn_by', 'withdrawn_reason')


def upgrade() -> None:
    # Plain ADD COLUMNs, the foreign key written inline: no table is rebuilt, so nothing that points at an action
    # has to be set aside while its table is (0009), on SQLite as on PostgreSQL.
    op.add_column('actions', sa.Column('raised_at', sa.Date(), nullable=True))
    op.add_column('actions', sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('actions', sa.Column('withdrawn_by', sa.String(length=254), sa.ForeignKey('people.email'),
                                       nullable=True), inline_references=True)
    op.add_column('actions', sa.Column('withdrawn_reason', sa.Text(), nullable=False, server_default=''))
    op.create_table('meeting_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_key', sa.String(length=63), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('meeting', sa.Date(), nullable=False),
    sa.Column('to_day', sa.Date(), nullable=True),
    sa.Column('meeting_time', sa.Time(), nullable=True),
    sa.Column('by', sa.String(length=254), nullable=True),
    sa.Column('via', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('request_key', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['body_key'], ['bodies.key'], ),
    sa.ForeignKeyConstraint(['by'], ['people.email'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_meeting_changes_body_at', 'meeting_changes', ['body_key', 'at'], unique=False)
    op.create_index('uq_meeting_changes_request_key', 'meeting_changes', ['request_key'], unique=True)
    _refuse_rewrites()


def downgrade() -> None:
    # An UPDATE first, of columns about to go: it makes SQLite's driver open the transaction here, so when a step
    # further back refuses (0009, while an action has no date) this one is rolled back with it, as in 0010 and 0011.
    op.execute("UPDATE actions SET raised_at = NULL, withdrawn_at = NULL, withdrawn_by = NULL, withdrawn_reason = ''")
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER meeting_changes_append_only ON meeting_changes")
        op.execute("DROP FUNCTION meeting_changes_are_append_only()")
    op.drop_index('uq_meeting_changes_request_key', table_name='meeting_changes')
    op.drop_index('ix_meeting_changes_body_at', table_name='meeting_changes')
    op.drop_table('meeting_changes')
    _drop_action_columns()


def _refuse_rewrites() -> None:
    """The database itself keeps the log append-only, as it does the updates (0001) and the figures (0011)."""
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE FUNCTION meeting_changes_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   f"BEGIN RAISE EXCEPTION '{REFUSED}'; END $$")
        op.execute("CREATE TRIGGER meeting_changes_append_only BEFORE UPDATE OR DELETE ON meeting_changes "
                   "FOR EACH ROW EXECUTE FUNCTION meeting_changes_are_append_only()")
        return
    for event in ('UPDATE', 'DELETE'):
        op.execute(f"CREATE TRIGGER meeting_changes_no_{event.lower()} BEFORE {event} ON meeting_changes "
                   f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END")


def _drop_action_columns() -> None:
    """SQLite will not drop a column a foreign key is declared on (withdrawn_by), so there the table is rebuilt;
    and it will not drop actions that updates, prompts, pauses and focus areas still point at. So, as in 0009, the
    actions wait in a side table while the emptied table is rebuilt, and the foreign keys are checked when they are
    back, at the end of a transaction of this step's own."""
    if op.get_bind().dialect.name != 'sqlite':
        for column in reversed(ADDED):
            op.drop_column('actions', column)
        return
    with op.get_bind().begin_nested():
        op.execute('PRAGMA defer_foreign_keys = ON')
        op.execute(f'CREATE TABLE actions_aside AS SELECT {ACTION_COLUMNS} FROM actions')
        op.execute('DELETE FROM actions')
        with op.batch_alter_table('actions') as batch_op:
            for column in reversed(ADDED):
                batch_op.drop_column(column)
        op.execute(f'INSERT INTO actions ({ACTION_COLUMNS}) SELECT {ACTION_COLUMNS} FROM actions_aside')
        op.execute('DROP TABLE actions_aside')
        op.execute('PRAGMA defer_foreign_keys = OFF')
