"""Gunicorn entry point of one service in the distributed deployment.

``gunicorn 'services.distributed:create("matching")'`` — the service's app plus its relay
and consumers on background threads, on the store, bus and index the settings name
(PostgreSQL, Kafka, Elasticsearch). Each process serves ``/auth`` too (one signing key).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from services.router import PrefixRouter
from shared.auth.tokens import TokenService
from shared.config import Settings
from shared.eventbus.factory import make_bus
from shared.logs import configure_logging
from shared.taxonomy.starter import taxonomy_for
from shared.topics import ALL

log = logging.getLogger(__name__)
SERVICES = ("employers", "skills", "matching")


def build_service(service: str, settings: Settings) -> tuple[Any, Any]:
    """The container and WSGI app of one service (nothing started yet).

    Every service app serves ``/auth`` as well, against the shared token store.
    """
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}; one of {SERVICES}")
    taxonomy = taxonomy_for(settings.esco_dir, settings.var_dir / "cache")
    bus = make_bus(settings)
    bus.ensure_topics(list(ALL))
    tokens = TokenService(settings.auth_db_url(), settings.signing_keys, settings.admin_token)
    if service == "employers":
        from services.employers.bootstrap import bootstrap
        from services.employers.entrypoints.http.app import create_app
    elif service == "skills":
        from services.skills.bootstrap import bootstrap  # type: ignore[assignment]
        from services.skills.entrypoints.http.app import create_app  # type: ignore[assignment]
    else:
        from services.matching.bootstrap import bootstrap  # type: ignore[assignment]
        from services.matching.entrypoints.http.app import create_app  # type: ignore[assignment]
    container = bootstrap(settings, taxonomy, bus=bus, tokens=tokens)  # type: ignore[arg-type]
    app = create_app(container)  # type: ignore[arg-type]
    routes = {service: app, "auth": app}
    if service == "matching":
        # The pages call every service on their own origin: behind a prefix ingress,
        # the matching process serves them.
        from services.web import WEB_PREFIXES
        from services.web.app import create_web_app

        routes.update(dict.fromkeys(WEB_PREFIXES, create_web_app(settings)))
    return container, PrefixRouter(routes, {"name": "Jisr", "service": service})


def create(service: str) -> object:
    """Read settings once, build one service, start its relay and consumers."""
    configure_logging()
    settings = Settings.from_env(os.environ)
    container, wsgi = build_service(service, settings)
    container.runtime.start()
    log.info("jisr service ready", extra={"service": service})
    return wsgi
