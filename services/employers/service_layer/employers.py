"""Handlers for employers, job fairs and partnership agreements."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.employers.adapters.tables import employers, fairs, partnerships
from services.employers.bootstrap import EmployersContainer
from services.employers.service_layer.common import check_employer_scope, jsonable
from shared.auth.tokens import Principal
from shared.db.rows import get_or_404, page_of, save_changes
from shared.messages import new_id, utcnow
from shared.topics import EMPLOYER, PARTNERSHIP


def _employer_event(row: dict[str, Any]) -> dict[str, Any]:
    # The contact person is not needed by matching; it stays in this service.
    keep = ("id", "name", "sector", "isic", "size", "location", "engagement_level")
    return jsonable({k: row.get(k) for k in keep})


def register_employer(
    c: EmployersContainer, actor: Principal, data: dict[str, Any]
) -> dict[str, Any]:
    """Create an employer profile and emit ``employer.registered``."""
    now = utcnow()
    row = {
        "id": new_id(),
        "engagement_level": "inform",
        **data,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    with c.runtime.uow() as uow:
        uow.conn.execute(employers.insert().values(**row))
        uow.emit(EMPLOYER, "employer.registered", row["id"], 1, _employer_event(row))
        uow.commit()
    return row


def get_employer(c: EmployersContainer, actor: Principal, employer_id: str) -> dict[str, Any]:
    """One employer; an employer token sees only its own."""
    check_employer_scope(actor, employer_id)
    with c.runtime.engine.connect() as conn:
        return get_or_404(conn, employers, employer_id, "employer")


def list_employers(
    c: EmployersContainer, page: int, size: int, sector: str | None
) -> dict[str, Any]:
    """Employers by name, optionally of one sector."""
    query = select(employers).order_by(employers.c.name, employers.c.id)
    if sector:
        query = query.where(employers.c.sector == sector)
    with c.runtime.engine.connect() as conn:
        return page_of(conn, query, page, size)


def update_employer(
    c: EmployersContainer, actor: Principal, employer_id: str, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change an employer's profile and emit ``employer.updated``."""
    check_employer_scope(actor, employer_id)
    if actor.role == "employer":
        # The engagement level is the programme's judgement, not the employer's.
        changes.pop("engagement_level", None)
    with c.runtime.uow() as uow:
        row = get_or_404(uow.conn, employers, employer_id, "employer")
        save_changes(uow.conn, employers, row, changes)
        uow.emit(EMPLOYER, "employer.updated", employer_id, row["version"], _employer_event(row))
        uow.commit()
    return row


def create_fair(c: EmployersContainer, data: dict[str, Any]) -> dict[str, Any]:
    """Create a job fair that vacancies can be listed at and kiosks bound to."""
    now = utcnow()
    row = {"id": new_id(), **data, "version": 1, "created_at": now, "updated_at": now}
    with c.runtime.uow() as uow:
        uow.conn.execute(fairs.insert().values(**row))
        uow.commit()
    return row


def get_fair(c: EmployersContainer, fair_id: str) -> dict[str, Any]:
    """One job fair."""
    with c.runtime.engine.connect() as conn:
        return get_or_404(conn, fairs, fair_id, "fair")


def list_fairs(c: EmployersContainer, page: int, size: int) -> dict[str, Any]:
    """Job fairs, soonest first."""
    with c.runtime.engine.connect() as conn:
        return page_of(conn, select(fairs).order_by(fairs.c.starts_on, fairs.c.id), page, size)


def create_partnership(c: EmployersContainer, data: dict[str, Any]) -> dict[str, Any]:
    """Record a partnership agreement with an employer; emits ``partnership.recorded``."""
    now = utcnow()
    row = {
        "id": new_id(),
        "status": "draft",
        **data,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    with c.runtime.uow() as uow:
        get_or_404(uow.conn, employers, row["employer_id"], "employer")
        uow.conn.execute(partnerships.insert().values(**row))
        uow.emit(PARTNERSHIP, "partnership.recorded", row["id"], 1, jsonable(row))
        uow.commit()
    return row


def update_partnership(c: EmployersContainer, pid: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Change an agreement's status, dates or notes; emits ``partnership.updated``."""
    with c.runtime.uow() as uow:
        row = get_or_404(uow.conn, partnerships, pid, "partnership")
        save_changes(uow.conn, partnerships, row, changes)
        uow.emit(PARTNERSHIP, "partnership.updated", pid, row["version"], jsonable(row))
        uow.commit()
    return row


def list_partnerships(
    c: EmployersContainer, actor: Principal, employer_id: str | None, page: int, size: int
) -> dict[str, Any]:
    """Agreements, optionally of one employer (an employer token sees only its own)."""
    if actor.role == "employer":
        employer_id = actor.employer_id
    query = select(partnerships).order_by(partnerships.c.created_at, partnerships.c.id)
    if employer_id:
        query = query.where(partnerships.c.employer_id == employer_id)
    with c.runtime.engine.connect() as conn:
        return page_of(conn, query, page, size)
