"""Helpers the employers handlers share: JSON-safe snapshots, scope checks, time."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from shared.auth.tokens import Principal
from shared.errors import Forbidden, NotFound

MANAGERS = ("programme_manager",)


def jsonable(value: Any) -> Any:
    """Dates to ISO strings, recursively, so a row can travel in an event."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def check_employer_scope(actor: Principal, employer_id: str, hide: bool = False) -> None:
    """Employers act only on their own records; others by role (checked in the view).

    ``hide`` answers 404 instead of 403, for reads that must not reveal existence.
    """
    if actor.role == "employer" and actor.employer_id != employer_id:
        if hide:
            raise NotFound("no such record")
        raise Forbidden("an employer token acts only on its own employer")
