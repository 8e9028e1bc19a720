"""The plan store: themes, people, bodies, actions, append-only updates, visits, indicators.

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('indicators',
    sa.Column('key', sa.String(length=63), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('amber_within', sa.Float(), nullable=True),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('people',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('admin', sa.Boolean(), nullable=False),
    sa.Column('slack_user_id', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('email'),
    sa.UniqueConstraint('slack_user_id')
    )
    op.create_table('plan_info',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('start')
    )
    op.create_table('bodies',
    sa.Column('key', sa.String(length=63), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('chair', sa.String(length=254), nullable=True),
    sa.Column('cadence', sa.String(length=500), nullable=True),
    sa.Column('starts', sa.Date(), nullable=True),
    sa.Column('dates', sa.JSON(), nullable=False),
    sa.Column('meeting_time', sa.Time(), nullable=False),
    sa.Column('paper_deadline_days', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['chair'], ['people.email'], ),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('focus_areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('focus_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_focus_areas_visit_id'), ['visit_id'], unique=False)

    op.create_table('indicator_values',
    sa.Column('indicator_key', sa.String(length=63), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_key'], ['indicators.key'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('indicator_key', 'month')
    )
    op.create_table('themes',
    sa.Column('number', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('lead', sa.String(length=254), nullable=True),
    sa.ForeignKeyConstraint(['lead'], ['people.email'], ),
    sa.PrimaryKeyConstraint('number')
    )
    op.create_table('actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=20), nullable=False),
    sa.Column('theme', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=3000), nullable=False),
    sa.Column('owner', sa.String(length=254), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('body', sa.String(length=63), nullable=True),
    sa.ForeignKeyConstraint(['body'], ['bodies.key'], ),
    sa.ForeignKeyConstraint(['owner'], ['people.email'], ),
    sa.ForeignKeyConstraint(['theme'], ['themes.number'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ref')
    )
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actions_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_theme'), ['theme'], unique=False)

    op.create_table('indicator_themes',
    sa.Column('indicator_key', sa.String(length=63), nullable=False),
    sa.Column('theme', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_key'], ['indicators.key'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme'], ['themes.number'], ),
    sa.PrimaryKeyConstraint('indicator_key', 'theme')
    )
    op.create_table('updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rating', sa.String(length=20), nullable=False),
    sa.Column('by', sa.String(length=254), nullable=True),
    sa.Column('via', sa.String(length=20), nullable=False),
    sa.Column('commentary', sa.Text(), nullable=False),
    sa.Column('evidence', sa.String(length=2000), nullable=True),
    sa.Column('forecast', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], ),
    sa.ForeignKeyConstraint(['by'], ['people.email'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('updates', schema=None) as batch_op:
        batch_op.create_index('ix_updates_action_at', ['action_id', 'at'], unique=False)
    _refuse_changes_to_updates()


def _refuse_changes_to_updates() -> None:
    """History is never rewritten: the database itself refuses UPDATE and DELETE on updates."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION updates_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'updates are append-only: record a new update instead'; END $$"
        )
        op.execute(
            "CREATE TRIGGER updates_append_only BEFORE UPDATE OR DELETE ON updates "
            "FOR EACH ROW EXECUTE FUNCTION updates_are_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER updates_no_{event.lower()} BEFORE {event} ON updates "
                "BEGIN SELECT RAISE(ABORT, 'updates are append-only: record a new update instead'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER updates_append_only ON updates")
        op.execute("DROP FUNCTION updates_are_append_only()")
    else:
        op.execute("DROP TRIGGER updates_no_update")
        op.execute("DROP TRIGGER updates_no_delete")
    with op.batch_alter_table('updates', schema=None) as batch_op:
        batch_op.drop_index('ix_updates_action_at')

    op.drop_table('updates')
    op.drop_table('indicator_themes')
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actions_theme'))
        batch_op.drop_index(batch_op.f('ix_actions_owner'))

    op.drop_table('actions')
    op.drop_table('themes')
    op.drop_table('indicator_values')
    with op.batch_alter_table('focus_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_focus_areas_visit_id'))

    op.drop_table('focus_areas')
    op.drop_table('bodies')
    op.drop_table('visits')
    op.drop_table('plan_info')
    op.drop_table('people')
    op.drop_table('indicators')
