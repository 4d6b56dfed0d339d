"""Alembic migrations build on PostgreSQL exactly the schema the code declares."""

from __future__ import annotations

import importlib
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from shared.db.alembic_env import with_plumbing
from shared.db.engine import make_engine
from shared.db.migrate import prepare_schema


@pytest.fixture
def fresh_database(postgres_url_template: str):
    """A new empty database, dropped afterwards."""
    name = f"jisr_mig_{uuid.uuid4().hex[:8]}"
    admin_url = postgres_url_template.replace("{service}", "test")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.mark.parametrize("service", ["employers", "skills", "matching"])
def test_upgrade_head_matches_the_declared_tables(fresh_database: str, service: str) -> None:
    tables = importlib.import_module(f"services.{service}.adapters.tables")
    metadata = with_plumbing(tables.metadata)
    engine = make_engine(fresh_database)
    prepare_schema(service, engine, metadata)
    prepare_schema(service, engine, metadata)  # running twice is a no-op
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    assert diff == []
    assert version
