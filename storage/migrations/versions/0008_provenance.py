"""Facts carry their source: bodies, actions, visits and indicator values say where they come from or that they
are illustrative, as does an indicator's target; an indicator may name its board-paper section; one body may be
responsible for the whole plan; focus areas name the actions they examine.

Rows stored before read as unsourced, not illustrative, in no stated section, and naming no actions.

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

SOURCED = ('bodies', 'actions', 'visits', 'indicator_values')


def upgrade() -> None:
    # Plain ADD COLUMNs with server defaults: existing rows take the defaults, and no table is rebuilt.
    for table in SOURCED:
        op.add_column(table, sa.Column('source', sa.String(length=500), nullable=False, server_default=''))
        op.add_column(table, sa.Column('illustrative', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('bodies', sa.Column('whole_plan', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('indicators', sa.Column('section', sa.String(length=20), nullable=True))
    op.add_column('indicators', sa.Column('target_source', sa.String(length=500), nullable=False, server_default=''))
    op.add_column('indicators', sa.Column('target_illustrative', sa.Boolean(), nullable=False,
                                          server_default=sa.false()))
    op.create_table('focus_area_actions',
    sa.Column('focus_area_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], ),
    sa.ForeignKeyConstraint(['focus_area_id'], ['focus_areas.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('focus_area_id', 'action_id')
    )


def downgrade() -> None:
    op.drop_table('focus_area_actions')
    for column in ('target_illustrative', 'target_source', 'section'):
        op.drop_column('indicators', column)
    op.drop_column('bodies', 'whole_plan')
    for table in SOURCED:
        op.drop_column(table, 'illustrative')
        op.drop_column(table, 'source')
