"""The one place that turns errors into RFC 9457 problem+json responses."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, json
from werkzeug.exceptions import HTTPException

from shared.errors import JisrError

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"


def problem(
    status: int, title: str, detail: str = "", errors: Any = None, **extra: Any
) -> Response:
    """Build a problem+json response."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    body.update(extra)
    return Response(json.dumps(body), status=status, mimetype=PROBLEM)


def _flatten(messages: Any) -> dict[str, list[str]]:
    """webargs nests messages by location and field; clients want ``field -> [messages]``."""
    out: dict[str, list[str]] = {}

    def walk(prefix: str, node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{prefix}.{key}" if prefix else str(key), value)
        elif isinstance(node, list) and all(isinstance(m, str) for m in node):
            out.setdefault(prefix or "_body", []).extend(node)
        else:
            out.setdefault(prefix or "_body", []).append(str(node))

    if isinstance(messages, dict):
        for location in ("json", "query", "form", "headers", "path", "view_args"):
            if location in messages:
                walk("", messages.pop(location))
        walk("", messages)
    else:
        walk("", messages)
    return out


def register_problem_handlers(app: Flask) -> None:
    """Install the handlers after flask-smorest's, replacing its error format."""

    @app.errorhandler(JisrError)
    def _domain(exc: JisrError) -> Response:
        resp = problem(exc.status, exc.title, exc.detail, exc.errors)
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            # Clients need to know when to come back (RFC 9110 Retry-After).
            resp.headers["Retry-After"] = str(retry_after)
        return resp

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        status = exc.code or 500
        data = getattr(exc, "data", None) or {}
        errors = _flatten(dict(data["messages"])) if "messages" in data else None
        if status == 422:
            detail = "invalid fields: " + ", ".join(sorted(errors or {}))
        elif status == 413:
            detail = "the request body is larger than the limit"
        else:
            detail = exc.description or ""
        resp = problem(status, exc.name, detail, errors)
        for key, value in (data.get("headers") or {}).items():
            resp.headers[key] = value
        return resp

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unhandled error")
        return problem(500, "Internal server error", "an unexpected error occurred")
