"""The employers service's application factory."""

from __future__ import annotations

from flask import Flask

from services.employers.bootstrap import SERVICE, EmployersContainer
from services.employers.entrypoints.http.resources import employers_blueprint
from shared.http.api import service_app


def create_app(container: EmployersContainer) -> Flask:
    """A Flask app serving ``/employers/...`` and ``/auth/...`` for one container."""
    return service_app(SERVICE, container, [employers_blueprint(container)])
