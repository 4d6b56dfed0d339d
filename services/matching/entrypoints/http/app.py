"""The matching service's application factory."""

from __future__ import annotations

from flask import Flask

from services.matching.bootstrap import SERVICE, MatchingContainer
from services.matching.entrypoints.http.resources import matching_blueprint
from shared.http.api import service_app


def create_app(container: MatchingContainer) -> Flask:
    """A Flask app serving ``/matching/...`` and ``/auth/...`` for one container."""
    checks = {
        "index": container.index.ping,
        "consumer": lambda: all(w.healthy for w in container.runtime.workers),
    }
    return service_app(SERVICE, container, [matching_blueprint(container)], checks)
