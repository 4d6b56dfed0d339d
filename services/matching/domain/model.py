"""The read-model objects of matching: vacancies, profiles, employers, schemes, placements.

They are built from the event snapshots of the employers and skills services
(:mod:`services.matching.domain.parse`) and are immutable; a newer event replaces one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

import numpy as np

from services.matching.domain.vocab import (
    TOKENS,
    isco_level_ids,
    isco_prefixes,
    isco_token,
    lang_token,
)

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
CEFR_RANK = {level: i + 1 for i, level in enumerate(CEFR_LEVELS)}
"""A1=1 < A2 < B1 < B2 < C1 < C2 < native=7; 0 means "does not speak it"."""
CONSENT_PURPOSES = (
    "matching",
    "shown_to_employers",
    "contact_by_employers",
    "referral_to_training",
)
TRAINING_SCHEME_TYPES = ("apprenticeship", "internship", "on_the_job_training")
DEFAULT_MAX_KM = 50.0
"""How far a person travels when their profile says nothing (and they would not relocate)."""
MONTHLY_FACTOR = {"month": 1.0, "day": 21.75, "hour": 173.33}
"""Wage period -> months: 21.75 working days, 173.33 hours (40 h x 52 weeks / 12)."""


@dataclass(frozen=True)
class IncentiveRef:
    """An incentive as a vacancy event carries it (the scheme may be known in more detail)."""

    id: str
    type: str
    eligibility: str
    summary: str
    terms: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Vacancy:
    """An employer's vacancy as matching needs it (no contact details)."""

    id: str
    version: int
    employer_id: str
    status: str
    title: str
    description: str
    occupation: str | None
    isco_group: str | None
    essential: tuple[str, ...]
    optional: tuple[str, ...]
    languages: tuple[tuple[str, int], ...]
    education_level: int | None
    experience_years: float | None
    lat: float | None
    lon: float | None
    city: str | None
    region: str | None
    positions: int
    filled: int
    wage: dict[str, Any] | None
    closes_at: datetime | None
    published_at: datetime | None
    incentives: tuple[IncentiveRef, ...]
    fair_ids: tuple[str, ...]
    text: str = ""
    terms: tuple[str, ...] = ()  # the words of ``text`` for BM25 (see domain/text.py)

    @property
    def skills(self) -> tuple[str, ...]:
        """Essential skills first, then optional ones."""
        return self.essential + self.optional

    @property
    def monthly_wage(self) -> float | None:
        """The wage converted to a month (see :data:`MONTHLY_FACTOR`), or None."""
        if not self.wage or self.wage.get("amount") is None:
            return None
        factor = MONTHLY_FACTOR.get(str(self.wage.get("period", "month")), 1.0)
        return float(self.wage["amount"]) * factor

    @cached_property
    def essential_ids(self) -> np.ndarray:
        """Interned ids of the essential skills."""
        return TOKENS.ids(self.essential)

    @cached_property
    def optional_ids(self) -> np.ndarray:
        """Interned ids of the optional skills."""
        return TOKENS.ids(self.optional)

    @cached_property
    def occupation_id(self) -> int:
        """Interned id of the occupation (-1 when none)."""
        return TOKENS.id(self.occupation) if self.occupation else -1

    @cached_property
    def isco_ids(self) -> np.ndarray:
        """Interned ids of the ISCO groups by level: ``[1-digit, 2, 3, 4-digit]`` (-1 pads)."""
        return isco_level_ids(self.isco_group)

    @cached_property
    def language_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(language ids, CEFR ranks) of the required languages."""
        ids = TOKENS.ids(lang_token(c) for c, _ in self.languages)
        return ids, np.fromiter((r for _, r in self.languages), dtype=np.int64)

    @cached_property
    def occupation_tokens(self) -> tuple[str, ...]:
        """The occupation and its ISCO groups, as keys."""
        own = (self.occupation,) if self.occupation else ()
        return own + tuple(isco_token(c) for c in isco_prefixes(self.isco_group))


@dataclass(frozen=True)
class Experience:
    """Years worked in one occupation."""

    occupation: str
    isco_group: str | None
    years: float
    country: str | None


@dataclass(frozen=True)
class Profile:
    """A returnee's (or community member's) pseudonymous profile: no personal details."""

    id: str
    version: int
    centre_id: str | None
    status: str
    consents: frozenset[str]
    skills: tuple[str, ...]
    languages: dict[str, int]
    education_level: int | None
    experience: tuple[Experience, ...]
    aspirations: tuple[str, ...]
    aspiration_isco: tuple[str | None, ...]
    regions: tuple[str, ...]
    relocate: bool
    max_km: float | None
    min_monthly_wage: float | None
    lat: float | None
    lon: float | None
    city: str | None
    region: str | None
    gender: str | None
    age_band: str | None
    implied_skills: frozenset[str] = frozenset()
    text: str = ""
    terms: tuple[str, ...] = ()  # the words of ``text`` for BM25 (see domain/text.py)

    def consented(self, purpose: str) -> bool:
        """True when the person granted ``purpose``."""
        return purpose in self.consents

    @property
    def reach_km(self) -> float:
        """How far the person would travel (their max_km, else :data:`DEFAULT_MAX_KM`)."""
        return self.max_km if self.max_km is not None else DEFAULT_MAX_KM

    @cached_property
    def skill_set(self) -> frozenset[str]:
        """The skills the person has (explicitly recorded)."""
        return frozenset(self.skills)

    @cached_property
    def skill_ids(self) -> np.ndarray:
        """Interned ids of the recorded skills."""
        return TOKENS.ids(self.skills)

    @cached_property
    def implied_ids(self) -> np.ndarray:
        """Interned ids of skills their experience occupations list (not recorded as such)."""
        return TOKENS.ids(sorted(self.implied_skills))

    @cached_property
    def experience_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(occupation ids, ISCO ids by level as an n x 4 array, years) of the experience."""
        occ = TOKENS.ids(e.occupation for e in self.experience)
        isco = (
            np.stack([isco_level_ids(e.isco_group) for e in self.experience])
            if self.experience
            else np.zeros((0, 4), dtype=np.int64)
        )
        years = np.fromiter((e.years for e in self.experience), dtype=np.float64)
        return occ, isco, years

    @cached_property
    def aspiration_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(occupation ids, ISCO ids by level as an n x 4 array) of the aspirations."""
        occ = TOKENS.ids(self.aspirations)
        isco = (
            np.stack([isco_level_ids(c) for c in self.aspiration_isco])
            if self.aspirations
            else np.zeros((0, 4), dtype=np.int64)
        )
        return occ, isco

    @cached_property
    def language_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(language ids, CEFR ranks) of the languages spoken."""
        codes = sorted(self.languages)
        ids = TOKENS.ids(lang_token(c) for c in codes)
        return ids, np.fromiter((self.languages[c] for c in codes), dtype=np.int64)

    @cached_property
    def experience_tokens(self) -> tuple[str, ...]:
        """Experience occupations and their ISCO groups, as keys (deduplicated)."""
        out: dict[str, None] = {}
        for exp in self.experience:
            out[exp.occupation] = None
            out.update((isco_token(c), None) for c in isco_prefixes(exp.isco_group))
        return tuple(out)

    @cached_property
    def aspiration_tokens(self) -> tuple[str, ...]:
        """Aspired occupations and their ISCO groups, as keys (deduplicated)."""
        out: dict[str, None] = {o: None for o in self.aspirations}
        for code in self.aspiration_isco:
            out.update((isco_token(c), None) for c in isco_prefixes(code))
        return tuple(out)


@dataclass(frozen=True)
class Employer:
    """An employer as matching needs it: sector and place, for filters and indicators."""

    id: str
    version: int
    name: str
    sector: str | None
    city: str | None
    region: str | None


@dataclass(frozen=True)
class IncentiveScheme:
    """An incentive scheme (wage subsidy, apprenticeship, ...) and its budget."""

    id: str
    version: int
    name: str
    type: str
    employer_id: str | None
    status: str
    eligibility: str
    terms: dict[str, Any]
    occupations: tuple[str, ...]
    skills: tuple[str, ...]
    budget_total: float | None
    budget_committed: float
    currency: str | None
    starts_on: date | None
    ends_on: date | None
    summary: str

    def active_on(self, day: date) -> bool:
        """Active status, and ``day`` within its dates."""
        if self.status != "active":
            return False
        if self.starts_on and day < self.starts_on:
            return False
        return not (self.ends_on and day > self.ends_on)

    @property
    def is_training(self) -> bool:
        """Apprenticeships, internships and on-the-job training close skill gaps."""
        return self.type in TRAINING_SCHEME_TYPES


@dataclass(frozen=True)
class Placement:
    """A hire recorded by the employers service, with its follow-ups."""

    id: str
    version: int
    vacancy_id: str
    employer_id: str
    returnee_id: str
    start_date: date | None
    scheme_id: str | None
    subsidy_committed: float
    status: str
    follow_ups: tuple[dict[str, Any], ...]


def eligible(status: str, eligibility: str) -> bool:
    """Whether a person of ``status`` (returnee | community_member) may benefit."""
    if eligibility == "returnees_and_community":
        return True
    return status == "returnee"
