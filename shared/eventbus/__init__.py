"""The EventBus port and its adapters (in-process log, Kafka)."""
