"""SQLAlchemy engines: SQLite (embedded default) tuned for threads, or any URL (PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine for ``url``; SQLite files get WAL, a busy timeout and IMMEDIATE writes."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": 30, "check_same_thread": False},
            pool_size=8,
            max_overflow=8,
            **kwargs,
        )
        _tune_sqlite(engine)
        return engine
    if url.startswith("postgresql"):
        # Sessions in UTC whatever the server's TimeZone: timestamptz values come back
        # aware in UTC (not the server's zone) and SQL date arithmetic is in UTC.
        connect_args = {"options": "-c timezone=UTC", **kwargs.pop("connect_args", {})}
        kwargs["connect_args"] = connect_args
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, **kwargs)


def _tune_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling opens DEFERRED transactions, which deadlock
    # when two threads upgrade a read to a write; we begin every transaction ourselves.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def is_sqlite(engine: Engine) -> bool:
    """True for the embedded store."""
    return engine.dialect.name == "sqlite"
