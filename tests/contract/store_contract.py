"""The store contract: what a service's store (SQLite or PostgreSQL) promises for our use.

Tables created by the runtime, a change and its outbox event committed together or not
at all, the inbox deduplicating (also under two concurrent claims), JSON columns and
timezone-aware datetimes round-tripping. Subclass :class:`StoreContract` and give
``make_url`` (a fresh, empty store per call).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    func,
    insert,
    inspect,
    select,
)

from shared.db.outbox import claim_message
from shared.db.rows import as_dict
from shared.db.types import UtcDateTime
from shared.eventbus.port import BusUnavailable
from shared.messages import Envelope
from shared.runtime import ServiceRuntime, service_runtime


class _NoBus:
    """A bus that is never reached: these tests publish through the relay by hand."""

    def __init__(self) -> None:
        self.published: list[tuple[str, Envelope]] = []
        self.fail = False

    def ensure_topics(self, topics: list[str]) -> None:
        return None

    def publish(self, topic: str, envelope: Envelope) -> None:
        if self.fail:
            raise BusUnavailable("down")
        self.published.append((topic, envelope))

    def consumer(self, group: str, topics: list[str]) -> Any:
        raise NotImplementedError

    def ping(self) -> bool:
        return True

    def close(self) -> None:
        return None


def _metadata() -> tuple[MetaData, Table]:
    metadata = MetaData()
    things = Table(
        "things",
        metadata,
        Column("id", String(64), primary_key=True),
        Column("body", JSON, nullable=False),
        Column("at", UtcDateTime()),
        Column("version", Integer, nullable=False, default=1),
    )
    return metadata, things


class StoreContract:
    """Abstract suite; subclasses provide ``make_url()`` returning a fresh, empty store."""

    def make_url(self) -> str:
        raise NotImplementedError

    @pytest.fixture
    def rt(self) -> Iterator[ServiceRuntime]:
        metadata, things = _metadata()
        self.things = things
        self.bus = _NoBus()
        self.url = self.make_url()
        runtime = service_runtime("contract", self.url, metadata, self.bus)
        yield runtime
        runtime.stop()
        runtime.engine.dispose()

    def count(self, rt: ServiceRuntime, table: Table) -> int:
        with rt.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    # --- tables

    def test_the_runtime_creates_its_tables_and_a_restart_keeps_them(
        self, rt: ServiceRuntime
    ) -> None:
        names = set(inspect(rt.engine).get_table_names())
        assert {"things", "outbox", "inbox"} <= names
        with rt.uow() as uow:
            uow.conn.execute(insert(self.things).values(id="t1", body={}))
            uow.commit()
        metadata, _ = _metadata()
        again = service_runtime("contract", self.url, metadata, self.bus)
        try:
            assert self.count(again, again.metadata.tables["things"]) == 1
        finally:
            again.engine.dispose()

    # --- the unit of work

    def test_a_change_and_its_event_commit_together(self, rt: ServiceRuntime) -> None:
        woken: list[int] = []
        rt.relay.notify = lambda: woken.append(1)  # type: ignore[method-assign]
        with rt.uow() as uow:
            uow.conn.execute(insert(self.things).values(id="t1", body={"n": 1}))
            env = uow.emit("jisr.test.things", "thing.created", "t1", 1, {"n": 1})
            uow.commit()
        assert self.count(rt, self.things) == 1
        assert self.count(rt, rt.outbox) == 1
        assert woken == [1]
        with rt.engine.connect() as conn:
            row = conn.execute(select(rt.outbox)).one()
        assert (row.event_id, row.topic, row.key) == (env.id, "jisr.test.things", "t1")
        assert Envelope.from_json(row.payload) == env
        assert row.published_at is None

    def test_an_exception_rolls_back_the_change_and_its_event(self, rt: ServiceRuntime) -> None:
        with pytest.raises(RuntimeError), rt.uow() as uow:
            uow.conn.execute(insert(self.things).values(id="t1", body={}))
            uow.emit("jisr.test.things", "thing.created", "t1", 1, {})
            raise RuntimeError("handler failed after writing")
        with rt.uow() as uow:  # leaving without commit() also keeps nothing
            uow.conn.execute(insert(self.things).values(id="t2", body={}))
            uow.emit("jisr.test.things", "thing.created", "t2", 1, {})
        assert self.count(rt, self.things) == 0
        assert self.count(rt, rt.outbox) == 0

    def test_the_relay_publishes_in_order_and_keeps_rows_it_could_not_publish(
        self, rt: ServiceRuntime
    ) -> None:
        sent = []
        for i in range(3):
            with rt.uow() as uow:
                sent.append(uow.emit("jisr.test.things", "thing.changed", "t", i + 1, {}))
                uow.commit()
        self.bus.fail = True
        with pytest.raises(BusUnavailable):
            rt.relay.run_once()
        assert rt.relay.pending() == 3
        self.bus.fail = False
        assert rt.relay.run_once() == 3
        assert [e for _, e in self.bus.published] == sent
        assert rt.relay.pending() == 0

    # --- the inbox

    def test_a_second_claim_of_a_message_is_refused(self, rt: ServiceRuntime) -> None:
        with rt.uow() as uow:
            assert claim_message(uow.conn, rt.inbox, "c1", "m1") is True
            assert claim_message(uow.conn, rt.inbox, "c1", "m1") is False
            assert claim_message(uow.conn, rt.inbox, "c2", "m1") is True  # per consumer
            uow.conn.execute(insert(self.things).values(id="t1", body={}))
            uow.commit()
        with rt.uow() as uow:
            assert claim_message(uow.conn, rt.inbox, "c1", "m1") is False
            # the transaction is still usable after a refused claim
            uow.conn.execute(insert(self.things).values(id="t2", body={}))
            uow.commit()
        assert self.count(rt, self.things) == 2

    def test_a_claim_rolled_back_with_its_change_can_be_made_again(
        self, rt: ServiceRuntime
    ) -> None:
        with pytest.raises(RuntimeError), rt.uow() as uow:
            assert claim_message(uow.conn, rt.inbox, "c1", "m1") is True
            raise RuntimeError("apply failed")
        with rt.uow() as uow:
            assert claim_message(uow.conn, rt.inbox, "c1", "m1") is True
            uow.commit()

    def test_concurrent_claims_of_one_message_let_exactly_one_win(self, rt: ServiceRuntime) -> None:
        for round_ in range(5):
            results = self._race(rt, f"m{round_}")
            assert sorted(results) == [False, True], results
        assert self.count(rt, self.things) == 5
        assert self.count(rt, rt.inbox) == 5

    def _race(self, rt: ServiceRuntime, message: str) -> list[bool]:
        """Two threads claim ``message`` at once, each holding its transaction a moment."""
        barrier = threading.Barrier(2)
        results: list[bool] = []
        errors: list[BaseException] = []

        def claim(name: str) -> None:
            try:
                barrier.wait(10)
                with rt.uow() as uow:
                    won = claim_message(uow.conn, rt.inbox, "c1", message)
                    if won:
                        uow.conn.execute(
                            insert(self.things).values(id=f"{message}-{name}", body={})
                        )
                    time.sleep(0.1)  # hold the transaction so the two overlap
                    uow.commit()
                results.append(won)
            except BaseException as exc:  # reported below, not lost in the thread
                errors.append(exc)

        threads = [threading.Thread(target=claim, args=(n,)) for n in ("a", "b")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert not errors, errors
        return results

    # --- values

    def test_json_columns_round_trip(self, rt: ServiceRuntime) -> None:
        body = {
            "title": "نجار / menuisier",
            "skills": [{"id": "http://data.europa.eu/esco/skill/1", "essential": True}],
            "wage": {"min": 1200.5, "max": 1800, "currency": "TND"},
            "tags": [],
            "none": None,
            "nested": {"a": [1, [2, {"b": False}]]},
        }
        with rt.uow() as uow:
            uow.conn.execute(insert(self.things).values(id="t1", body=body))
            uow.commit()
        with rt.engine.connect() as conn:
            got = conn.execute(select(self.things.c.body)).scalar_one()
        assert got == body
        assert isinstance(got["wage"]["max"], int) and isinstance(got["wage"]["min"], float)

    def test_aware_utc_datetimes_round_trip_as_aware_utc(self, rt: ServiceRuntime) -> None:
        at = datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)
        with rt.uow() as uow:
            uow.conn.execute(insert(self.things).values(id="t1", body={}, at=at))
            uow.commit()
        with rt.engine.connect() as conn:
            row = as_dict(conn.execute(select(self.things)).one())
        assert row["at"] == at
        assert row["at"].utcoffset() == timedelta(0)

    def test_aware_datetimes_in_another_zone_keep_their_instant(self, rt: ServiceRuntime) -> None:
        at = datetime(2025, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=3)))  # 09:00 UTC
        with rt.uow() as uow:
            uow.conn.execute(insert(self.things).values(id="t1", body={}, at=at))
            uow.commit()
        with rt.engine.connect() as conn:
            row = as_dict(conn.execute(select(self.things)).one())
            earlier = conn.execute(
                select(func.count())
                .select_from(self.things)
                .where(self.things.c.at < datetime(2025, 3, 1, 10, 0, tzinfo=UTC))
            ).scalar_one()
        assert row["at"] == at
        assert row["at"].utcoffset() == timedelta(0)
        assert earlier == 1  # compared as an instant in SQL too
