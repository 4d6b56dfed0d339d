"""The EventBus contract: what every adapter promises, asserted the same way for each.

Delivery at least once, order per key, resume from the committed offset, redelivery
of what was not committed. Subclass :class:`EventBusContract` and give ``make_bus``.
"""

from __future__ import annotations

import time
import uuid

from shared.eventbus.port import EventBus, Record
from shared.messages import Envelope


def envelope(subject: str, version: int, **data: object) -> Envelope:
    return Envelope(
        type="thing.changed", source="test", subject=subject, version=version, data=dict(data)
    )


def drain(consumer, want: int, timeout_s: float = 20.0) -> list[Record]:
    got: list[Record] = []
    deadline = time.monotonic() + timeout_s
    while len(got) < want and time.monotonic() < deadline:
        got.extend(consumer.poll(0.5))
    return got


class EventBusContract:
    """Abstract suite; subclasses provide ``make_bus()`` returning a fresh EventBus."""

    def make_bus(self) -> EventBus:
        raise NotImplementedError

    def topic(self) -> str:
        return f"jisr.test.t{uuid.uuid4().hex[:10]}"

    def test_published_messages_are_delivered_with_their_envelope(self) -> None:
        bus = self.make_bus()
        topic = self.topic()
        bus.ensure_topics([topic])
        sent = envelope("a", 1, n=1)
        bus.publish(topic, sent)
        consumer = bus.consumer("g1", [topic])
        records = drain(consumer, 1)
        assert [r.envelope for r in records] == [sent]
        assert records[0].key == "a"
        consumer.close()

    def test_order_is_kept_per_key(self) -> None:
        bus = self.make_bus()
        topic = self.topic()
        bus.ensure_topics([topic])
        for v in range(1, 11):
            bus.publish(topic, envelope("k1", v))
            bus.publish(topic, envelope("k2", v))
        consumer = bus.consumer("g-order", [topic])
        records = drain(consumer, 20)
        for key in ("k1", "k2"):
            versions = [r.envelope.version for r in records if r.key == key]
            assert versions == list(range(1, 11))
        consumer.close()

    def test_a_group_resumes_after_its_committed_offset(self) -> None:
        bus = self.make_bus()
        topic = self.topic()
        bus.ensure_topics([topic])
        for v in range(1, 4):
            bus.publish(topic, envelope("k", v))
        first = bus.consumer("g-resume", [topic])
        records = drain(first, 3)
        first.commit(records[1])  # versions 1 and 2 processed
        first.close()
        second = bus.consumer("g-resume", [topic])
        again = drain(second, 1)
        assert [r.envelope.version for r in again] == [3]
        second.close()

    def test_uncommitted_records_are_delivered_again(self) -> None:
        bus = self.make_bus()
        topic = self.topic()
        bus.ensure_topics([topic])
        bus.publish(topic, envelope("k", 1))
        consumer = bus.consumer("g-redeliver", [topic])
        assert len(drain(consumer, 1)) == 1
        consumer.rewind()
        again = drain(consumer, 1)
        assert [r.envelope.version for r in again] == [1]
        consumer.close()

    def test_groups_are_independent(self) -> None:
        bus = self.make_bus()
        topic = self.topic()
        bus.ensure_topics([topic])
        bus.publish(topic, envelope("k", 1))
        a = bus.consumer("g-a", [topic])
        b = bus.consumer("g-b", [topic])
        ra, rb = drain(a, 1), drain(b, 1)
        assert len(ra) == len(rb) == 1
        a.commit(ra[0])
        a.close()
        b.close()

    def test_lag_counts_uncommitted_records(self) -> None:
        bus = self.make_bus()
        topic = self.topic()
        bus.ensure_topics([topic])
        for v in range(1, 4):
            bus.publish(topic, envelope("k", v))
        consumer = bus.consumer("g-lag", [topic])
        records = drain(consumer, 3)
        deadline = time.monotonic() + 10
        while consumer.lag() != 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert consumer.lag() == 3
        consumer.commit(records[-1])
        deadline = time.monotonic() + 10
        while consumer.lag() != 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert consumer.lag() == 0
        consumer.close()
