"""What every service's bootstrap assembles: its store, outbox, inbox, relay and bus."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, MetaData, Table

from shared.db.engine import make_engine
from shared.db.migrate import prepare_schema
from shared.db.outbox import Relay, inbox_table, outbox_table
from shared.db.uow import UnitOfWork
from shared.eventbus.port import EventBus
from shared.eventbus.worker import ConsumerWorker


@dataclass
class ServiceRuntime:
    """The store of one service plus the plumbing that moves its events."""

    name: str
    engine: Engine
    metadata: MetaData
    outbox: Table
    inbox: Table
    bus: EventBus
    relay: Relay
    workers: list[ConsumerWorker] = field(default_factory=list)

    def uow(self) -> UnitOfWork:
        """A new unit of work; a commit that emitted events wakes the relay."""
        return UnitOfWork(self.engine, self.outbox, self.name, on_commit=self.relay.notify)

    def start(self) -> None:
        """Start the relay and the consumers (background threads)."""
        self.relay.start()
        for worker in self.workers:
            worker.start()

    def stop(self) -> None:
        """Stop the consumers, then the relay."""
        for worker in self.workers:
            worker.stop()
        self.relay.stop()

    def metrics(self) -> dict[str, object]:
        """Figures for /readyz: consumer lag per group (last measured) and relay health."""
        return {
            "consumer_lag": {w.group: w.last_lag for w in self.workers},
            "dead_lettered": {w.group: w.dead_lettered for w in self.workers},
            "relay_healthy": self.relay.healthy,
        }

    def ping_store(self) -> bool:
        """The store answers a trivial query."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        return True


def service_runtime(
    name: str, url: str, metadata: MetaData, bus: EventBus, relay_interval_s: float = 0.2
) -> ServiceRuntime:
    """Create the engine and tables of a service (``metadata`` gets outbox and inbox)."""
    # A Table has no truth value, so look the shared tables up by name.
    outbox = metadata.tables["outbox"] if "outbox" in metadata.tables else outbox_table(metadata)
    inbox = metadata.tables["inbox"] if "inbox" in metadata.tables else inbox_table(metadata)
    engine = make_engine(url)
    prepare_schema(name, engine, metadata)
    relay = Relay(engine, outbox, bus.publish, relay_interval_s, name=f"relay-{name}")
    return ServiceRuntime(name, engine, metadata, outbox, inbox, bus, relay)
