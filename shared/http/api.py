"""An application skeleton per service: Flask + flask-smorest, limits, health, problem+json.

Services build their blueprints with :class:`Blueprint` from here, not flask-smorest's:
its parser lets the schema decide about unknown query parameters (``StrictSchema``
rejects them), and views that declare no query schema refuse any query string.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flask_smorest
from flask import Flask, Response, current_app, jsonify, request
from flask_smorest import Api as SmorestApi
from flask_smorest.utils import prepare_response
from marshmallow import Schema, fields
from webargs.flaskparser import FlaskParser

from shared.auth.guard import current_principal
from shared.config import Settings
from shared.errors import NotFound, ValidationFailed
from shared.http.problem import PROBLEM, problem, register_problem_handlers
from shared.http.ratelimit import SlidingWindowLimiter, init_rate_limit

_QUERY_MARK = "_jisr_query_schema"


class StrictParser(FlaskParser):
    """webargs excludes unknown query parameters by default, overriding the schema's
    ``unknown = RAISE``; here the schema decides, so a misspelt filter is a 422."""

    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": None,
        "querystring": None,
    }


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint with the strict parser; marks views that read the query."""

    ARGUMENTS_PARSER = StrictParser()

    def arguments(self, schema: Any, *, location: str = "json", **kwargs: Any) -> Any:
        """As flask-smorest's, remembering on the view that it declares query parameters."""
        decorator = super().arguments(schema, location=location, **kwargs)
        if location not in ("query", "querystring"):
            return decorator

        def marked(func: Any) -> Any:
            wrapped = decorator(func)
            setattr(wrapped, _QUERY_MARK, True)
            return wrapped

        return marked


class ProblemSchema(Schema):
    """RFC 9457 problem document (documentation only; :mod:`.problem` writes them)."""

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "each bad field and its messages (422)"},
    )


class Api(SmorestApi):
    """Error responses documented as what they are: ``application/problem+json``."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self) -> None:
        import http

        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM)
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(default, self.spec, PROBLEM)
        self.spec.components.response("DEFAULT_ERROR", default, lazy=True)


def make_app(
    service: str,
    settings: Settings,
    ready_checks: dict[str, Callable[[], bool]],
    version: str = "1.0.0",
    metrics: Callable[[], dict[str, object]] | None = None,
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
    init_rate_limit(
        app, SlidingWindowLimiter(settings.kiosk_rate_limit, settings.kiosk_rate_window_s)
    )
    app.before_request(_authenticate_then_check_query)

    @app.get(f"/{service}/healthz")
    def healthz() -> Response:
        return jsonify(status="ok", service=service)

    @app.get(f"/{service}/readyz")
    def readyz() -> Response:
        checks = {name: _safe(check) for name, check in ready_checks.items()}
        figures = metrics() if metrics is not None else {}
        if all(checks.values()):
            return jsonify(status="ready", checks=checks, metrics=figures)
        return problem(
            503, "Not ready", "a dependency is unreachable", checks=checks, metrics=figures
        )

    return app, api


def _authenticate_then_check_query() -> None:
    """401 before anything else on every API view (a caller without a valid token learns
    nothing, not even which fields a body lacks); then a query string on a view that
    declares no query parameters is a 422 naming them."""
    if request.blueprint in (None, "api-docs"):
        return  # health and the OpenAPI document are public
    current_principal()
    if "\x00" in request.path:
        raise NotFound("no such path")  # no id holds a NUL; PostgreSQL would refuse it
    if not request.args:
        return
    view = current_app.view_functions.get(request.endpoint or "")
    method = getattr(getattr(view, "view_class", None), request.method.lower(), None)
    if method is None or getattr(method, _QUERY_MARK, False):
        return
    names = sorted(set(request.args))
    raise ValidationFailed(
        "invalid fields: " + ", ".join(names), {n: ["Unknown field."] for n in names}
    )


def _safe(check: Callable[[], Any]) -> bool:
    try:
        return bool(check())
    except Exception:
        return False


def service_app(
    service: str,
    container: Any,
    blueprints: list[Any],
    extra_checks: dict[str, Callable[[], bool]] | None = None,
) -> Flask:
    """The app of one service: its blueprints, ``/auth``, and readiness of store, bus, relay.

    ``container`` is the service's container (it has ``settings``, ``runtime`` and ``tokens``).
    """
    # shared.auth.views builds on this module's Blueprint: import it here, not at the top.
    from shared.auth.guard import init_auth
    from shared.auth.views import auth_blueprint

    runtime = container.runtime
    checks: dict[str, Callable[[], bool]] = {
        "store": runtime.ping_store,
        "bus": runtime.bus.ping,
        "relay": lambda: runtime.relay.healthy,
        **(extra_checks or {}),
    }
    app, api = make_app(service, container.settings, checks, metrics=runtime.metrics)
    init_auth(app, container.tokens)
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    api.register_blueprint(auth_blueprint(container.tokens, container.settings.default_token_ttl_s))
    app.extensions["jisr.container"] = container
    return app
