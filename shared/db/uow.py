"""The unit of work: one transaction holding a change and the events it emits."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, Table

from shared.db.outbox import write_event
from shared.messages import Envelope


class UnitOfWork:
    """``with uow: ...; uow.emit(...); uow.commit()`` — nothing is kept unless committed."""

    def __init__(
        self,
        engine: Engine,
        outbox: Table,
        source: str,
        on_commit: Callable[[], None] | None = None,
    ) -> None:
        self._engine = engine
        self._outbox = outbox
        self.source = source
        self._on_commit = on_commit
        self._conn: Connection | None = None
        self._committed = False
        self._emitted = 0

    @property
    def conn(self) -> Connection:
        """The open connection; only valid inside ``with``."""
        if self._conn is None:
            raise RuntimeError("unit of work used outside 'with'")
        return self._conn

    def __enter__(self) -> UnitOfWork:
        self._conn = self._engine.connect()
        self._conn.begin()
        self._committed = False
        self._emitted = 0
        return self

    def emit(
        self, topic: str, type_: str, subject: str, version: int, data: dict[str, Any]
    ) -> Envelope:
        """Write an event to the outbox in this transaction."""
        envelope = Envelope(
            type=type_, source=self.source, subject=subject, version=version, data=data
        )
        write_event(self.conn, self._outbox, topic, envelope)
        self._emitted += 1
        return envelope

    def commit(self) -> None:
        """Commit the change and its events together."""
        self.conn.commit()
        self._committed = True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        if not self._committed:
            conn.rollback()
        conn.close()
        if self._committed and self._emitted and self._on_commit is not None:
            self._on_commit()
