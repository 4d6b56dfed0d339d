"""Schema management: SQLite gets ``create_all``; other stores run the service's Alembic migrations.

Each service keeps its migrations in ``services/<service>/migrations`` and its own
``alembic_version`` table in its own database.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, MetaData, text

from shared.db.engine import is_sqlite

SERVICES_DIR = Path(__file__).resolve().parents[2] / "services"


def migrations_dir(service: str) -> Path:
    """Where a service's Alembic scripts live."""
    return SERVICES_DIR / service / "migrations"


def alembic_config(service: str, url: str):  # type: ignore[no-untyped-def]
    """An Alembic Config for one service's store, usable by the Alembic command API."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir(service)))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["service"] = service
    return cfg


def prepare_schema(service: str, engine: Engine, metadata: MetaData) -> None:
    """Bring the store's schema to the code's version."""
    if is_sqlite(engine) or not migrations_dir(service).exists():
        metadata.create_all(engine)
        return
    from alembic import command

    cfg = alembic_config(service, engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        # Replicas starting together on a first install must not race on the same upgrade.
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": service})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
