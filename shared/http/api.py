"""An application skeleton per service: Flask + flask-smorest, limits, health, problem+json."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, Response, jsonify
from flask_smorest import Api

from shared.config import Settings
from shared.http.problem import problem, register_problem_handlers


def make_app(
    service: str,
    settings: Settings,
    ready_checks: dict[str, Callable[[], bool]],
    version: str = "1.0.0",
) -> tuple[Flask, Api]:
    """A Flask app serving ``/<service>/healthz``, ``/readyz`` and ``/openapi.json``."""
    app = Flask(f"jisr.{service}")
    app.config.update(
        API_TITLE=f"Jisr {service} service",
        API_VERSION=version,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=f"/{service}",
        OPENAPI_JSON_PATH="openapi.json",
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        JSON_SORT_KEYS=False,
        API_SPEC_OPTIONS={
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
            "security": [{"bearer": []}],
        },
    )
    api = Api(app)
    register_problem_handlers(app)

    @app.get(f"/{service}/healthz")
    def healthz() -> Response:
        return jsonify(status="ok", service=service)

    @app.get(f"/{service}/readyz")
    def readyz() -> Response:
        checks = {name: _safe(check) for name, check in ready_checks.items()}
        if all(checks.values()):
            return jsonify(status="ready", checks=checks)
        return problem(503, "Not ready", "a dependency is unreachable", checks=checks)

    return app, api


def _safe(check: Callable[[], Any]) -> bool:
    try:
        return bool(check())
    except Exception:
        return False
