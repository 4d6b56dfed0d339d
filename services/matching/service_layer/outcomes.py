"""Outcomes (shown, saved, applied, interviewed, hired, rejected, left_job): the training data."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import func, select

from services.matching.adapters.tables import outcomes
from services.matching.domain import features as feats
from services.matching.domain.model import Profile, Vacancy
from services.matching.ports import DEFAULT_K
from services.matching.service_layer import access
from services.matching.service_layer.matching import pair_context
from shared.auth.tokens import Principal
from shared.db.rows import as_dict
from shared.errors import Forbidden, NotFound, ValidationFailed
from shared.messages import new_id
from shared.topics import OUTCOME

if TYPE_CHECKING:
    from services.matching.bootstrap import MatchingContainer

STAGES = ("shown", "saved", "applied", "interviewed", "hired", "rejected", "left_job")
EMPLOYER_STAGES = ("interviewed", "hired", "rejected")
SELF_STAGES = ("shown", "saved", "applied")
CLOCK_SKEW = timedelta(minutes=5)


def pair_features(c: MatchingContainer, person: Profile, vacancy: Vacancy) -> dict[str, float]:
    """The pair's features as a match answer would compute them now (retrieval included)."""
    hits = c.index.vacancies_for(person, c.now(), DEFAULT_K)
    best = max((h.score for h in hits), default=0.0)
    mine = next((h.score for h in hits if h.id == vacancy.id), 0.0)
    retrieval = np.array([mine / best if best > 0 else 0.0])
    row = feats.compute([person], [vacancy], pair_context(c), retrieval)[0]
    return feats.as_dict(row)


def _check(c: MatchingContainer, actor: Principal, body: dict[str, Any]) -> tuple[Profile, Vacancy]:
    person = access.person(c, actor, body["returnee_id"], consent=None)
    vacancy = c.reads.vacancies.get(body["vacancy_id"])
    if vacancy is None:
        raise NotFound("no such vacancy")
    if actor.role == "employer":
        if vacancy.employer_id != actor.employer_id:
            raise Forbidden("an employer records outcomes of its own vacancies only")
        if body["stage"] not in EMPLOYER_STAGES:
            raise Forbidden(f"an employer records only {', '.join(EMPLOYER_STAGES)}")
    if actor.role == "returnee" and body["stage"] not in SELF_STAGES:
        raise Forbidden(f"a person records only {', '.join(SELF_STAGES)} themselves")
    return person, vacancy


def record_outcome(c: MatchingContainer, actor: Principal, body: dict[str, Any]) -> dict[str, Any]:
    """Store an outcome with the pair's features and emit ``outcome.recorded`` (one transaction)."""
    person, vacancy = _check(c, actor, body)
    now = c.now()
    at = (body.get("at") or now).astimezone(UTC)
    if at > now + CLOCK_SKEW:
        raise ValidationFailed("outcome in the future", {"at": ["must not be in the future"]})
    model = c.model.get().info
    row = {
        "id": new_id(),
        "returnee_id": person.id,
        "vacancy_id": vacancy.id,
        "stage": body["stage"],
        "at": at,
        "recorded_at": now,
        "recorded_by": actor.role,
        "model_name": body.get("model_name") or model.name,
        "model_version": body.get("model_version") or model.version,
        # training data is a matching purpose: no snapshot without that consent
        "features": pair_features(c, person, vacancy) if person.consented("matching") else None,
    }
    with c.runtime.uow() as uow:
        uow.conn.execute(outcomes.insert().values(**row))
        version = uow.conn.execute(
            select(func.count())
            .select_from(outcomes)
            .where(outcomes.c.returnee_id == person.id, outcomes.c.vacancy_id == vacancy.id)
        ).scalar_one()
        data = {
            "id": row["id"],
            "returnee_id": person.id,
            "vacancy_id": vacancy.id,
            "stage": row["stage"],
            "at": at.isoformat(),
            "model_version": row["model_version"],
        }
        uow.emit(OUTCOME, "outcome.recorded", f"{person.id}:{vacancy.id}", int(version), data)
        uow.commit()
    return {k: v for k, v in row.items() if k != "features"}


def list_outcomes(c: MatchingContainer, actor: Principal, returnee_id: str) -> dict[str, Any]:
    """A person's outcomes, oldest first."""
    access.person(c, actor, returnee_id, consent=None)
    query = (
        select(*[col for col in outcomes.c if col.name != "features"])
        .where(outcomes.c.returnee_id == returnee_id)
        .order_by(outcomes.c.at, outcomes.c.id)
    )
    with c.runtime.engine.connect() as conn:
        items = [as_dict(r) for r in conn.execute(query)]
    return {"items": items}
