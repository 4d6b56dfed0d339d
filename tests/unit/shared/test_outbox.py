"""The outbox: a change and its event commit together or not at all; the relay loses nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Column, MetaData, String, Table, insert, select

from shared.db.outbox import claim_message
from shared.eventbus.inprocess import InProcessBus
from shared.eventbus.worker import ConsumerWorker, PermanentError
from shared.messages import Envelope
from shared.runtime import service_runtime
from shared.topics import dead_letter

TOPIC = "jisr.test.thing"


def make_runtime(tmp_path: Path, bus: InProcessBus | None = None):
    metadata = MetaData()
    things = Table("things", metadata, Column("id", String(32), primary_key=True))
    bus = bus or InProcessBus(f"sqlite:///{tmp_path / 'bus.db'}")
    runtime = service_runtime("test", f"sqlite:///{tmp_path / 'svc.db'}", metadata, bus)
    return runtime, things, bus


def count(runtime, table) -> int:
    with runtime.engine.connect() as conn:
        return len(conn.execute(select(table)).all())


def test_change_and_event_commit_together(tmp_path: Path) -> None:
    runtime, things, _ = make_runtime(tmp_path)
    with runtime.uow() as uow:
        uow.conn.execute(insert(things).values(id="t1"))
        uow.emit(TOPIC, "thing.created", "t1", 1, {"id": "t1"})
        uow.commit()
    assert count(runtime, things) == 1
    assert count(runtime, runtime.outbox) == 1


def test_a_failure_before_commit_keeps_neither(tmp_path: Path) -> None:
    runtime, things, _ = make_runtime(tmp_path)
    with pytest.raises(RuntimeError), runtime.uow() as uow:
        uow.conn.execute(insert(things).values(id="t1"))
        uow.emit(TOPIC, "thing.created", "t1", 1, {"id": "t1"})
        raise RuntimeError("crash before commit")
    assert count(runtime, things) == 0
    assert count(runtime, runtime.outbox) == 0


def test_uncommitted_unit_of_work_rolls_back(tmp_path: Path) -> None:
    runtime, things, _ = make_runtime(tmp_path)
    with runtime.uow() as uow:
        uow.conn.execute(insert(things).values(id="t1"))
        uow.emit(TOPIC, "thing.created", "t1", 1, {"id": "t1"})
    assert count(runtime, things) == 0 and count(runtime, runtime.outbox) == 0


def test_crash_between_commit_and_publish_loses_nothing(tmp_path: Path) -> None:
    runtime, things, bus = make_runtime(tmp_path)
    with runtime.uow() as uow:  # committed, but the relay never ran: the process "crashed"
        uow.conn.execute(insert(things).values(id="t1"))
        uow.emit(TOPIC, "thing.created", "t1", 1, {"id": "t1"})
        uow.commit()
    runtime.engine.dispose()
    bus.close()
    restarted, _, bus2 = make_runtime(tmp_path)
    assert restarted.relay.pending() == 1
    assert restarted.relay.run_once() == 1
    assert restarted.relay.pending() == 0
    records = bus2.consumer("g", [TOPIC]).poll(1.0)
    assert [r.envelope.type for r in records] == ["thing.created"]


def test_relay_crash_after_publish_republishes_and_inbox_dedupes(tmp_path: Path) -> None:
    runtime, things, bus = make_runtime(tmp_path)
    with runtime.uow() as uow:
        uow.conn.execute(insert(things).values(id="t1"))
        env = uow.emit(TOPIC, "thing.created", "t1", 1, {"id": "t1"})
        uow.commit()
    bus.publish(TOPIC, env)  # published once, then the relay "crashed" before marking it
    runtime.relay.run_once()  # after restart: published again
    applied: list[str] = []

    def handle(e: Envelope) -> None:
        with runtime.uow() as uow:
            if claim_message(uow.conn, runtime.inbox, "g", e.id):
                applied.append(e.id)
            uow.commit()

    worker = ConsumerWorker(bus, "g", [TOPIC], handle)
    assert worker.run_until_idle() == 2  # delivered twice
    assert applied == [env.id]  # applied once


def test_a_failing_handler_retries_then_dead_letters(tmp_path: Path) -> None:
    _, _, bus = make_runtime(tmp_path)
    bus.publish(TOPIC, Envelope(type="x", source="t", subject="s", version=1, data={}))
    attempts: list[int] = []

    def handle(e: Envelope) -> None:
        attempts.append(1)
        raise ValueError("cannot apply")

    worker = ConsumerWorker(bus, "g", [TOPIC], handle, max_attempts=3, backoff_s=0.001)
    worker.run_until_idle()
    assert len(attempts) == 3 and worker.dead_lettered == 1
    assert len(bus.consumer("dlq-reader", [dead_letter("g")]).poll(0.5)) == 1
    assert bus.consumer("g", [TOPIC]).lag() == 0


def test_a_permanent_error_dead_letters_at_once(tmp_path: Path) -> None:
    _, _, bus = make_runtime(tmp_path)
    bus.publish(TOPIC, Envelope(type="x", source="t", subject="s", version=1, data={}))

    def handle(e: Envelope) -> None:
        raise PermanentError("malformed")

    worker = ConsumerWorker(bus, "g", [TOPIC], handle, max_attempts=5)
    worker.run_until_idle()
    assert worker.dead_lettered == 1 and worker.applied == 0


def test_relay_thread_publishes_after_commit(tmp_path: Path) -> None:
    runtime, things, bus = make_runtime(tmp_path)
    runtime.start()
    try:
        with runtime.uow() as uow:
            uow.conn.execute(insert(things).values(id="t1"))
            uow.emit(TOPIC, "thing.created", "t1", 1, {"id": "t1"})
            uow.commit()
        records = bus.consumer("g", [TOPIC]).poll(10.0)
        assert [r.key for r in records] == ["t1"]
    finally:
        runtime.stop()


def test_a_dependency_outage_pauses_the_consumer_and_never_dead_letters(tmp_path: Path) -> None:
    from shared.errors import Unavailable

    _, _, bus = make_runtime(tmp_path)
    bus.publish(TOPIC, Envelope(type="x", source="t", subject="s", version=1, data={}))
    down = {"calls": 0}
    applied = threading.Event()

    def handle(e: Envelope) -> None:
        down["calls"] += 1
        if down["calls"] <= 8:  # more failures than max_attempts: still no dead letter
            raise Unavailable("index down")
        applied.set()

    worker = ConsumerWorker(bus, "g", [TOPIC], handle, max_attempts=2, backoff_s=0.001)
    worker._stop.wait = lambda _t: False  # type: ignore[method-assign]  # no real pause in tests
    worker.start()
    try:
        assert applied.wait(20)
    finally:
        worker.stop()
    assert worker.dead_lettered == 0 and worker.applied == 1
    assert bus.consumer("g", [TOPIC]).lag() == 0


def test_a_bus_that_fails_while_paused_does_not_kill_the_worker(tmp_path: Path) -> None:
    from shared.errors import Unavailable

    _, _, bus = make_runtime(tmp_path)
    bus.publish(TOPIC, Envelope(type="x", source="t", subject="s", version=1, data={}))
    real_consumer = bus.consumer
    failures = {"rewinds": 0}

    def flaky_consumer(group, topics):  # type: ignore[no-untyped-def]
        inner = real_consumer(group, topics)

        def rewind() -> None:
            failures["rewinds"] += 1
            raise RuntimeError("broker away")

        inner.rewind = rewind  # type: ignore[method-assign]
        return inner

    bus.consumer = flaky_consumer  # type: ignore[method-assign]
    calls = {"n": 0}
    applied = threading.Event()

    def handle(e: Envelope) -> None:
        calls["n"] += 1
        if calls["n"] <= 3:
            raise Unavailable("index down")
        applied.set()

    worker = ConsumerWorker(bus, "g", [TOPIC], handle, max_attempts=2, backoff_s=0.001)
    worker._stop.wait = lambda _t: False  # type: ignore[method-assign]
    worker.start()
    try:
        assert applied.wait(20)
    finally:
        worker.stop()
    assert failures["rewinds"] >= 1 and worker.applied == 1 and worker.dead_lettered == 0
