"""The store contract against PostgreSQL (a fresh database per test) and SQLite (tmp_path).

PostgreSQL is deploy/local's; the ``jisr`` role may CREATE DATABASE, so every test gets
an empty database of its own (its default time zone set to Asia/Amman, not UTC), dropped
afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.contract.store_contract import StoreContract


class TestPostgresStore(StoreContract):
    @pytest.fixture(autouse=True)
    def _database(self, postgres_url_template: str) -> Iterator[None]:
        name = f"jisr_ct_{uuid.uuid4().hex[:12]}"
        admin = create_engine(
            postgres_url_template.replace("{service}", "test"), isolation_level="AUTOCOMMIT"
        )
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
            # A server whose zone is not UTC (as many are): values must still come back UTC.
            conn.execute(text(f"ALTER DATABASE \"{name}\" SET timezone = 'Asia/Amman'"))
        self._url = postgres_url_template.replace("jisr_{service}", name)
        try:
            yield
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

    def make_url(self) -> str:
        return self._url


class TestSqliteStore(StoreContract):
    @pytest.fixture(autouse=True)
    def _tmp(self, tmp_path: Path) -> None:
        self._path = tmp_path

    def make_url(self) -> str:
        return f"sqlite:///{self._path / 'store.db'}"
