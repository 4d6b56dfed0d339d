"""A namespace over any EventBus: ``jisr.x.y`` becomes ``<prefix>.x.y`` on the wire.

Lets several deployments (or test runs) share one Kafka cluster without seeing each
other's topics or consumer groups; the services keep using the names in shared.topics.
"""

from __future__ import annotations

from dataclasses import replace

from shared.eventbus.port import Consumer, EventBus, Record


class NamespacedBus:
    """Wraps a bus, renaming topics and groups under ``prefix``."""

    def __init__(self, inner: EventBus, prefix: str) -> None:
        self._inner = inner
        self._prefix = prefix

    @staticmethod
    def wire_name(prefix: str, name: str) -> str:
        """The on-the-wire name of a topic or group under ``prefix``."""
        head, _, rest = name.partition(".")
        return f"{prefix}.{rest}" if head == "jisr" and rest else f"{prefix}.{name}"

    def wire(self, name: str) -> str:
        """The on-the-wire name of a topic or group."""
        return self.wire_name(self._prefix, name)

    def ensure_topics(self, topics: list[str]) -> None:
        """Create the namespaced topics."""
        self._inner.ensure_topics([self.wire(t) for t in topics])

    def publish(self, topic: str, envelope) -> None:  # type: ignore[no-untyped-def]
        """Publish under the namespace."""
        self._inner.publish(self.wire(topic), envelope)

    def consumer(self, group: str, topics: list[str]) -> Consumer:
        """A consumer of the namespaced group and topics, reporting the plain names."""
        names = {self.wire(t): t for t in topics}
        return _NamespacedConsumer(self._inner.consumer(self.wire(group), list(names)), names)

    def ping(self) -> bool:
        """The inner bus answers."""
        return self._inner.ping()

    def close(self) -> None:
        """Close the inner bus."""
        self._inner.close()


class _NamespacedConsumer:
    def __init__(self, inner: Consumer, names: dict[str, str]) -> None:
        self._inner = inner
        self._plain = names
        self._wire = {v: k for k, v in names.items()}

    def poll(self, timeout_s: float, max_records: int = 100) -> list[Record]:
        return [
            replace(r, topic=self._plain.get(r.topic, r.topic))
            for r in self._inner.poll(timeout_s, max_records)
        ]

    def commit(self, record: Record) -> None:
        self._inner.commit(replace(record, topic=self._wire.get(record.topic, record.topic)))

    def rewind(self) -> None:
        self._inner.rewind()

    def lag(self) -> int:
        return self._inner.lag()

    def close(self) -> None:
        self._inner.close()
