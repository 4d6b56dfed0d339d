"""The body of every service's Alembic ``env.py``: online migrations on the service metadata."""

from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData, create_engine, pool

from shared.db.outbox import inbox_table, outbox_table


def with_plumbing(metadata: MetaData) -> MetaData:
    """The service's tables plus its outbox and inbox, as the runtime creates them."""
    if "outbox" not in metadata.tables:
        outbox_table(metadata)
    if "inbox" not in metadata.tables:
        inbox_table(metadata)
    return metadata


def run(metadata: MetaData) -> None:
    """Run migrations on the connection handed over by ``prepare_schema`` or on the URL."""
    target = with_plumbing(metadata)
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "", poolclass=pool.NullPool)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
