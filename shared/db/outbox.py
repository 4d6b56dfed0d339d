"""The transactional outbox and the inbox of processed message ids.

A service writes its change and its event in one transaction; the relay publishes
the outbox in order; a consumer records each message id in its inbox in the same
transaction that applies it, so applying a redelivered message changes nothing.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from shared.db.types import UtcDateTime
from shared.messages import Envelope, utcnow

log = logging.getLogger(__name__)


def outbox_table(metadata: MetaData) -> Table:
    """Declare the outbox table in a service's metadata."""
    return Table(
        "outbox",
        metadata,
        Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
        Column("event_id", String(64), nullable=False, unique=True),
        Column("topic", String(200), nullable=False),
        Column("key", String(200), nullable=False),
        Column("payload", Text, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("published_at", UtcDateTime(), nullable=True, index=True),
    )


def inbox_table(metadata: MetaData) -> Table:
    """Declare the inbox (processed message ids per consumer) in a service's metadata."""
    return Table(
        "inbox",
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("message_id", String(64), primary_key=True),
        Column("processed_at", UtcDateTime(), nullable=False),
    )


def write_event(conn: Connection, outbox: Table, topic: str, envelope: Envelope) -> None:
    """Append one event to the outbox inside the caller's transaction."""
    conn.execute(
        insert(outbox).values(
            event_id=envelope.id,
            topic=topic,
            key=envelope.subject,
            payload=envelope.to_json(),
            created_at=utcnow(),
        )
    )


def claim_message(conn: Connection, inbox: Table, consumer: str, message_id: str) -> bool:
    """Record a message as processed; False if it already was (a redelivery).

    Call inside the transaction that applies the message, so both commit together.
    """
    seen = conn.execute(
        select(inbox.c.message_id).where(
            inbox.c.consumer == consumer, inbox.c.message_id == message_id
        )
    ).first()
    if seen is not None:
        return False
    try:
        with conn.begin_nested():
            conn.execute(
                insert(inbox).values(
                    consumer=consumer, message_id=message_id, processed_at=utcnow()
                )
            )
    except IntegrityError:
        return False
    return True


class Relay:
    """Publishes unpublished outbox rows in order; safe to stop at any point.

    A crash between publishing and marking a row means it is published again after the
    restart: delivery is at least once, and consumers' inboxes make it exactly-once in effect.
    """

    def __init__(
        self,
        engine: Engine,
        outbox: Table,
        publish: Callable[[str, Envelope], None],
        interval_s: float = 0.2,
        name: str = "relay",
    ) -> None:
        self._engine = engine
        self._outbox = outbox
        self._publish = publish
        self._interval = interval_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.name = name
        self.healthy = True

    def notify(self) -> None:
        """Wake the relay (called after a commit that wrote events)."""
        self._wake.set()

    def pending(self) -> int:
        """How many events wait to be published."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(self._outbox.c.seq).where(self._outbox.c.published_at.is_(None))
            ).all()
        return len(rows)

    def run_once(self, batch: int = 200) -> int:
        """Publish up to ``batch`` pending events; returns how many were published."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(self._outbox.c.seq, self._outbox.c.topic, self._outbox.c.payload)
                .where(self._outbox.c.published_at.is_(None))
                .order_by(self._outbox.c.seq)
                .limit(batch)
            ).all()
        done = 0
        for seq, topic, payload in rows:
            self._publish(topic, Envelope.from_json(payload))
            with self._engine.begin() as conn:
                conn.execute(
                    update(self._outbox)
                    .where(self._outbox.c.seq == seq)
                    .values(published_at=utcnow())
                )
            done += 1
        return done

    def start(self) -> None:
        """Run in a daemon thread until :meth:`stop`."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread after its current batch."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        backoff = self._interval
        while not self._stop.is_set():
            try:
                while self.run_once() and not self._stop.is_set():
                    pass
                self.healthy = True
                backoff = self._interval
            except Exception:  # the bus is down: keep the rows, retry with backoff
                self.healthy = False
                log.warning("relay publish failed; will retry", extra={"relay": self.name})
                backoff = min(backoff * 2, 5.0)
            self._wake.wait(backoff)
            self._wake.clear()


def payload_of(row_payload: str) -> dict[str, object]:
    """Decode a stored outbox payload (for tests and tools)."""
    return dict(json.loads(row_payload))
