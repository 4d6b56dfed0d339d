"""The matching service's application factory."""

from __future__ import annotations

from flask import Flask

from services.matching.bootstrap import SERVICE, MatchingContainer
from services.matching.entrypoints.http.resources import matching_blueprint
from shared.auth.guard import init_auth
from shared.auth.views import auth_blueprint
from shared.http.api import make_app


def create_app(container: MatchingContainer) -> Flask:
    """A Flask app serving ``/matching/...`` and ``/auth/...`` for one container."""
    app, api = make_app(
        SERVICE,
        container.settings,
        {
            "store": container.runtime.ping_store,
            "bus": container.runtime.bus.ping,
            "relay": lambda: container.runtime.relay.healthy,
            "index": container.index.ping,
            "consumer": lambda: all(w.healthy for w in container.runtime.workers),
        },
        metrics=container.runtime.metrics,
    )
    init_auth(app, container.tokens)
    api.register_blueprint(matching_blueprint(container))
    api.register_blueprint(auth_blueprint(container.tokens, container.settings.default_token_ttl_s))
    app.extensions["jisr.container"] = container
    return app
