"""The Kafka adapter of the EventBus (kafka-python): idempotent producer, acks=all.

The entity id is the key, so one entity's events stay on one partition, in order.
Consumers never auto-commit: the worker commits a record only after applying it.
"""

from __future__ import annotations

import logging
from typing import Any

from shared.eventbus.port import BusUnavailable, Record
from shared.messages import Envelope
from shared.topics import ENTITY_TOPICS

log = logging.getLogger(__name__)
PARTITIONS = 3


class KafkaBus:
    """EventBus over a Kafka cluster reachable at ``bootstrap``."""

    def __init__(self, bootstrap: str, client_id: str = "jisr") -> None:
        self._bootstrap = bootstrap
        self._client_id = client_id
        self._producer: Any = None

    def _get_producer(self) -> Any:
        if self._producer is None:
            from kafka import KafkaProducer

            self._producer = KafkaProducer(
                bootstrap_servers=self._bootstrap,
                client_id=self._client_id,
                acks="all",
                enable_idempotence=True,
                retries=10,
                retry_backoff_ms=200,
                linger_ms=2,
                max_in_flight_requests_per_connection=5,
                request_timeout_ms=10000,
                max_block_ms=10000,
                key_serializer=lambda k: k.encode(),
                value_serializer=lambda v: v.encode(),
            )
        return self._producer

    def ensure_topics(self, topics: list[str]) -> None:
        """Create missing topics: entity topics compacted, all with PARTITIONS partitions."""
        from kafka.admin import KafkaAdminClient, NewTopic
        from kafka.errors import TopicAlreadyExistsError

        admin = KafkaAdminClient(bootstrap_servers=self._bootstrap, client_id=self._client_id)
        try:
            existing = set(admin.list_topics())
            new = [
                NewTopic(
                    name=t,
                    num_partitions=PARTITIONS,
                    replication_factor=1,
                    topic_configs={"cleanup.policy": "compact"} if t in ENTITY_TOPICS else {},
                )
                for t in topics
                if t not in existing
            ]
            if new:
                try:
                    admin.create_topics(new)
                except TopicAlreadyExistsError:
                    pass
        finally:
            admin.close()

    def publish(self, topic: str, envelope: Envelope) -> None:
        """Send and wait for the broker's acknowledgement from all in-sync replicas."""
        try:
            future = self._get_producer().send(topic, key=envelope.subject, value=envelope.to_json())
            future.get(timeout=15)
        except Exception as exc:
            raise BusUnavailable(f"kafka publish to {topic} failed: {exc}") from exc

    def consumer(self, group: str, topics: list[str]) -> KafkaGroupConsumer:
        """A group member subscribed to ``topics``; starts at the committed offsets."""
        return KafkaGroupConsumer(self._bootstrap, group, topics)

    def ping(self) -> bool:
        """True when a broker answers a metadata request."""
        from kafka import KafkaConsumer

        probe = KafkaConsumer(bootstrap_servers=self._bootstrap, request_timeout_ms=3000,
                              api_version_auto_timeout_ms=3000)
        try:
            return bool(probe.bootstrap_connected() or probe.topics() is not None)
        finally:
            probe.close()

    def close(self) -> None:
        """Flush and close the producer."""
        if self._producer is not None:
            self._producer.close(timeout=5)
            self._producer = None


class KafkaGroupConsumer:
    """A consumer of one group; commits are explicit, per record."""

    def __init__(self, bootstrap: str, group: str, topics: list[str]) -> None:
        from kafka import KafkaConsumer

        self._consumer = KafkaConsumer(
            bootstrap_servers=bootstrap,
            group_id=group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            session_timeout_ms=10000,
            heartbeat_interval_ms=3000,
            max_poll_interval_ms=300000,
            key_deserializer=lambda k: k.decode() if k is not None else "",
            value_deserializer=lambda v: v.decode(),
        )
        self._consumer.subscribe(topics)

    def poll(self, timeout_s: float, max_records: int = 100) -> list[Record]:
        """The next records of the assigned partitions."""
        batches = self._consumer.poll(timeout_ms=int(timeout_s * 1000), max_records=max_records)
        out: list[Record] = []
        for tp, messages in batches.items():
            for m in messages:
                out.append(Record(tp.topic, tp.partition, m.offset, m.key, Envelope.from_json(m.value)))
        return out

    def commit(self, record: Record) -> None:
        """Commit ``record.offset + 1`` on its partition."""
        from kafka import TopicPartition
        from kafka.structs import OffsetAndMetadata

        tp = TopicPartition(record.topic, record.partition)
        self._consumer.commit({tp: OffsetAndMetadata(record.offset + 1, "", -1)})

    def rewind(self) -> None:
        """Seek every assigned partition back to its committed offset."""
        for tp in self._consumer.assignment():
            committed = self._consumer.committed(tp)
            if committed is None:
                self._consumer.seek_to_beginning(tp)
            else:
                self._consumer.seek(tp, committed)

    def lag(self) -> int:
        """Sum over assigned partitions of end offset minus committed offset."""
        assigned = list(self._consumer.assignment())
        if not assigned:
            return -1
        ends = self._consumer.end_offsets(assigned)
        total = 0
        for tp in assigned:
            committed = self._consumer.committed(tp) or 0
            total += max(ends.get(tp, 0) - committed, 0)
        return total

    def close(self) -> None:
        """Leave the group."""
        self._consumer.close(autocommit=False)
