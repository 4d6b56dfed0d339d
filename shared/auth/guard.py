"""Reading the bearer token of a request and checking roles in views."""

from __future__ import annotations

from flask import Flask, current_app, g, request

from shared.auth.tokens import Principal, TokenService
from shared.errors import Forbidden, Unauthorized

_EXT = "jisr.tokens"


def init_auth(app: Flask, tokens: TokenService) -> None:
    """Attach the token service to ``app``; views call :func:`require`."""
    app.extensions[_EXT] = tokens


def current_principal() -> Principal:
    """The caller of this request; 401 without a valid bearer token."""
    cached = g.get("principal")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("a bearer token is required")
    principal = current_app.extensions[_EXT].verify(token.strip())
    g.principal = principal
    return principal


def require(*roles: str) -> Principal:
    """The caller, if its role is one of ``roles`` (admin always passes); else 401/403."""
    principal = current_principal()
    if principal.is_admin or principal.role in roles:
        return principal
    raise Forbidden(f"role {principal.role} may not do this")


def ensure(condition: bool, detail: str = "outside the scope of this token") -> None:
    """An object-level check: 403 unless ``condition``."""
    if not condition:
        raise Forbidden(detail)
