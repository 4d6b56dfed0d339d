"""The ports of the matching service: the search index and the scorer.

Adapters: ``adapters/inprocess_index.py`` (embedded) and, later,
``adapters/es_index.py`` (Elasticsearch) for :class:`SearchIndex`;
``adapters/scorers.py`` for :class:`Scorer`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

import numpy as np

from services.matching.domain.model import Profile, Vacancy

DEFAULT_K = 300


@dataclass(frozen=True)
class Hit:
    """One retrieved document: its id and the index's own score (comparable within one answer)."""

    id: str
    score: float


@dataclass(frozen=True)
class VacancyFilters:
    """Filters of kiosk browsing; ``employer_ids`` is how the service layer passes a sector."""

    fair_id: str | None = None
    city: str | None = None
    occupation: str | None = None
    employer_ids: frozenset[str] | None = None


@dataclass(frozen=True)
class SearchPage:
    """One page of vacancy ids and how many matched in all."""

    ids: list[str]
    total: int
    page: int
    page_size: int


@dataclass(frozen=True)
class IndexCounts:
    """How many documents each side of the index holds."""

    vacancies: int
    profiles: int
    extra: dict[str, int] = field(default_factory=dict)


class SearchIndex(Protocol):
    """Retrieval for both directions, with exact filters; every adapter means the same thing.

    Versions: an upsert or delete carrying a version lower than (or equal to) the one the
    index already holds for that id changes nothing and returns False. A delete leaves a
    tombstone at its version, so an older upsert that arrives later is ignored too.

    Matching documents pass every filter AND share something with the query (a text
    term, a skill, the occupation or one of its ISCO groups): a score above zero.
    Results are ordered by score, then by id ascending; ``k`` bounds their number.
    """

    def upsert_vacancy(self, vacancy: Vacancy) -> bool:
        """Add or replace a vacancy document unless the index holds a newer version."""
        ...

    def upsert_profile(self, profile: Profile) -> bool:
        """Add or replace a profile document unless the index holds a newer version."""
        ...

    def delete_vacancy(self, vacancy_id: str, version: int) -> bool:
        """Remove a vacancy (tombstone at ``version``); False when a newer version is held."""
        ...

    def delete_profile(self, returnee_id: str, version: int) -> bool:
        """Remove a profile (tombstone at ``version``); False when a newer version is held."""
        ...

    def rebuild(self, vacancies: Iterable[Vacancy], profiles: Iterable[Profile]) -> None:
        """Drop everything and index these documents (used at start from the read models)."""
        ...

    def vacancies_for(
        self, person: Profile, now: datetime, k: int = DEFAULT_K, fair_id: str | None = None
    ) -> list[Hit]:
        """Vacancies for a person: open, ``closes_at`` after ``now`` (or none), every required
        language spoken at or above its CEFR level, required ISCED level met (an unknown
        person level passes), within the person's reach (``max_km``, default 50) unless the
        person would relocate or either side has no location, in ``fair_id`` when given.

        Scored by BM25 over text, skills (essential above optional, times IDF), the same
        occupation and shared ISCO groups (deeper groups weigh more), and aspirations.
        """
        ...

    def candidates_for(
        self, vacancy: Vacancy, k: int = DEFAULT_K, centre_id: str | None = None
    ) -> list[Hit]:
        """People for a vacancy: consent to ``matching`` and ``shown_to_employers``, every
        required language at level, education met (unknown passes), the vacancy within
        each person's reach unless they would relocate or a location is unknown, and of
        ``centre_id`` when given. Scored as :meth:`vacancies_for`, in the other direction.
        """
        ...

    def search_vacancies(
        self, q: str, filters: VacancyFilters, now: datetime, page: int = 1, page_size: int = 20
    ) -> SearchPage:
        """Kiosk browsing: open, unexpired vacancies passing ``filters``; with ``q``, those
        matching its words by BM25, best first; without ``q``, newest published first.
        Ties broken by id ascending; ``total`` counts every match."""
        ...

    def counts(self) -> IndexCounts:
        """How many live documents the index holds."""
        ...

    def ping(self) -> bool:
        """True when the index answers."""
        ...


@dataclass(frozen=True)
class ModelInfo:
    """Which model produced a score (named in every answer)."""

    name: str
    version: str


class Scorer(Protocol):
    """Turns feature rows (columns named by ``feature_names``) into scores in [0, 1]."""

    info: ModelInfo

    def score(self, features: np.ndarray, feature_names: Sequence[str]) -> np.ndarray:
        """One score per row; higher is a better match. Unknown columns are ignored,
        columns the scorer needs but does not get count as 0."""
        ...
