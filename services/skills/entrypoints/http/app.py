"""The skills service's application factory."""

from __future__ import annotations

from flask import Flask, Response

from services.skills.bootstrap import SERVICE, SkillsContainer
from services.skills.entrypoints.http.lookups import lookups_blueprint
from services.skills.entrypoints.http.resources import returnees_blueprint
from services.skills.service_layer.kiosk import RateLimited
from shared.auth.guard import init_auth
from shared.auth.views import auth_blueprint
from shared.http.api import make_app
from shared.http.problem import problem


def create_app(container: SkillsContainer) -> Flask:
    """A Flask app serving ``/skills/...`` and ``/auth/...`` for one container."""
    app, api = make_app(
        SERVICE,
        container.settings,
        {
            "store": container.runtime.ping_store,
            "bus": container.runtime.bus.ping,
            "relay": lambda: container.runtime.relay.healthy,
        },
    )
    init_auth(app, container.tokens)
    api.register_blueprint(returnees_blueprint(container))
    api.register_blueprint(lookups_blueprint(container))
    api.register_blueprint(auth_blueprint(container.tokens, container.settings.default_token_ttl_s))

    @app.errorhandler(RateLimited)
    def _rate_limited(exc: RateLimited) -> Response:
        # The shared handler knows no headers; clients need Retry-After to back off.
        resp = problem(exc.status, exc.title, exc.detail)
        resp.headers["Retry-After"] = str(exc.retry_after)
        return resp

    app.extensions["jisr.container"] = container
    return app
