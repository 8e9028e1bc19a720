"""Daily check-ins: a DM may ask about several actions, and people pause their check-ins (snooze,
leave) or disown an action ("not mine").

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# 0002 left the prompts' unique constraint unnamed: PostgreSQL named it itself; on SQLite, where the
# table is rebuilt, a naming convention gives the reflected constraint a name to drop it by.
OLD_UNIQUE = {'postgresql': 'prompts_channel_ts_key'}
SQLITE_NAMES = {'uq': 'uq_%(table_name)s_%(column_0_name)s'}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table('prompts', naming_convention=SQLITE_NAMES) as batch_op:
        batch_op.drop_constraint(OLD_UNIQUE.get(dialect, 'uq_prompts_channel'), type_='unique')
        batch_op.create_unique_constraint('uq_prompts_message_action', ['channel', 'ts', 'action_id'])
    op.create_table('pauses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person', sa.String(length=254), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.Column('starts', sa.Date(), nullable=False),
    sa.Column('until', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('request_key', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], ),
    sa.ForeignKeyConstraint(['person'], ['people.email'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_pauses_person_until', 'pauses', ['person', 'until'], unique=False)
    op.create_index('uq_pauses_request_key', 'pauses', ['request_key'], unique=True)


def downgrade() -> None:
    op.drop_index('uq_pauses_request_key', table_name='pauses')
    op.drop_index('ix_pauses_person_until', table_name='pauses')
    op.drop_table('pauses')
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table('prompts', naming_convention=SQLITE_NAMES) as batch_op:
        batch_op.drop_constraint('uq_prompts_message_action', type_='unique')
        batch_op.create_unique_constraint(OLD_UNIQUE.get(dialect, 'uq_prompts_channel'), ['channel', 'ts'])
