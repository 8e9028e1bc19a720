"""Indicators' figures become an append-only log, and an indicator may name its data owner and collection day.

A month's figure was one row that each import overwrote; now a figure, a correction, "not available", an undo
and a note are each a new entry saying who gave it, when and through which channel, and a month's figure is its
latest. Every value stored before comes in as an import given at the start of the month after its own, when a
monthly figure is first known, so the figures read as they did. Going back keeps each month's figure as it
stands; who gave it, the notes and the entries before it go with the log.

Revision ID: 0011
Revises: 0010
"""
from datetime import date, datetime, timezone

from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

VALUES = sa.table('indicator_values', sa.column('indicator_key', sa.String()), sa.column('month', sa.Date()),
                  sa.column('value', sa.Float()), sa.column('source', sa.String()),
                  sa.column('illustrative', sa.Boolean()))
FIGURES = sa.table('indicator_figures', sa.column('id', sa.Integer()), sa.column('indicator_key', sa.String()),
                   sa.column('month', sa.Date()), sa.column('kind', sa.String()), sa.column('value', sa.Float()),
                   sa.column('comment', sa.String()), sa.column('at', sa.DateTime(timezone=True)),
                   sa.column('via', sa.String()), sa.column('source', sa.String()),
                   sa.column('illustrative', sa.Boolean()))
REFUSED = "indicator figures are append-only: record a new figure instead"


def upgrade() -> None:
    # Plain ADD COLUMNs: no table is rebuilt (on SQLite a rebuild of indicators would empty indicator_themes).
    op.add_column('indicators', sa.Column('owner', sa.String(length=254), nullable=True))
    op.add_column('indicators', sa.Column('collection_day', sa.Integer(), nullable=True))
    op.create_table('indicator_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_key', sa.String(length=63), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('numerator', sa.Float(), nullable=True),
    sa.Column('denominator', sa.Float(), nullable=True),
    sa.Column('comment', sa.String(length=3000), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by', sa.String(length=254), nullable=True),
    sa.Column('via', sa.String(length=20), nullable=False),
    sa.Column('request_key', sa.String(length=200), nullable=True),
    sa.Column('source', sa.String(length=500), nullable=False),
    sa.Column('illustrative', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_key'], ['indicators.key'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_indicator_figures_indicator_month', 'indicator_figures', ['indicator_key', 'month'],
                    unique=False)
    op.create_index('uq_indicator_figures_request_key', 'indicator_figures', ['request_key'], unique=True)
    _refuse_rewrites()
    bind = op.get_bind()
    values = bind.execute(sa.select(VALUES).order_by(VALUES.c.indicator_key, VALUES.c.month)).all()
    if values:
        bind.execute(FIGURES.insert(), [
            {"indicator_key": key, "month": month, "kind": "value", "value": value, "comment": "",
             "at": given_at(month), "via": "import", "source": source, "illustrative": illustrative}
            for key, month, value, source, illustrative in values])
    op.drop_table('indicator_values')


def downgrade() -> None:
    # An UPDATE first, of columns about to go: it makes SQLite's driver open the transaction here, so when a step
    # further back refuses (0009, while an action has no date) this one is rolled back with it, as in 0010.
    op.execute('UPDATE indicators SET owner = NULL, collection_day = NULL')
    op.create_table('indicator_values',
    sa.Column('indicator_key', sa.String(length=63), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=False, server_default=''),
    sa.Column('illustrative', sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.ForeignKeyConstraint(['indicator_key'], ['indicators.key'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('indicator_key', 'month')
    )
    bind = op.get_bind()
    standing: dict[tuple[str, date], sa.Row] = {}
    for row in bind.execute(sa.select(FIGURES).where(FIGURES.c.kind != 'note')
                            .order_by(FIGURES.c.at, FIGURES.c.id)).all():
        standing[(row.indicator_key, row.month)] = row
    current = [row for row in standing.values() if row.kind == 'value' and row.value is not None]
    if current:
        bind.execute(VALUES.insert(), [
            {"indicator_key": row.indicator_key, "month": row.month, "value": row.value, "source": row.source,
             "illustrative": row.illustrative} for row in current])
    if bind.dialect.name == 'postgresql':
        op.execute("DROP TRIGGER indicator_figures_append_only ON indicator_figures")
        op.execute("DROP FUNCTION indicator_figures_are_append_only()")
    op.drop_index('uq_indicator_figures_request_key', table_name='indicator_figures')
    op.drop_index('ix_indicator_figures_indicator_month', table_name='indicator_figures')
    op.drop_table('indicator_figures')
    op.drop_column('indicators', 'collection_day')
    op.drop_column('indicators', 'owner')


def _refuse_rewrites() -> None:
    """The database itself keeps the log append-only, as it does the updates (0001)."""
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE FUNCTION indicator_figures_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   f"BEGIN RAISE EXCEPTION '{REFUSED}'; END $$")
        op.execute("CREATE TRIGGER indicator_figures_append_only BEFORE UPDATE OR DELETE ON indicator_figures "
                   "FOR EACH ROW EXECUTE FUNCTION indicator_figures_are_append_only()")
        return
    for event in ('UPDATE', 'DELETE'):
        op.execute(f"CREATE TRIGGER indicator_figures_no_{event.lower()} BEFORE {event} ON indicator_figures "
                   f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END")


def given_at(month: date) -> datetime:
    """When a monthly figure is first known: 00:00 UTC on the first day of the month after its own. Written out here
    rather than imported, so this step stays as it was whatever the code becomes."""
    return datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=timezone.utc)
