"""Object-level rules: who may see which person and which vacancy.

Roles are checked in the views (``require``); these functions check the object and
answer 404 where existence must not leak (a person), 403 where it may (a vacancy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.matching.domain.model import Profile, Vacancy
from shared.auth.tokens import Principal
from shared.errors import Forbidden, NotFound

if TYPE_CHECKING:
    from services.matching.bootstrap import MatchingContainer

NO_PERSON = "no such returnee"


def person(
    c: MatchingContainer, actor: Principal, returnee_id: str, consent: str | None = "matching"
) -> Profile:
    """The person, if the caller may act on them and they gave ``consent``; else 404.

    A counsellor reaches only the people of their centre; a ``returnee`` token only itself.
    """
    profile = c.reads.profiles.get(returnee_id)
    if profile is None or (consent is not None and not profile.consented(consent)):
        raise NotFound(NO_PERSON)
    if actor.role == "counsellor" and profile.centre_id != actor.centre_id:
        raise NotFound(NO_PERSON)
    if actor.role == "returnee" and actor.returnee_id != returnee_id:
        raise NotFound(NO_PERSON)
    return profile


def vacancy(c: MatchingContainer, actor: Principal, vacancy_id: str) -> Vacancy:
    """The vacancy; 404 when unknown, 403 for an employer that does not own it."""
    found = c.reads.vacancies.get(vacancy_id)
    if found is None:
        raise NotFound("no such vacancy")
    if actor.role == "employer" and actor.employer_id != found.employer_id:
        raise Forbidden("an employer token sees only its own vacancies")
    return found
