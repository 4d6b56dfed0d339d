"""Domain errors; :mod:`shared.http.problem` maps each to one problem+json status."""

from __future__ import annotations


class JisrError(Exception):
    """Base of the errors a client may see; ``status`` is the HTTP status."""

    status = 400
    title = "Bad request"

    def __init__(self, detail: str = "", errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors


class BadRequest(JisrError):
    status, title = 400, "Bad request"


class Unauthorized(JisrError):
    status, title = 401, "Unauthorized"


class Forbidden(JisrError):
    status, title = 403, "Forbidden"


class NotFound(JisrError):
    status, title = 404, "Not found"


class Conflict(JisrError):
    status, title = 409, "Conflict"


class ValidationFailed(JisrError):
    """422 with ``errors``: a map from each bad field to its messages."""

    status, title = 422, "Unprocessable content"


class Gone(JisrError):
    """410: the thing existed and has expired (a referral packet past its date)."""

    status, title = 410, "Gone"


class TooManyRequests(JisrError):
    """429; ``retry_after`` seconds go into the ``Retry-After`` header."""

    status, title = 429, "Too many requests"

    def __init__(self, detail: str = "", retry_after: int = 1) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class Unavailable(JisrError):
    status, title = 503, "Service unavailable"


def field_error(field: str, message: str) -> ValidationFailed:
    """A 422 naming one field."""
    return ValidationFailed(f"invalid {field}", {field: [message]})
