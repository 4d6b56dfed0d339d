"""The skills service's application factory."""

from __future__ import annotations

from flask import Flask

from services.skills.bootstrap import SERVICE, SkillsContainer
from services.skills.entrypoints.http.lookups import lookups_blueprint
from services.skills.entrypoints.http.referrals import referrals_blueprint
from services.skills.entrypoints.http.resources import returnees_blueprint
from shared.http.api import service_app


def create_app(container: SkillsContainer) -> Flask:
    """A Flask app serving ``/skills/...`` and ``/auth/...`` for one container."""
    blueprints = [
        returnees_blueprint(container),
        lookups_blueprint(container),
        referrals_blueprint(container),
    ]
    return service_app(SERVICE, container, blueprints)
