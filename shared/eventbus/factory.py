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
        from shared.eventbus.kafka import KafkaBus
        from shared.eventbus.namespaced import NamespacedBus
        from shared.topics import ENTITY_TOPICS

        prefix = settings.kafka_topic_prefix
        if prefix == "jisr":
            return KafkaBus(settings.kafka_bootstrap)
        compacted = [NamespacedBus.wire_name(prefix, t) for t in ENTITY_TOPICS]
        return NamespacedBus(KafkaBus(settings.kafka_bootstrap, compacted=compacted), prefix)
    raise SettingsError(f"unknown EVENT_BUS {settings.event_bus!r}")
