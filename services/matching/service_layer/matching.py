"""Matches in both directions: retrieve, compute features, score, explain."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from services.matching.domain import features as feats
from services.matching.domain.explain import Direction, ExplainContext, explain, label
from services.matching.domain.model import Profile, Vacancy
from services.matching.ports import DEFAULT_K, Hit
from services.matching.service_layer import access
from shared.auth.tokens import Principal

if TYPE_CHECKING:
    from services.matching.bootstrap import MatchingContainer


def pair_context(c: MatchingContainer) -> feats.PairContext:
    """What the features look up, bound to the read models and the clock."""
    today = c.now().date()
    return feats.PairContext(
        now=c.now(),
        hires=c.reads.hires,
        incentive_eligible=lambda p, v: bool(c.reads.offers(p, v, today)),
    )


def explain_context(c: MatchingContainer, lang: str, direction: Direction) -> ExplainContext:
    """What explanations look up, in ``lang``."""
    today = c.now().date()
    return ExplainContext(
        taxonomy=c.taxonomy,
        lang=lang,
        direction=direction,
        offers=lambda p, v: c.reads.offers(p, v, today),
        training=lambda skill, v: c.reads.training_for(skill, v, today),
        hires=c.reads.hires,
    )


def rank(
    c: MatchingContainer,
    people: Sequence[Profile],
    vacancies: Sequence[Vacancy],
    hits: Sequence[Hit],
    ids: Sequence[str],
    limit: int,
) -> list[tuple[int, float]]:
    """(pair position, score) of the best ``limit`` pairs: score descending, then id."""
    x = feats.compute(people, vacancies, pair_context(c), np.array([h.score for h in hits]))
    scores = c.model.get().score(x, feats.FEATURES)
    order = sorted(range(len(ids)), key=lambda i: (-float(scores[i]), ids[i]))
    return [(i, float(scores[i])) for i in order[:limit]]


def _item(
    key: str,
    pair_id: str,
    position: int,
    score: float,
    person: Profile,
    vacancy: Vacancy,
    ctx: ExplainContext,
) -> dict[str, Any]:
    why = explain(person, vacancy, ctx)
    return {
        key: pair_id,
        "score": round(score, 4),
        "rank": position,
        "reasons": why.reasons,
        "gaps": [g.as_dict() for g in why.gaps],
        "incentives": why.incentives,
        "distance_km": why.distance_km,
    }


def _model(c: MatchingContainer) -> dict[str, str]:
    info = c.model.get().info
    return {"name": info.name, "version": info.version}


def top_vacancies(
    c: MatchingContainer, person: Profile, limit: int, fair_id: str | None = None
) -> tuple[list[Vacancy], list[float]]:
    """The person's best ``limit`` vacancies and their scores."""
    hits = c.index.vacancies_for(person, c.now(), DEFAULT_K, fair_id=fair_id)
    hits = [h for h in hits if h.id in c.reads.vacancies]
    vacancies = [c.reads.vacancies[h.id] for h in hits]
    best = rank(c, [person] * len(hits), vacancies, hits, [h.id for h in hits], limit)
    return [vacancies[i] for i, _ in best], [s for _, s in best]


def matches_for_returnee(
    c: MatchingContainer,
    actor: Principal,
    returnee_id: str,
    limit: int,
    lang: str,
    fair_id: str | None = None,
) -> dict[str, Any]:
    """``GET /returnees/{id}/matches``: vacancies for a consenting person, explained.

    A person's kiosk session (a ``returnee`` token bound to a fair) sees that fair's
    vacancies only, whatever ``fair_id`` it asks for.
    """
    person = access.person(c, actor, returnee_id)
    if actor.role == "returnee" and actor.fair_id:
        fair_id = actor.fair_id
    vacancies, scores = top_vacancies(c, person, limit, fair_id)
    ctx = explain_context(c, lang, "vacancies")
    items = [
        _item("vacancy_id", v.id, n, s, person, v, ctx)
        for n, (v, s) in enumerate(zip(vacancies, scores, strict=True), start=1)
    ]
    return {"items": items, "model": _model(c)}


def candidates_for_vacancy(
    c: MatchingContainer, actor: Principal, vacancy_id: str, limit: int, lang: str
) -> dict[str, Any]:
    """``GET /vacancies/{id}/candidates``: consenting people for a vacancy, explained."""
    vacancy = access.vacancy(c, actor, vacancy_id)
    centre = actor.centre_id if actor.role == "counsellor" else None
    hits = c.index.candidates_for(vacancy, DEFAULT_K, centre_id=centre)
    hits = [h for h in hits if h.id in c.reads.profiles]
    people = [c.reads.profiles[h.id] for h in hits]
    best = rank(c, people, [vacancy] * len(hits), hits, [h.id for h in hits], limit)
    ctx = explain_context(c, lang, "candidates")
    items = [
        _item("returnee_id", people[i].id, n, s, people[i], vacancy, ctx)
        for n, (i, s) in enumerate(best, start=1)
    ]
    return {"items": items, "model": _model(c)}


def gap_summary(
    c: MatchingContainer, actor: Principal, returnee_id: str, lang: str, top: int = 20
) -> dict[str, Any]:
    """``GET /returnees/{id}/gaps``: missing skills ranked by how many of the person's top
    vacancies ask for them, each with the training schemes that teach it."""
    person = access.person(c, actor, returnee_id)
    vacancies, _ = top_vacancies(c, person, top)
    today = c.now().date()
    found: dict[str, dict[str, Any]] = {}
    for vacancy in vacancies:
        for essential, skills in ((True, vacancy.essential), (False, vacancy.optional)):
            for uri in skills:
                if uri in person.skill_set:
                    continue
                entry = found.setdefault(
                    uri,
                    {
                        "skill": uri,
                        "label": label(c.taxonomy, uri, lang),
                        "vacancies": 0,
                        "essential_in": 0,
                        "training": set(),
                    },
                )
                entry["vacancies"] += 1
                entry["essential_in"] += int(essential)
                entry["training"].update(c.reads.training_for(uri, vacancy, today))
    items = sorted(found.values(), key=lambda e: (-e["vacancies"], -e["essential_in"], e["skill"]))
    for entry in items:
        entry["training"] = sorted(entry["training"])
    return {"items": items, "vacancies_considered": len(vacancies), "model": _model(c)}
