"""Kiosk browsing: open vacancies by words and filters, paged."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.matching.domain import i18n
from services.matching.domain.explain import label
from services.matching.domain.model import Vacancy
from services.matching.ports import VacancyFilters
from shared.auth.tokens import Principal

if TYPE_CHECKING:
    from services.matching.bootstrap import MatchingContainer


def _card(c: MatchingContainer, v: Vacancy, lang: str) -> dict[str, Any]:
    employer = c.reads.employers.get(v.employer_id)
    today = c.now().date()
    incentives = []
    for ref in v.incentives:
        scheme = c.reads.schemes.get(ref.id)
        if scheme is not None and not scheme.active_on(today):
            continue
        incentives.append(i18n.incentive_phrase(ref.type, ref.terms, ref.eligibility, lang))
    return {
        "vacancy_id": v.id,
        "title": v.title,
        "description": v.description,
        "employer": employer.name if employer else None,
        "sector": employer.sector if employer else None,
        "city": v.city,
        "occupation": {"uri": v.occupation, "label": label(c.taxonomy, v.occupation, lang)}
        if v.occupation
        else None,
        "closes_at": v.closes_at.isoformat() if v.closes_at else None,
        "positions": max(v.positions - v.filled, 0),
        "wage": v.wage,
        "incentives": incentives,
        "fair_ids": list(v.fair_ids),
    }


def search_vacancies(
    c: MatchingContainer, actor: Principal, body: dict[str, Any]
) -> dict[str, Any]:
    """``POST /search/vacancies``: a kiosk (or a person's kiosk token) sees only its fair."""
    raw = body.get("filters") or {}
    fair_id = raw.get("fair_id")
    if actor.role == "kiosk" or (actor.role == "returnee" and actor.fair_id):
        fair_id = actor.fair_id
    sector = raw.get("sector")
    filters = VacancyFilters(
        fair_id=fair_id,
        city=raw.get("city"),
        occupation=raw.get("occupation"),
        employer_ids=c.reads.employer_ids_in_sector(sector) if sector else None,
    )
    page, size = body.get("page", 1), body.get("page_size", 20)
    found = c.index.search_vacancies(body.get("q") or "", filters, c.now(), page, size)
    lang = body.get("lang", "en")
    items = [_card(c, c.reads.vacancies[i], lang) for i in found.ids if i in c.reads.vacancies]
    return {"items": items, "page": found.page, "page_size": found.page_size, "total": found.total}
