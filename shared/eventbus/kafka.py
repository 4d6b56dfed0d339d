"""The Kafka adapter of the EventBus (kafka-python 2.3 or 3.x): idempotent producer, acks=all.

The entity id is the key, so one entity's events stay on one partition, in order.
Consumers never auto-commit: the worker commits a record only after applying it.
Every call that talks to the broker is bounded in time; a broker that does not
answer shows as :class:`BusUnavailable`, never as a hang.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Collection
from typing import Any

from shared.eventbus.port import BusUnavailable, Record
from shared.messages import Envelope
from shared.topics import ENTITY_TOPICS

log = logging.getLogger(__name__)

PARTITIONS = 3
PUBLISH_TIMEOUT_S = 10.0  # publish raises BusUnavailable within about this long
BOOTSTRAP_TIMEOUT_MS = 3000  # first contact with a broker
REQUEST_TIMEOUT_MS = 5000
RECONNECT_BACKOFF_MAX_MS = 1000  # the default (30 s) delays recovery after a broker restart
CONSUMER_REQUEST_TIMEOUT_MS = 15000  # kafka-python 2.x wants it above the session timeout
SESSION_TIMEOUT_MS = 10000
ADMIN_TIMEOUT_S = 15.0


def _options(cls: Any, **options: Any) -> dict[str, Any]:
    """Client options for ``cls``: the bootstrap timeout has another name in 2.x and 3.x."""
    timeout = options.pop("bootstrap_timeout_ms", None)
    known = getattr(cls, "DEFAULT_CONFIG", {})
    if timeout is not None:
        for name in ("bootstrap_timeout_ms", "api_version_auto_timeout_ms"):
            if name in known:
                options[name] = timeout
                break
    return options


def _kafka_python_major() -> int:
    import kafka

    return int(str(kafka.__version__).split(".", 1)[0])


def _offset_and_metadata(offset: int) -> Any:
    """OffsetAndMetadata has (offset, metadata) in old releases, plus leader_epoch in newer."""
    from kafka.structs import OffsetAndMetadata

    values = {"offset": offset, "metadata": "", "leader_epoch": -1}
    return OffsetAndMetadata(**{f: values[f] for f in OffsetAndMetadata._fields})


def _reachable(bootstrap: str, timeout_s: float = 1.0) -> bool:
    """Some bootstrap address accepts a TCP connection (a quick pre-check)."""
    for address in bootstrap.split(","):
        host, _, port = address.strip().rpartition(":")
        try:
            with socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout_s):
                return True
        except (OSError, ValueError):
            continue
    return False


class KafkaBus:
    """EventBus over a Kafka cluster reachable at ``bootstrap``.

    ``compacted`` names the topics created with ``cleanup.policy=compact`` (the entity
    topics, whose latest event per key is the entity's state).
    """

    def __init__(
        self,
        bootstrap: str,
        client_id: str = "jisr",
        compacted: Collection[str] = ENTITY_TOPICS,
        partitions: int = PARTITIONS,
    ) -> None:
        self._bootstrap = bootstrap
        self._client_id = client_id
        self._compacted = frozenset(compacted)
        self._partitions = partitions
        self._producer: Any = None
        self._lock = threading.Lock()

    def _get_producer(self) -> Any:
        with self._lock:
            if self._producer is None:
                from kafka import KafkaProducer

                # delivery_timeout_ms bounds the producer's own retries, so a record that
                # could not be sent is not delivered later behind the relay's back.
                self._producer = KafkaProducer(
                    **_options(
                        KafkaProducer,
                        bootstrap_servers=self._bootstrap,
                        client_id=self._client_id,
                        acks="all",
                        enable_idempotence=True,
                        # 2.x accepts only 1 with idempotence; publishes wait one by one anyway
                        max_in_flight_requests_per_connection=1,
                        linger_ms=0,
                        retry_backoff_ms=200,
                        request_timeout_ms=REQUEST_TIMEOUT_MS,
                        delivery_timeout_ms=int(PUBLISH_TIMEOUT_S * 1000) - 1000,
                        max_block_ms=4000,
                        reconnect_backoff_max_ms=RECONNECT_BACKOFF_MAX_MS,
                        bootstrap_timeout_ms=BOOTSTRAP_TIMEOUT_MS,
                    )
                )
            return self._producer

    def _drop_producer(self, producer: Any) -> None:
        """Forget a producer that failed; buffered records are aborted, not sent later."""
        with self._lock:
            if self._producer is producer:
                self._producer = None
        try:
            producer.close(timeout=0)
        except Exception:
            log.debug("closing a failed producer failed", exc_info=True)

    def _admin(self) -> Any:
        from kafka.admin import KafkaAdminClient

        try:
            return KafkaAdminClient(
                **_options(
                    KafkaAdminClient,
                    bootstrap_servers=self._bootstrap,
                    client_id=self._client_id,
                    request_timeout_ms=int(ADMIN_TIMEOUT_S * 1000),
                    bootstrap_timeout_ms=BOOTSTRAP_TIMEOUT_MS,
                )
            )
        except Exception as exc:
            raise BusUnavailable(f"kafka admin at {self._bootstrap}: {exc}") from exc

    def ensure_topics(self, topics: list[str]) -> None:
        """Create missing topics (compacted where named so), then wait until they are listed."""
        from kafka.errors import TopicAlreadyExistsError

        admin = self._admin()
        try:
            missing = sorted(set(topics) - set(admin.list_topics()))
            if not missing:
                return
            response: Any = None
            with contextlib.suppress(TopicAlreadyExistsError):  # another process was first
                response = admin.create_topics(
                    self._new_topics(missing), timeout_ms=int(ADMIN_TIMEOUT_S * 1000)
                )
            # kafka-python 2.x returns errors in the response instead of raising:
            # the listing is the one check both versions agree on.
            deadline = time.monotonic() + ADMIN_TIMEOUT_S
            while True:
                still = set(missing) - set(admin.list_topics())
                if not still:
                    return
                if time.monotonic() > deadline:
                    raise BusUnavailable(f"kafka topics not created: {sorted(still)}: {response}")
                time.sleep(0.2)
        except BusUnavailable:
            raise
        except Exception as exc:
            raise BusUnavailable(f"kafka ensure_topics failed: {exc}") from exc
        finally:
            admin.close()

    def _new_topics(self, names: list[str]) -> Any:
        def configs(name: str) -> dict[str, str]:
            return {"cleanup.policy": "compact"} if name in self._compacted else {}

        if _kafka_python_major() >= 3:  # NewTopic is deprecated there
            return {
                n: {
                    "num_partitions": self._partitions,
                    "replication_factor": 1,
                    "configs": configs(n),
                }
                for n in names
            }
        from kafka.admin import NewTopic

        return [
            NewTopic(
                name=n,
                num_partitions=self._partitions,
                replication_factor=1,
                topic_configs=configs(n),
            )
            for n in names
        ]

    def publish(self, topic: str, envelope: Envelope) -> None:
        """Send and wait for the acknowledgement of all in-sync replicas (bounded in time)."""
        started = time.monotonic()
        producer: Any = None
        try:
            producer = self._get_producer()
            future = producer.send(
                topic, key=envelope.subject.encode(), value=envelope.to_json().encode()
            )
            future.get(timeout=max(PUBLISH_TIMEOUT_S - (time.monotonic() - started), 0.5))
        except Exception as exc:
            if producer is not None:
                self._drop_producer(producer)
            raise BusUnavailable(f"kafka publish to {topic} failed: {exc!r}") from exc

    def consumer(self, group: str, topics: list[str]) -> KafkaGroupConsumer:
        """A group member subscribed to ``topics``; starts at the committed offsets."""
        return KafkaGroupConsumer(self._bootstrap, group, topics, self._client_id)

    def ping(self) -> bool:
        """True when a broker answers (TCP first, then a client bootstrap); at most ~4 s."""
        if not _reachable(self._bootstrap):
            return False
        from kafka import KafkaConsumer

        try:
            probe = KafkaConsumer(
                **_options(
                    KafkaConsumer,
                    bootstrap_servers=self._bootstrap,
                    client_id=f"{self._client_id}-ping",
                    request_timeout_ms=CONSUMER_REQUEST_TIMEOUT_MS,
                    bootstrap_timeout_ms=BOOTSTRAP_TIMEOUT_MS,
                )
            )
        except Exception:
            return False
        try:
            probe.close()
        except Exception:
            log.debug("closing the ping probe failed", exc_info=True)
        return True

    def close(self) -> None:
        """Flush and close the producer."""
        with self._lock:
            producer, self._producer = self._producer, None
        if producer is not None:
            producer.close(timeout=5)


class KafkaGroupConsumer:
    """A consumer of one group; commits are explicit, per record."""

    def __init__(
        self, bootstrap: str, group: str, topics: list[str], client_id: str = "jisr"
    ) -> None:
        from kafka import KafkaConsumer

        self._group = group
        self._topics = list(topics)
        try:
            self._consumer = KafkaConsumer(
                **_options(
                    KafkaConsumer,
                    bootstrap_servers=bootstrap,
                    client_id=f"{client_id}-{group}",
                    group_id=group,
                    enable_auto_commit=False,
                    auto_offset_reset="earliest",
                    session_timeout_ms=SESSION_TIMEOUT_MS,
                    heartbeat_interval_ms=3000,
                    max_poll_interval_ms=300000,
                    request_timeout_ms=CONSUMER_REQUEST_TIMEOUT_MS,
                    reconnect_backoff_max_ms=RECONNECT_BACKOFF_MAX_MS,
                    bootstrap_timeout_ms=BOOTSTRAP_TIMEOUT_MS,
                )
            )
        except Exception as exc:
            raise BusUnavailable(f"kafka consumer {group} at {bootstrap}: {exc}") from exc
        self._consumer.subscribe(self._topics)

    def poll(self, timeout_s: float, max_records: int = 100) -> list[Record]:
        """The next records of the assigned partitions (the first polls also join the group)."""
        batches = self._consumer.poll(timeout_ms=int(timeout_s * 1000), max_records=max_records)
        out: list[Record] = []
        for tp, messages in batches.items():
            for m in messages:
                try:
                    envelope = Envelope.from_json(m.value)
                except ValueError:
                    # Not ours to apply and not ours to commit past: the next commit on
                    # this partition moves over it.
                    log.error(
                        "skipping a malformed record",
                        extra={"topic": tp.topic, "partition": tp.partition, "offset": m.offset},
                    )
                    continue
                key = m.key.decode() if m.key is not None else ""
                out.append(Record(tp.topic, tp.partition, m.offset, key, envelope))
        return out

    def commit(self, record: Record) -> None:
        """Commit ``record.offset + 1`` on its partition (synchronously)."""
        from kafka import TopicPartition

        tp = TopicPartition(record.topic, record.partition)
        try:
            self._consumer.commit(
                {tp: _offset_and_metadata(record.offset + 1)}, timeout_ms=REQUEST_TIMEOUT_MS
            )
        except Exception as exc:
            raise BusUnavailable(f"kafka commit for {self._group} failed: {exc!r}") from exc

    def rewind(self) -> None:
        """Seek every assigned partition back to its committed offset.

        Before the group has assigned partitions there is nothing to rewind: the first
        assignment starts at the committed offsets anyway.
        """
        try:
            for tp in self._consumer.assignment():
                committed = self._consumer.committed(tp, timeout_ms=REQUEST_TIMEOUT_MS)
                if committed is None:
                    self._consumer.seek_to_beginning(tp)
                else:
                    self._consumer.seek(tp, committed)
        except Exception as exc:
            raise BusUnavailable(f"kafka rewind for {self._group} failed: {exc!r}") from exc

    def lag(self) -> int:
        """Records of the subscribed topics the group has not committed (all partitions).

        A partition never committed counts from its first retained offset; -1 while the
        topics' partitions are not known yet.
        """
        from kafka import TopicPartition

        parts = set(self._consumer.assignment())
        for topic in self._topics:
            for p in self._consumer.partitions_for_topic(topic) or ():
                parts.add(TopicPartition(topic, p))
        if not parts:
            return -1
        wanted = sorted(parts)
        ends = self._consumer.end_offsets(wanted)
        starts = self._consumer.beginning_offsets(wanted)
        total = 0
        for tp in wanted:
            committed = self._consumer.committed(tp, timeout_ms=REQUEST_TIMEOUT_MS)
            base = starts.get(tp, 0) if committed is None else committed
            total += max(ends.get(tp, 0) - base, 0)
        return total

    def close(self) -> None:
        """Leave the group without committing anything."""
        try:
            self._consumer.close(autocommit=False, timeout_ms=REQUEST_TIMEOUT_MS)
        except Exception:
            log.debug("closing consumer %s failed", self._group, exc_info=True)
