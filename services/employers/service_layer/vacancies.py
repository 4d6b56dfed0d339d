"""Handlers for vacancies: post, change, close, read and list; each change emits its event."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, or_, select

from services.employers.adapters.tables import employers, fairs, incentive_schemes, vacancies
from services.employers.bootstrap import EmployersContainer
from services.employers.domain.model import next_vacancy_status, summarise_scheme
from services.employers.service_layer.common import check_employer_scope, jsonable
from shared.auth.tokens import Principal
from shared.db.rows import as_dict, get_or_404, page_of, save_changes
from shared.errors import NotFound, ValidationFailed
from shared.messages import new_id, utcnow
from shared.resolve import resolve_occupation_ref, resolve_skill_list
from shared.topics import VACANCY


def vacancy_event(
    row: dict[str, Any], schemes: list[dict[str, Any]], isco: str | None
) -> dict[str, Any]:
    """The snapshot matching needs: no contact details, incentives summarised."""
    data = {k: v for k, v in row.items() if k not in ("created_at",)}
    data["isco_group"] = isco
    data["published_at"] = row["created_at"]
    data["incentives"] = [
        {
            "id": s["id"],
            "type": s["type"],
            "eligibility": s["eligibility"],
            "summary": summarise_scheme(s),
            "terms": s["terms"],
        }
        for s in schemes
    ]
    return jsonable(data)


def _schemes(
    conn: Connection, ids: list[str], employer_id: str, strict: bool = True
) -> list[dict[str, Any]]:
    """The schemes a vacancy offers; ``strict`` rejects unknown, foreign or inactive ones."""
    if not ids:
        return []
    rows = [
        as_dict(r)
        for r in conn.execute(select(incentive_schemes).where(incentive_schemes.c.id.in_(ids)))
    ]
    found = {r["id"]: r for r in rows}
    if not strict:
        return [found[s] for s in ids if s in found]
    errors: dict[str, list[str]] = {}
    for i, sid in enumerate(ids):
        scheme = found.get(sid)
        if scheme is None:
            errors[f"incentive_ids.{i}"] = ["unknown incentive scheme"]
        elif scheme["employer_id"] not in (None, employer_id):
            errors[f"incentive_ids.{i}"] = ["scheme belongs to another employer"]
        elif scheme["status"] != "active":
            errors[f"incentive_ids.{i}"] = [f"scheme is {scheme['status']}"]
    if errors:
        raise ValidationFailed("invalid incentives", errors)
    return [found[s] for s in ids]


def _check_fairs(conn: Connection, ids: list[str]) -> None:
    if not ids:
        return
    known = {r[0] for r in conn.execute(select(fairs.c.id).where(fairs.c.id.in_(ids)))}
    errors = {f"fair_ids.{i}": ["unknown fair"] for i, f in enumerate(ids) if f not in known}
    if errors:
        raise ValidationFailed("invalid fairs", errors)


def _resolve(c: EmployersContainer, data: dict[str, Any], lang: str) -> None:
    if "skills" in data:
        data["skills"] = resolve_skill_list(c.taxonomy, data["skills"], "skills", lang)
    if "occupation" in data or "title" in data:
        data["occupation"] = resolve_occupation_ref(
            c.taxonomy, data.get("occupation"), data.get("title"), "occupation", lang
        )
    if "closes_at" in data and data["closes_at"] is not None and data["closes_at"] <= utcnow():
        raise ValidationFailed("closing date passed", {"closes_at": ["must be in the future"]})


def post_vacancy(
    c: EmployersContainer, actor: Principal, employer_id: str, data: dict[str, Any]
) -> dict[str, Any]:
    """Post an open vacancy for an employer; emits ``vacancy.published``."""
    check_employer_scope(actor, employer_id)
    lang = data.pop("lang", "en")
    _resolve(c, data, lang)
    now = utcnow()
    row = {
        "id": new_id(),
        "employer_id": employer_id,
        "status": "open",
        "skills": [],
        "languages": [],
        "positions": 1,
        "filled": 0,
        "incentive_ids": [],
        "fair_ids": [],
        **data,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    with c.runtime.uow() as uow:
        get_or_404(uow.conn, employers, employer_id, "employer")
        schemes = _schemes(uow.conn, row["incentive_ids"], employer_id)
        _check_fairs(uow.conn, row["fair_ids"])
        uow.conn.execute(vacancies.insert().values(**row))
        uow.emit(
            VACANCY, "vacancy.published", row["id"], 1, vacancy_event(row, schemes, _isco(c, row))
        )
        uow.commit()
    return row


def _isco(c: EmployersContainer, row: dict[str, Any]) -> str | None:
    occ = c.taxonomy.occupation(row["occupation"]) if row.get("occupation") else None
    return occ.isco_group if occ else None


def _visible(actor: Principal, row: dict[str, Any]) -> bool:
    if actor.role == "employer":
        return actor.employer_id == row["employer_id"]
    if actor.role in ("kiosk", "returnee"):
        return row["status"] == "open" and (
            actor.fair_id is None or actor.fair_id in row["fair_ids"]
        )
    return True


def get_vacancy(c: EmployersContainer, actor: Principal, vacancy_id: str) -> dict[str, Any]:
    """One vacancy, if the caller may see it (404 otherwise, revealing nothing)."""
    with c.runtime.engine.connect() as conn:
        row = get_or_404(conn, vacancies, vacancy_id, "vacancy")
    if not _visible(actor, row):
        raise NotFound("no such vacancy")
    return row


def change_vacancy(
    c: EmployersContainer,
    actor: Principal,
    vacancy_id: str,
    changes: dict[str, Any],
    action: str = "update",
) -> dict[str, Any]:
    """Edit an open vacancy (``update``) or close it (``close``); emits the matching event."""
    lang = changes.pop("lang", "en")
    if action == "update":
        _resolve(c, changes, lang)
    with c.runtime.uow() as uow:
        row = get_or_404(uow.conn, vacancies, vacancy_id, "vacancy")
        check_employer_scope(actor, row["employer_id"])
        if action == "close":
            changes = {
                "status": next_vacancy_status(
                    row["status"], "close", row["filled"], row["positions"]
                )
            }
        elif row["status"] != "open":
            next_vacancy_status(row["status"], "update", 0, 0)
        if "positions" in changes and changes["positions"] < row["filled"]:
            raise ValidationFailed(
                "too few positions", {"positions": ["fewer than already filled"]}
            )
        save_changes(uow.conn, vacancies, row, changes)
        strict = "incentive_ids" in changes
        schemes = _schemes(uow.conn, row["incentive_ids"], row["employer_id"], strict=strict)
        if "fair_ids" in changes:
            _check_fairs(uow.conn, row["fair_ids"])
        kind = "vacancy.closed" if action == "close" else "vacancy.updated"
        uow.emit(
            VACANCY, kind, vacancy_id, row["version"], vacancy_event(row, schemes, _isco(c, row))
        )
        uow.commit()
    return row


def list_vacancies(
    c: EmployersContainer, actor: Principal, filters: dict[str, Any], page: int, size: int
) -> dict[str, Any]:
    """Vacancies newest first, filtered; employers see their own, kiosks their fair's open ones."""
    query = select(vacancies).order_by(vacancies.c.created_at.desc(), vacancies.c.id)
    if actor.role == "employer":
        query = query.where(vacancies.c.employer_id == actor.employer_id)
    elif filters.get("employer_id"):
        query = query.where(vacancies.c.employer_id == filters["employer_id"])
    status = filters.get("status")
    if actor.role in ("kiosk", "returnee"):
        status = "open"
    if status:
        query = query.where(vacancies.c.status == status)
    if filters.get("occupation"):
        query = query.where(vacancies.c.occupation == filters["occupation"])
    if filters.get("q"):
        like = f"%{filters['q']}%"
        query = query.where(or_(vacancies.c.title.ilike(like), vacancies.c.description.ilike(like)))
    fair_id = actor.fair_id if actor.role in ("kiosk", "returnee") else filters.get("fair_id")
    with c.runtime.engine.connect() as conn:
        if not fair_id:
            return page_of(conn, query, page, size)
        # JSON containment differs across stores; a fair's list is small, so filter here.
        rows = [as_dict(r) for r in conn.execute(query)]
    items = [r for r in rows if fair_id in (r["fair_ids"] or [])]
    start = (page - 1) * size
    return {
        "items": items[start : start + size],
        "page": page,
        "page_size": size,
        "total": len(items),
    }
