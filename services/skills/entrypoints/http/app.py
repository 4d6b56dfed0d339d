"""The skills service's application factory."""

from __future__ import annotations

from flask import Flask

from services.skills.bootstrap import SERVICE, SkillsContainer
from services.skills.entrypoints.http.lookups import lookups_blueprint
from services.skills.entrypoints.http.referrals import referrals_blueprint
from services.skills.entrypoints.http.resources import returnees_blueprint
from shared.auth.guard import init_auth
from shared.auth.views import auth_blueprint
from shared.http.api import make_app


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
        metrics=container.runtime.metrics,
    )
    init_auth(app, container.tokens)
    api.register_blueprint(returnees_blueprint(container))
    api.register_blueprint(lookups_blueprint(container))
    api.register_blueprint(referrals_blueprint(container))
    api.register_blueprint(auth_blueprint(container.tokens, container.settings.default_token_ttl_s))
    app.extensions["jisr.container"] = container
    return app
