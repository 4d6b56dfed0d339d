"""The embedded bus: a durable log in SQLite, read by consumer groups in this process.

It keeps the semantics of the Kafka adapter (one partition per topic, offsets,
committed positions per group, redelivery of what was not committed), so the
embedded platform loses nothing across a restart.
"""

from __future__ import annotations

import threading

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    update,
)

from shared.db.engine import make_engine
from shared.eventbus.port import Record
from shared.messages import Envelope

_metadata = MetaData()
_log = Table(
    "bus_log",
    _metadata,
    Column("topic", String(200), primary_key=True),
    Column("offset", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("key", String(200), nullable=False),
    Column("payload", Text, nullable=False),
)
_offsets = Table(
    "bus_offsets",
    _metadata,
    Column("group", String(200), primary_key=True),
    Column("topic", String(200), primary_key=True),
    Column("committed", BigInteger, nullable=False),  # next offset to read
)


class InProcessBus:
    """An EventBus whose log lives in one SQLite file (or memory) of this process."""

    def __init__(self, url: str) -> None:
        self._engine: Engine = make_engine(url)
        _metadata.create_all(self._engine)
        self._cond = threading.Condition()
        self._lock = threading.Lock()

    def ensure_topics(self, topics: list[str]) -> None:
        """Topics exist implicitly in the log."""

    def publish(self, topic: str, envelope: Envelope) -> None:
        """Append to the log; durable when this returns."""
        with self._lock, self._engine.begin() as conn:
            last = conn.execute(
                select(func.max(_log.c.offset)).where(_log.c.topic == topic)
            ).scalar()
            offset = 0 if last is None else int(last) + 1
            conn.execute(
                insert(_log).values(
                    topic=topic, offset=offset, key=envelope.subject, payload=envelope.to_json()
                )
            )
        with self._cond:
            self._cond.notify_all()

    def consumer(self, group: str, topics: list[str]) -> InProcessConsumer:
        """A consumer of ``group`` positioned at its committed offsets."""
        return InProcessConsumer(self, group, topics)

    def ping(self) -> bool:
        """The log is local: reachable while the process runs."""
        return True

    def close(self) -> None:
        """Dispose of the engine."""
        self._engine.dispose()

    # helpers for the consumer
    def _committed(self, group: str, topic: str) -> int:
        with self._engine.connect() as conn:
            value = conn.execute(
                select(_offsets.c.committed).where(
                    _offsets.c.group == group, _offsets.c.topic == topic
                )
            ).scalar()
        return int(value) if value is not None else 0

    def _commit(self, group: str, topic: str, next_offset: int) -> None:
        with self._lock, self._engine.begin() as conn:
            res = conn.execute(
                update(_offsets)
                .where(_offsets.c.group == group, _offsets.c.topic == topic)
                .values(committed=next_offset)
            )
            if res.rowcount == 0:
                conn.execute(
                    insert(_offsets).values(group=group, topic=topic, committed=next_offset)
                )

    def _read(self, topic: str, start: int, limit: int) -> list[Record]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(_log.c.offset, _log.c.key, _log.c.payload)
                .where(_log.c.topic == topic, _log.c.offset >= start)
                .order_by(_log.c.offset)
                .limit(limit)
            ).all()
        return [
            Record(topic, 0, int(off), key, Envelope.from_json(payload))
            for off, key, payload in rows
        ]

    def _end(self, topic: str) -> int:
        with self._engine.connect() as conn:
            last = conn.execute(
                select(func.max(_log.c.offset)).where(_log.c.topic == topic)
            ).scalar()
        return 0 if last is None else int(last) + 1

    def _wait(self, timeout_s: float) -> None:
        with self._cond:
            self._cond.wait(timeout_s)


class InProcessConsumer:
    """A group member over the SQLite log; position kept in memory, commits persisted."""

    def __init__(self, bus: InProcessBus, group: str, topics: list[str]) -> None:
        self._bus = bus
        self._group = group
        self._topics = list(topics)
        self._position: dict[str, int] = {}
        self.rewind()

    def rewind(self) -> None:
        """Back to the committed offsets."""
        self._position = {t: self._bus._committed(self._group, t) for t in self._topics}

    def poll(self, timeout_s: float, max_records: int = 100) -> list[Record]:
        """Records after the position, oldest topic-offset first; waits up to ``timeout_s``."""
        records = self._fetch(max_records)
        if not records and timeout_s > 0:
            self._bus._wait(timeout_s)
            records = self._fetch(max_records)
        return records

    def _fetch(self, max_records: int) -> list[Record]:
        out: list[Record] = []
        for topic in self._topics:
            room = max_records - len(out)
            if room <= 0:
                break
            batch = self._bus._read(topic, self._position[topic], room)
            if batch:
                self._position[topic] = batch[-1].offset + 1
                out.extend(batch)
        return out

    def commit(self, record: Record) -> None:
        """Persist that the group has processed ``record``."""
        self._bus._commit(self._group, record.topic, record.offset + 1)

    def lag(self) -> int:
        """Records not yet committed by the group."""
        return sum(self._bus._end(t) - self._bus._committed(self._group, t) for t in self._topics)

    def close(self) -> None:
        """Nothing to release."""
