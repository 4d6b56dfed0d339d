"""The composition root of the matching service: the only place adapters are chosen."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from services.matching.adapters.model_store import active_model, ensure_prior
from services.matching.adapters.scorers import ActiveModel, scorer_from_row
from services.matching.adapters.tables import metadata, taxonomy_labels
from services.matching.ports import SearchIndex
from services.matching.service_layer.readcache import ReadCache
from shared.auth.tokens import TokenService
from shared.config import Settings, SettingsError
from shared.eventbus.factory import make_bus
from shared.eventbus.port import EventBus
from shared.messages import utcnow
from shared.runtime import ServiceRuntime, service_runtime
from shared.taxonomy.taxonomy import Taxonomy

SERVICE = "matching"
log = logging.getLogger(__name__)


@dataclass
class MatchingContainer:
    """Everything the matching service's handlers, consumers and views need."""

    settings: Settings
    runtime: ServiceRuntime
    taxonomy: Taxonomy
    tokens: TokenService
    index: SearchIndex
    reads: ReadCache
    model: ActiveModel
    clock: Callable[[], datetime] = field(default=utcnow)

    def now(self) -> datetime:
        """The current time (a fixed clock in tests)."""
        return self.clock()


def make_index(settings: Settings, clock: Callable[[], datetime] = utcnow) -> SearchIndex:
    """The SearchIndex adapter named by ``settings.search_backend``; unknown names are an error.

    The Elasticsearch client is imported only when that backend is chosen.
    """
    if settings.search_backend == "inprocess":
        if settings.mode == "production":
            raise SettingsError(
                "production needs SEARCH_BACKEND=elasticsearch, not the embedded index"
            )
        from services.matching.adapters.inprocess_index import InProcessIndex

        return InProcessIndex()
    if settings.search_backend == "elasticsearch":
        from services.matching.adapters.es_index import ElasticsearchIndex

        # Writes come from the consumer and reads from other requests: the index's own
        # 200 ms refresh keeps freshness well under a second at several times the throughput.
        return ElasticsearchIndex(
            settings.es_url, settings.es_index_prefix, clock=clock, refresh="false"
        )
    raise SettingsError(f"unknown SEARCH_BACKEND {settings.search_backend!r}")


def bootstrap(
    settings: Settings,
    taxonomy: Taxonomy,
    bus: EventBus | None = None,
    tokens: TokenService | None = None,
    clock: Callable[[], datetime] | None = None,
) -> MatchingContainer:
    """Wire store, bus, tokens, index and scorer; load the read models; rebuild the index."""
    from services.matching.entrypoints.consumer import consumer_worker

    bus = bus or make_bus(settings)
    runtime = service_runtime(
        SERVICE, settings.db_url(SERVICE), metadata, bus, settings.relay_interval_s
    )
    tokens = tokens or TokenService(
        settings.auth_db_url(), settings.signing_keys, settings.admin_token
    )
    container = MatchingContainer(
        settings,
        runtime,
        taxonomy,
        tokens,
        make_index(settings),
        ReadCache(),
        ActiveModel(),
        clock or utcnow,
    )
    with runtime.engine.begin() as conn:
        ensure_prior(conn)
        for uri, lang, label in conn.execute(select(taxonomy_labels)).all():
            _add_label(taxonomy, uri, lang, label)
        container.reads.load(conn, taxonomy)
        row = active_model(conn)
    if row is not None:
        container.model.set(scorer_from_row(row))
    reads = container.reads
    container.index.rebuild(
        reads.vacancies.values(), (p for p in reads.profiles.values() if p.consented("matching"))
    )
    runtime.workers.append(consumer_worker(container))
    return container


def _add_label(taxonomy: Taxonomy, uri: str, lang: str, label: str) -> None:
    try:
        taxonomy.add_label(uri, lang, label)
    except (KeyError, ValueError):
        log.warning("stored label of an unknown concept skipped", extra={"uri": uri})
