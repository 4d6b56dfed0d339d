"""Handlers for incentive schemes (wage subsidies, apprenticeships, ...) and their budgets."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.employers.adapters.tables import employers, incentive_schemes
from services.employers.bootstrap import EmployersContainer
from services.employers.domain.model import check_scheme_terms, summarise_scheme
from services.employers.service_layer.common import jsonable
from shared.auth.tokens import Principal
from shared.db.rows import get_or_404, page_of, save_changes
from shared.errors import NotFound, ValidationFailed
from shared.messages import new_id, utcnow
from shared.topics import INCENTIVE


def scheme_event(row: dict[str, Any]) -> dict[str, Any]:
    """The scheme as matching sees it (for training options and incentive reasons)."""
    return jsonable({**row, "summary": summarise_scheme(row)})


def _check_targets(c: EmployersContainer, data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    for i, uri in enumerate(data.get("occupations", [])):
        if c.taxonomy.occupation(uri) is None:
            errors[f"occupations.{i}"] = ["unknown ESCO occupation URI"]
    for i, uri in enumerate(data.get("skills", [])):
        if c.taxonomy.skill(uri) is None:
            errors[f"skills.{i}"] = ["unknown ESCO skill URI"]
    if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        errors["ends_on"] = ["before starts_on"]
    if errors:
        raise ValidationFailed("invalid scheme", errors)


def create_scheme(c: EmployersContainer, data: dict[str, Any]) -> dict[str, Any]:
    """Create an incentive scheme; emits ``incentive_scheme.created``."""
    check_scheme_terms(data["type"], data.get("terms", {}))
    _check_targets(c, data)
    now = utcnow()
    row = {
        "id": new_id(),
        "status": "active",
        "eligibility": "returnees_only",
        "terms": {},
        "occupations": [],
        "skills": [],
        "budget_committed": 0.0,
        **data,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    with c.runtime.uow() as uow:
        if row.get("employer_id"):
            get_or_404(uow.conn, employers, row["employer_id"], "employer")
        uow.conn.execute(incentive_schemes.insert().values(**row))
        uow.emit(INCENTIVE, "incentive_scheme.created", row["id"], 1, scheme_event(row))
        uow.commit()
    return with_remaining(row)


def update_scheme(c: EmployersContainer, scheme_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Change a scheme's status, budget, dates or targets; emits ``incentive_scheme.updated``."""
    with c.runtime.uow() as uow:
        row = get_or_404(uow.conn, incentive_schemes, scheme_id, "incentive scheme")
        if "terms" in changes:
            check_scheme_terms(row["type"], changes["terms"])
        _check_targets(c, {**row, **changes})
        if (
            "budget_total" in changes
            and changes["budget_total"] is not None
            and (changes["budget_total"] < row["budget_committed"])
        ):
            raise ValidationFailed(
                "budget too small", {"budget_total": ["below what is committed"]}
            )
        save_changes(uow.conn, incentive_schemes, row, changes)
        uow.emit(
            INCENTIVE, "incentive_scheme.updated", scheme_id, row["version"], scheme_event(row)
        )
        uow.commit()
    return with_remaining(row)


def with_remaining(row: dict[str, Any]) -> dict[str, Any]:
    """Add the remaining budget and the plain-words summary to a scheme."""
    total = row.get("budget_total")
    remaining = None if total is None else round(float(total) - float(row["budget_committed"]), 2)
    return {**row, "budget_remaining": remaining, "summary": summarise_scheme(row)}


def get_scheme(c: EmployersContainer, actor: Principal, scheme_id: str) -> dict[str, Any]:
    """One scheme with its remaining budget; an employer reads general schemes and its
    own, and another employer's scheme does not exist for it (as in :func:`list_schemes`)."""
    with c.runtime.engine.connect() as conn:
        row = get_or_404(conn, incentive_schemes, scheme_id, "incentive scheme")
    if actor.role == "employer" and row["employer_id"] not in (None, actor.employer_id):
        raise NotFound("no such incentive scheme")
    return with_remaining(row)


def list_schemes(
    c: EmployersContainer, actor: Principal, filters: dict[str, Any], page: int, size: int
) -> dict[str, Any]:
    """Schemes, optionally by type or status; an employer sees general ones and its own."""
    query = select(incentive_schemes).order_by(incentive_schemes.c.name, incentive_schemes.c.id)
    if filters.get("type"):
        query = query.where(incentive_schemes.c.type == filters["type"])
    if filters.get("status"):
        query = query.where(incentive_schemes.c.status == filters["status"])
    if actor.role == "employer":
        query = query.where(
            (incentive_schemes.c.employer_id.is_(None))
            | (incentive_schemes.c.employer_id == actor.employer_id)
        )
    with c.runtime.engine.connect() as conn:
        result = page_of(conn, query, page, size)
    result["items"] = [with_remaining(r) for r in result["items"]]
    return result
