"""The EventBus port: what every adapter promises.

Delivery is at least once; records of one key keep their order; a consumer group
resumes after its last committed offset; a record not committed is delivered again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from shared.messages import Envelope


@dataclass(frozen=True)
class Record:
    """One delivered message: where it came from and the envelope it carries."""

    topic: str
    partition: int
    offset: int
    key: str
    envelope: Envelope


class Consumer(Protocol):
    """One member of a consumer group reading some topics."""

    def poll(self, timeout_s: float, max_records: int = 100) -> list[Record]:
        """Return the next records after the current position (may be empty)."""
        ...

    def commit(self, record: Record) -> None:
        """Mark ``record`` and every earlier record of its partition as processed."""
        ...

    def rewind(self) -> None:
        """Go back to the last committed offsets, so uncommitted records come again."""
        ...

    def lag(self) -> int:
        """How many records of the subscribed topics are not yet committed."""
        ...

    def close(self) -> None:
        """Leave the group and free resources."""
        ...


class EventBus(Protocol):
    """Durable publish/subscribe of envelopes by topic."""

    def ensure_topics(self, topics: list[str]) -> None:
        """Create the topics if missing (with partitions and compaction where it applies)."""
        ...

    def publish(self, topic: str, envelope: Envelope) -> None:
        """Durably append ``envelope`` to ``topic`` keyed by its subject; raises when it cannot."""
        ...

    def consumer(self, group: str, topics: list[str]) -> Consumer:
        """A consumer in ``group`` subscribed to ``topics``, starting after committed offsets."""
        ...

    def ping(self) -> bool:
        """True when the bus is reachable."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


class BusUnavailable(RuntimeError):
    """The bus could not accept or deliver a message now; try again later."""
