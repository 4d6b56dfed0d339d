"""The EventBus contract against a real Kafka broker, plus what only Kafka shows.

The broker is deploy/local's (started by the ``kafka_bootstrap`` fixture when needed).
Beyond the contract: topic creation (compaction, partitions), the dead-letter path of
ConsumerWorker, a group member that dies mid-batch, and the outbox relay across a
broker restart — each with bounded waits.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, update

from shared.db.outbox import claim_message
from shared.eventbus.kafka import PARTITIONS, KafkaBus
from shared.eventbus.port import BusUnavailable, Record
from shared.eventbus.worker import ConsumerWorker, PermanentError
from shared.messages import Envelope
from shared.runtime import ServiceRuntime, service_runtime
from shared.topics import ENTITY_TOPICS, dead_letter
from tests import realservers
from tests.contract.bus_contract import EventBusContract, drain, envelope

REPO = Path(__file__).resolve().parents[2]


def wait_for(check: Callable[[], bool], timeout_s: float, what: str, every_s: float = 0.1) -> None:
    """Poll ``check`` until true; fail naming ``what`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")
        time.sleep(every_s)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


class TestKafkaBus(EventBusContract):
    """The shared contract; group names repeat across runs, topics never do."""

    @pytest.fixture(autouse=True)
    def _kafka(self, kafka_bootstrap: str) -> Iterator[None]:
        self._bootstrap = kafka_bootstrap
        self._buses: list[KafkaBus] = []
        yield
        for bus in self._buses:
            bus.close()

    def make_bus(self) -> KafkaBus:
        bus = KafkaBus(self._bootstrap)
        self._buses.append(bus)
        return bus


# --- helpers over the admin client (its answers differ between kafka-python 2.x and 3.x)


def topic_configs(bootstrap: str, topic: str) -> dict[str, str]:
    """Every config value of ``topic`` as the broker reports it."""
    from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        resource = ConfigResource(ConfigResourceType.TOPIC, topic)
        try:
            answer = admin.describe_configs([resource], config_filter="all")  # 3.x
        except TypeError:
            answer = admin.describe_configs([resource])  # 2.x: always all
        if isinstance(answer, dict):
            return {k: v["value"] for k, v in answer["topic"][topic].items()}
        out: dict[str, str] = {}
        for response in answer:
            for res in response.resources:
                assert res[0] == 0, res
                for entry in res[4]:
                    out[entry[0]] = entry[1]
        return out
    finally:
        admin.close()


def partition_count(bootstrap: str, topic: str) -> int:
    from kafka import KafkaConsumer

    probe = KafkaConsumer(bootstrap_servers=bootstrap)
    try:
        return len(probe.partitions_for_topic(topic) or ())
    finally:
        probe.close()


# --- an idempotent consumer: the inbox of a SQLite service runtime


class Effects:
    """A consumer's store: each applied event increments its row, guarded by the inbox."""

    def __init__(self, tmp_path: Path, bus: KafkaBus, name: str) -> None:
        metadata = MetaData()
        self.table = Table(
            "effects",
            metadata,
            Column("event_id", String(64), primary_key=True),
            Column("applied", Integer, nullable=False),
        )
        self.name = name
        self.runtime: ServiceRuntime = service_runtime(
            name, f"sqlite:///{tmp_path / (name + '.db')}", metadata, bus
        )
        self.duplicates = 0
        self._lock = threading.Lock()

    def apply(self, env: Envelope) -> bool:
        """Apply once: False (and nothing changed) for a redelivered message."""
        with self.runtime.uow() as uow:
            if not claim_message(uow.conn, self.runtime.inbox, self.name, env.id):
                with self._lock:
                    self.duplicates += 1
                return False
            row = uow.conn.execute(
                select(self.table.c.applied).where(self.table.c.event_id == env.id)
            ).first()
            if row is None:
                uow.conn.execute(insert(self.table).values(event_id=env.id, applied=1))
            else:
                uow.conn.execute(
                    update(self.table)
                    .where(self.table.c.event_id == env.id)
                    .values(applied=self.table.c.applied + 1)
                )
            uow.commit()
        return True

    def counts(self) -> dict[str, int]:
        with self.runtime.engine.connect() as conn:
            return {r.event_id: r.applied for r in conn.execute(select(self.table)).all()}

    def close(self) -> None:
        self.runtime.engine.dispose()


@pytest.fixture
def bus(kafka_bootstrap: str) -> Iterator[KafkaBus]:
    b = KafkaBus(kafka_bootstrap)
    yield b
    b.close()


def new_topic(bus: KafkaBus) -> str:
    topic = f"jisr.test.{unique('k')}"
    bus.ensure_topics([topic])
    return topic


# --- topics


def test_entity_topics_are_created_compacted_with_three_partitions(kafka_bootstrap: str) -> None:
    entity, log_topic = f"jisr.test.{unique('entity')}", f"jisr.test.{unique('log')}"
    bus = KafkaBus(kafka_bootstrap, compacted=[entity])
    bus.ensure_topics([entity, log_topic])
    bus.ensure_topics([entity, log_topic])  # again: a no-op, no error
    assert topic_configs(kafka_bootstrap, entity)["cleanup.policy"] == "compact"
    assert topic_configs(kafka_bootstrap, log_topic)["cleanup.policy"] == "delete"
    assert partition_count(kafka_bootstrap, entity) == PARTITIONS == 3
    assert partition_count(kafka_bootstrap, log_topic) == 3


def test_the_project_entity_topics_are_compacted(bus: KafkaBus, kafka_bootstrap: str) -> None:
    bus.ensure_topics(list(ENTITY_TOPICS))
    for topic in ENTITY_TOPICS:
        assert topic_configs(kafka_bootstrap, topic)["cleanup.policy"] == "compact", topic


def test_ping_is_true_when_up_and_false_fast_when_nothing_listens(bus: KafkaBus) -> None:
    started = time.monotonic()
    assert bus.ping() is True
    assert time.monotonic() - started < 2
    started = time.monotonic()
    assert KafkaBus("127.0.0.1:1").ping() is False
    assert time.monotonic() - started < 2


def test_publish_to_an_unreachable_broker_raises_bus_unavailable_in_bounded_time() -> None:
    dead = KafkaBus("127.0.0.1:1")
    started = time.monotonic()
    with pytest.raises(BusUnavailable):
        dead.publish("jisr.test.nowhere", envelope("k", 1))
    assert time.monotonic() - started < 12
    dead.close()


def test_lag_is_known_before_the_first_poll(bus: KafkaBus) -> None:
    topic = new_topic(bus)
    for v in range(1, 4):
        bus.publish(topic, envelope(f"k{v}", v))
    consumer = bus.consumer(unique("g-lag-early"), [topic])
    try:
        assert consumer.lag() == 3  # the group's lag over all partitions, not the assignment
        consumer.rewind()  # before any assignment: nothing to do, no error
        assert len(drain(consumer, 3)) == 3
    finally:
        consumer.close()


# --- the dead-letter path of ConsumerWorker


def test_worker_dead_letters_over_kafka(bus: KafkaBus) -> None:
    topic, group = new_topic(bus), unique("g-dlq")
    good = [Envelope("thing.ok", "test", f"s{i}", 1, {"i": i}) for i in range(4)]
    bad = Envelope("thing.bad", "test", "s-bad", 1, {})
    broken = Envelope("thing.broken", "test", "s-broken", 1, {})
    flaky = Envelope("thing.flaky", "test", "s-flaky", 1, {})
    attempts: dict[str, int] = {}
    applied: list[str] = []

    def handle(env: Envelope) -> None:
        attempts[env.id] = attempts.get(env.id, 0) + 1
        if env.type == "thing.bad":
            raise PermanentError("unknown type")
        if env.type == "thing.broken":
            raise RuntimeError("always fails")
        if env.type == "thing.flaky" and attempts[env.id] < 3:
            raise RuntimeError("fails twice")
        applied.append(env.id)

    for env in [*good, bad, broken, flaky]:
        bus.publish(topic, env)
    worker = ConsumerWorker(bus, group, [topic], handle, max_attempts=3, backoff_s=0.05)
    worker.start()
    try:
        wait_for(lambda: worker.applied == 5 and worker.dead_lettered == 2, 45, "worker")
        wait_for(lambda: worker.lag() == 0, 15, "the group's lag to reach 0")
    finally:
        worker.stop()
    assert sorted(applied) == sorted([e.id for e in good] + [flaky.id])
    assert attempts[bad.id] == 1 and attempts[broken.id] == 3
    dlq = bus.consumer(unique("g-dlq-reader"), [dead_letter(group)])
    try:
        records = drain(dlq, 2)
        assert sorted(r.envelope.id for r in records) == sorted([bad.id, broken.id])
        assert sorted((r.envelope for r in records), key=lambda e: e.id) == sorted(
            [bad, broken], key=lambda e: e.id
        )
    finally:
        dlq.close()


# --- a member dies mid-batch: nothing lost, nothing applied twice


def _committed_through(records: list[Record], committed: list[Record]) -> set[str]:
    """Ids covered by the commits: every record at or before a committed one on its partition."""
    top: dict[tuple[str, int], int] = {}
    for r in committed:
        key = (r.topic, r.partition)
        top[key] = max(top.get(key, -1), r.offset)
    return {r.envelope.id for r in records if r.offset <= top.get((r.topic, r.partition), -1)}


def test_a_member_closed_mid_batch_hands_its_records_to_the_next(
    bus: KafkaBus, tmp_path: Path
) -> None:
    topic, group = new_topic(bus), unique("g-midbatch")
    sent = [envelope(f"k{i % 5}", i) for i in range(12)]
    for env in sent:
        bus.publish(topic, env)
    effects = Effects(tmp_path, bus, "midbatch")
    first = bus.consumer(group, [topic])
    records = drain(first, len(sent))
    assert len(records) == len(sent)
    for r in records[:5]:
        assert effects.apply(r.envelope)
        first.commit(r)
    for r in records[5:8]:  # applied, then "killed" before the commit
        assert effects.apply(r.envelope)
    first.close()
    covered = _committed_through(records, records[:5])
    second = bus.consumer(group, [topic])
    try:
        again = drain(second, len(sent) - len(covered), timeout_s=30)
        assert {r.envelope.id for r in again} == {e.id for e in sent} - covered
        for r in again:
            effects.apply(r.envelope)
            second.commit(r)
        wait_for(lambda: second.lag() == 0, 15, "lag 0")
    finally:
        second.close()
    assert effects.counts() == {e.id: 1 for e in sent}
    assert effects.duplicates == len({r.envelope.id for r in records[5:8]} - covered)
    effects.close()


_CHILD = """
import json, sys, time
from shared.eventbus.kafka import KafkaBus
from tests.contract.bus_contract import drain
bootstrap, group, topic, want, commit_n = sys.argv[1:6]
bus = KafkaBus(bootstrap)
consumer = bus.consumer(group, [topic])
records = drain(consumer, int(want), timeout_s=30)
for r in records[: int(commit_n)]:
    consumer.commit(r)
print(json.dumps([[r.topic, r.partition, r.offset, r.envelope.id] for r in records]), flush=True)
time.sleep(600)
"""


def test_a_member_killed_with_sigkill_loses_nothing(bus: KafkaBus, kafka_bootstrap: str) -> None:
    topic, group = new_topic(bus), unique("g-sigkill")
    sent = [envelope(f"k{i % 4}", i) for i in range(10)]
    for env in sent:
        bus.publish(topic, env)
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, kafka_bootstrap, group, topic, str(len(sent)), "4"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = _read_line(child, 60)
    finally:
        child.send_signal(signal.SIGKILL)  # no LeaveGroup: the broker must time the member out
        child.wait(10)
    rows = json.loads(line)  # [topic, partition, offset, event id], the first 4 committed
    assert sorted(row[3] for row in rows) == sorted(e.id for e in sent)
    top: dict[tuple[str, int], int] = {}
    for t, p, o, _ in rows[:4]:
        top[(t, p)] = max(top.get((t, p), -1), o)
    uncommitted = {i for t, p, o, i in rows if o > top.get((t, p), -1)}
    second = bus.consumer(group, [topic])
    try:
        # The dead member holds its partitions until its session (10 s) times out.
        again = drain(second, len(uncommitted), timeout_s=45)
        assert {r.envelope.id for r in again} == uncommitted
    finally:
        second.close()


def _read_line(child: subprocess.Popen[str], timeout_s: float) -> str:
    box: list[str] = []
    reader = threading.Thread(
        target=lambda: box.append(child.stdout.readline() if child.stdout else ""), daemon=True
    )
    reader.start()
    reader.join(timeout_s)
    if not box or not box[0].strip():
        child.kill()
        err = child.stderr.read() if child.stderr else ""
        raise AssertionError(f"child consumer gave no records in {timeout_s}s: {err[-2000:]}")
    return box[0]


# --- the outbox relay across a broker restart


def test_relay_keeps_rows_while_the_broker_is_down_and_delivers_once_in_effect(
    tmp_path: Path, kafka_bootstrap: str
) -> None:
    bus = KafkaBus(kafka_bootstrap)
    topic, group = new_topic(bus), unique("g-relay")
    source_url = f"sqlite:///{tmp_path / 'src.db'}"
    producer = service_runtime("relaysrc", source_url, MetaData(), bus, relay_interval_s=0.05)
    effects = Effects(tmp_path, bus, "relaydst")
    worker = ConsumerWorker(bus, group, [topic], effects.apply, backoff_s=0.05)
    written: list[str] = []

    def write(n: int) -> None:
        for _ in range(n):
            with producer.uow() as uow:
                env = uow.emit(topic, "thing.changed", unique("s"), 1, {})
                uow.commit()
            written.append(env.id)

    warm = KafkaBus(kafka_bootstrap)  # a producer that knows the topic's metadata
    warm.publish(topic, envelope("warm", 1))
    producer.start()
    worker.start()
    broker_down = False
    try:
        write(5)
        wait_for(lambda: len(effects.counts()) == 6, 30, "6 events applied before the outage")
        code, out = realservers.run_script("kafka", "down", 120)
        assert code == 0, out
        broker_down = True
        started = time.monotonic()
        assert bus.ping() is False
        assert time.monotonic() - started < 5
        started = time.monotonic()
        with pytest.raises(BusUnavailable):
            warm.publish(topic, envelope("warm", 2))
        assert time.monotonic() - started < 12
        write(5)
        wait_for(lambda: not producer.relay.healthy, 30, "the relay to notice the outage")
        write(5)
        assert producer.relay.pending() == 10  # nothing lost, nothing marked published
        time.sleep(1)
        assert producer.relay.pending() == 10
    finally:
        if broker_down:
            code, out = realservers.run_script("kafka", "up")
            assert code == 0, out
    try:
        wait_for(lambda: producer.relay.pending() == 0, 60, "the relay to drain the outbox")
        wait_for(lambda: set(written) <= set(effects.counts()), 60, "all 15 events applied")
        assert producer.relay.healthy
        wait_for(lambda: worker.lag() == 0, 30, "the consumer's lag to reach 0")
    finally:
        worker.stop()
        producer.stop()
        bus.close()
        warm.close()
    counts = effects.counts()
    warm_ids = set(counts) - set(written)
    assert len(warm_ids) in (1, 2)  # the publish that raised may or may not have landed
    assert {i: n for i, n in counts.items() if i not in warm_ids} == {i: 1 for i in written}
    assert set(counts.values()) == {1}
    effects.close()
