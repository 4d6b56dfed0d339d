"""Choose the EventBus adapter named by the settings; an unknown name is an error."""

from __future__ import annotations

from shared.config import Settings, SettingsError
from shared.eventbus.port import EventBus


def make_bus(settings: Settings) -> EventBus:
    """Build the configured bus (the Kafka client is imported only when chosen)."""
    if settings.event_bus == "inprocess":
        from shared.eventbus.inprocess import InProcessBus

        return InProcessBus(settings.bus_url or f"sqlite:///{settings.var_dir / 'bus.db'}")
    if settings.event_bus == "kafka":
        from shared.eventbus.kafka import KafkaBus  # type: ignore[import-not-found]

        return KafkaBus(settings.kafka_bootstrap)  # type: ignore[no-any-return]
    raise SettingsError(f"unknown EVENT_BUS {settings.event_bus!r}")
