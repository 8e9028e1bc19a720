"""Each action's current state, kept beside its log so a question reads a few rows instead of replaying it.

The states are built here from the whole history by the same fold the store advances them with, so a store
from before answers as it did. Going back drops them: the log they come from is untouched.

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

from storage.projection import rebuild

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('action_states',
    sa.Column('action_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_id', sa.Integer(), nullable=False),
    sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rated_id', sa.Integer(), nullable=True),
    sa.Column('rating', sa.String(length=20), nullable=True),
    sa.Column('prior_id', sa.Integer(), nullable=True),
    sa.Column('prior_rating', sa.String(length=20), nullable=True),
    sa.Column('run_first_id', sa.Integer(), nullable=True),
    sa.Column('run_second_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], ),
    sa.ForeignKeyConstraint(['last_id'], ['updates.id'], ),
    sa.ForeignKeyConstraint(['rated_id'], ['updates.id'], ),
    sa.ForeignKeyConstraint(['prior_id'], ['updates.id'], ),
    sa.ForeignKeyConstraint(['run_first_id'], ['updates.id'], ),
    sa.ForeignKeyConstraint(['run_second_id'], ['updates.id'], ),
    sa.PrimaryKeyConstraint('action_id')
    )
    op.create_index('ix_action_states_rating', 'action_states', ['rating'], unique=False)
    rebuild(op.get_bind())


def downgrade() -> None:
    # Emptied first: a DELETE makes SQLite's driver open the transaction here, so when a step further back refuses
    # (0009, while an action has no date) this one is rolled back with it; a DROP alone would be kept at once.
    op.execute('DELETE FROM action_states')
    op.drop_index('ix_action_states_rating', table_name='action_states')
    op.drop_table('action_states')
