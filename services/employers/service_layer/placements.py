"""Handlers for placements (hires), their incentive commitments and follow-ups."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from services.employers.adapters.tables import incentive_schemes, placements, vacancies
from services.employers.bootstrap import EmployersContainer
from services.employers.domain.model import (
    check_budget,
    check_scheme_usable,
    next_vacancy_status,
    subsidy_commitment,
)
from services.employers.service_layer.common import check_employer_scope, jsonable
from services.employers.service_layer.incentives import scheme_event
from services.employers.service_layer.vacancies import _isco, _schemes, vacancy_event
from shared.auth.tokens import Principal
from shared.db.rows import get_or_404, page_of
from shared.errors import Conflict, NotFound, ValidationFailed
from shared.messages import new_id, utcnow
from shared.topics import INCENTIVE, PLACEMENT, VACANCY


def record_placement(
    c: EmployersContainer, actor: Principal, data: dict[str, Any]
) -> dict[str, Any]:
    """Record a hire: fills a position, commits incentive budget, emits ``placement.recorded``.

    All of it happens in one transaction: a placement over budget or on a vacancy that is
    no longer open changes nothing.
    """
    with c.runtime.uow() as uow:
        vacancy = get_or_404(uow.conn, vacancies, data["vacancy_id"], "vacancy")
        check_employer_scope(actor, vacancy["employer_id"])
        if vacancy["status"] != "open":
            raise Conflict(f"vacancy is {vacancy['status']}")
        dup = uow.conn.execute(
            select(placements.c.id).where(
                placements.c.vacancy_id == vacancy["id"],
                placements.c.returnee_id == data["returnee_id"],
            )
        ).first()
        if dup is not None:
            raise Conflict("this returnee is already placed on this vacancy")
        commitment = 0.0
        scheme = None
        if data.get("scheme_id"):
            scheme = get_or_404(uow.conn, incentive_schemes, data["scheme_id"], "incentive scheme")
            if scheme["employer_id"] not in (None, vacancy["employer_id"]):
                raise ValidationFailed(
                    "wrong scheme", {"scheme_id": ["scheme belongs to another employer"]}
                )
            check_scheme_usable(scheme, data["start_date"])
            commitment = subsidy_commitment(scheme, data.get("monthly_wage"))
            check_budget(scheme, commitment)
        now = utcnow()
        row = {
            "id": new_id(),
            "employer_id": vacancy["employer_id"],
            "status": "active",
            "follow_ups": [],
            "subsidy_committed": commitment,
            **data,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        uow.conn.execute(placements.insert().values(**row))
        if scheme is not None and commitment:
            scheme["budget_committed"] = float(scheme["budget_committed"]) + commitment
            scheme["version"] += 1
            uow.conn.execute(
                update(incentive_schemes)
                .where(incentive_schemes.c.id == scheme["id"])
                .values(
                    budget_committed=scheme["budget_committed"],
                    version=scheme["version"],
                    updated_at=now,
                )
            )
            uow.emit(
                INCENTIVE,
                "incentive_scheme.updated",
                scheme["id"],
                scheme["version"],
                scheme_event(scheme),
            )
        filled = vacancy["filled"] + 1
        status = next_vacancy_status("open", "place", filled, vacancy["positions"])
        vacancy.update(filled=filled, status=status, version=vacancy["version"] + 1, updated_at=now)
        uow.conn.execute(
            update(vacancies)
            .where(vacancies.c.id == vacancy["id"])
            .values(filled=filled, status=status, version=vacancy["version"], updated_at=now)
        )
        kind = "vacancy.filled" if status == "filled" else "vacancy.updated"
        schemes = _schemes(uow.conn, vacancy["incentive_ids"], vacancy["employer_id"], strict=False)
        uow.emit(
            VACANCY,
            kind,
            vacancy["id"],
            vacancy["version"],
            vacancy_event(vacancy, schemes, _isco(c, vacancy)),
        )
        uow.emit(PLACEMENT, "placement.recorded", row["id"], 1, jsonable(row))
        uow.commit()
    return row


def get_placement(c: EmployersContainer, actor: Principal, placement_id: str) -> dict[str, Any]:
    """One placement; an employer sees only its own."""
    with c.runtime.engine.connect() as conn:
        row = get_or_404(conn, placements, placement_id, "placement")
    if actor.role == "employer" and actor.employer_id != row["employer_id"]:
        raise NotFound("no such placement")
    return row


def list_placements(
    c: EmployersContainer, actor: Principal, filters: dict[str, Any], page: int, size: int
) -> dict[str, Any]:
    """Placements newest first, by employer, vacancy or returnee."""
    query = select(placements).order_by(placements.c.start_date.desc(), placements.c.id)
    employer_id = actor.employer_id if actor.role == "employer" else filters.get("employer_id")
    if employer_id:
        query = query.where(placements.c.employer_id == employer_id)
    for key in ("vacancy_id", "returnee_id"):
        if filters.get(key):
            query = query.where(placements.c[key] == filters[key])
    with c.runtime.engine.connect() as conn:
        return page_of(conn, query, page, size)


def record_follow_up(
    c: EmployersContainer, actor: Principal, placement_id: str, data: dict[str, Any]
) -> dict[str, Any]:
    """Record the 3/6/12-month follow-up of a placement; emits ``placement.followed_up``."""
    with c.runtime.uow() as uow:
        row = get_or_404(uow.conn, placements, placement_id, "placement")
        check_employer_scope(actor, row["employer_id"])
        if any(f["month"] == data["month"] for f in row["follow_ups"]):
            raise Conflict(f"the {data['month']}-month follow-up is already recorded")
        entry = jsonable({**data, "recorded_at": utcnow()})
        follow_ups = sorted([*row["follow_ups"], entry], key=lambda f: f["month"])
        status = "ended" if data["status"] == "left_job" else row["status"]
        row.update(
            follow_ups=follow_ups, status=status, version=row["version"] + 1, updated_at=utcnow()
        )
        uow.conn.execute(
            update(placements)
            .where(placements.c.id == placement_id)
            .values(
                follow_ups=follow_ups,
                status=status,
                version=row["version"],
                updated_at=row["updated_at"],
            )
        )
        uow.emit(PLACEMENT, "placement.followed_up", placement_id, row["version"], jsonable(row))
        uow.commit()
    return row
