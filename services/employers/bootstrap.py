"""The composition root of the employers service: the only place adapters are chosen."""

from __future__ import annotations

from dataclasses import dataclass

from services.employers.adapters.tables import metadata
from shared.auth.tokens import TokenService
from shared.config import Settings
from shared.eventbus.factory import make_bus
from shared.eventbus.port import EventBus
from shared.runtime import ServiceRuntime, service_runtime
from shared.taxonomy.taxonomy import Taxonomy

SERVICE = "employers"


@dataclass
class EmployersContainer:
    """Everything the employers service's handlers and views need."""

    settings: Settings
    runtime: ServiceRuntime
    taxonomy: Taxonomy
    tokens: TokenService


def bootstrap(
    settings: Settings,
    taxonomy: Taxonomy,
    bus: EventBus | None = None,
    tokens: TokenService | None = None,
) -> EmployersContainer:
    """Wire the store, bus and token service of the employers service."""
    bus = bus or make_bus(settings)
    runtime = service_runtime(
        SERVICE, settings.db_url(SERVICE), metadata, bus, settings.relay_interval_s
    )
    tokens = tokens or TokenService(
        settings.auth_db_url(), settings.signing_keys, settings.admin_token
    )
    return EmployersContainer(settings, runtime, taxonomy, tokens)
