"""The composition root of the skills service: the only place adapters are chosen."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import MetaData, select

from services.skills.adapters.tables import metadata, taxonomy_labels
from shared.auth.tokens import TokenService
from shared.config import Settings
from shared.crypto import Vault
from shared.eventbus.factory import make_bus
from shared.eventbus.port import EventBus
from shared.messages import utcnow
from shared.runtime import ServiceRuntime, service_runtime
from shared.taxonomy.taxonomy import Taxonomy

SERVICE = "skills"
log = logging.getLogger(__name__)


@dataclass
class SkillsContainer:
    """Everything the skills service's handlers and views need.

    ``clock`` is where every handler takes "now" from, so tests can move time.
    ``code_keys`` key the hashes of kiosk codes (the first hashes new codes; all verify).
    """

    settings: Settings
    runtime: ServiceRuntime
    taxonomy: Taxonomy
    tokens: TokenService
    vault: Vault
    clock: Callable[[], datetime] = utcnow
    code_keys: tuple[str, ...] = field(default=())


def bootstrap(
    settings: Settings,
    taxonomy: Taxonomy,
    bus: EventBus | None = None,
    tokens: TokenService | None = None,
    clock: Callable[[], datetime] | None = None,
) -> SkillsContainer:
    """Wire the store, bus, vault and token service; re-apply user-entered taxonomy labels."""
    bus = bus or make_bus(settings)
    runtime = service_runtime(
        SERVICE, settings.db_url(SERVICE), _fresh_metadata(), bus, settings.relay_interval_s
    )
    tokens = tokens or TokenService(
        settings.auth_db_url(), settings.signing_keys, settings.admin_token
    )
    container = SkillsContainer(
        settings=settings,
        runtime=runtime,
        taxonomy=taxonomy,
        tokens=tokens,
        vault=Vault(settings.pii_keys),
        clock=clock or utcnow,
        code_keys=settings.signing_keys,
    )
    reapply_labels(container)
    return container


def _fresh_metadata() -> MetaData:
    # service_runtime adds outbox and inbox to the metadata it gets, and tests (or an embedded
    # process) bootstrap more than once: give it a copy, so the module's tables stay as declared.
    fresh = MetaData()
    for table in metadata.tables.values():
        table.to_metadata(fresh)
    return fresh


def reapply_labels(c: SkillsContainer) -> int:
    """Add every stored user label to the in-memory taxonomy (it is rebuilt from files)."""
    with c.runtime.engine.connect() as conn:
        rows = conn.execute(
            select(taxonomy_labels.c.uri, taxonomy_labels.c.lang, taxonomy_labels.c.label).order_by(
                taxonomy_labels.c.added_at, taxonomy_labels.c.id
            )
        ).all()
    applied = 0
    for uri, lang, label in rows:
        try:
            c.taxonomy.add_label(uri, lang, label)
            applied += 1
        except (KeyError, ValueError):
            # A newer ESCO release may have dropped the concept; keep the row, skip it.
            log.warning("stored taxonomy label no longer applies", extra={"uri": uri})
    return applied
