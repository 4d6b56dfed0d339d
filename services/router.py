"""A WSGI router by first path segment: several service apps behind one port."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

WSGIApp = Callable[..., Iterable[bytes]]


class PrefixRouter:
    """Send ``/<prefix>/...`` to the app registered for ``prefix``; 404 problem otherwise."""

    def __init__(self, routes: Mapping[str, WSGIApp], root_info: dict[str, Any]) -> None:
        self._routes = dict(routes)
        self._root = root_info

    @property
    def routes(self) -> Mapping[str, WSGIApp]:
        """The app behind each first path segment (read-only; tests walk their url maps)."""
        return MappingProxyType(self._routes)

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "") or "/"
        segment = path.lstrip("/").split("/", 1)[0]
        app = self._routes.get(segment)
        if app is not None:
            return app(environ, start_response)
        if path in ("/", "/healthz"):
            body = {"status": "ok", **self._root} if path == "/healthz" else self._root
            return self._json(start_response, "200 OK", "application/json", body)
        problem = {
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "detail": "no such path",
        }
        return self._json(start_response, "404 NOT FOUND", "application/problem+json", problem)

    @staticmethod
    def _json(start_response: Callable[..., Any], status: str, mime: str, body: Any) -> list[bytes]:
        raw = json.dumps(body).encode()
        start_response(status, [("Content-Type", mime), ("Content-Length", str(len(raw)))])
        return [raw]
