"""Query bodies of the Elasticsearch SearchIndex: exact filters, the embedded scoring.

Filters go to ``bool.filter`` (no score); every scoring clause is a ``should`` and at
least one must match, so a document shares something with the query (a score above
zero), as the embedded adapter requires. Weights are the embedded adapter's constants.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from services.matching.adapters.es_mapping import (
    city_key,
    micros,
    query_words,
    required_levels,
    spoken_levels,
    words,
)
from services.matching.adapters.inprocess_index import (
    ASPIRATION,
    EXPERIENCE,
    OPTIONAL_WEIGHT,
    W_TEXT,
)
from services.matching.domain.model import Profile, Vacancy
from services.matching.domain.text import text_terms
from services.matching.ports import VacancyFilters

log = logging.getLogger(__name__)
MIN_KM = 0.001
"""``geo_distance`` refuses 0 km; a metre stands for "the same place"."""
NOTHING: dict[str, Any] = {"bool": {"must_not": [{"match_all": {}}]}}
ALIVE: dict[str, Any] = {"term": {"deleted": False}}
BY_SCORE = [{"_score": "desc"}, {"id": "asc"}]
BY_PUBLISHED = [{"published_us": {"order": "desc", "missing": 0}}, {"id": "asc"}]


def _any(*clauses: dict[str, Any]) -> dict[str, Any]:
    return {"bool": {"should": list(clauses), "minimum_should_match": 1}}


def _missing(field: str) -> dict[str, Any]:
    return {"bool": {"must_not": [{"exists": {"field": field}}]}}


def _weighted(tokens: Iterable[str], table: dict[str | int, float]) -> dict[str, float]:
    """The embedded ``_weights``: ISCO groups by depth, occupations by the table's entry."""
    return {t: table[len(t) - 5] if t.startswith("isco:") else table["occupation"] for t in tokens}


def _merge(*parts: dict[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in parts:
        for token, w in part.items():
            out[token] = out.get(token, 0.0) + w
    return out


def _text(terms: Iterable[str]) -> list[dict[str, Any]]:
    distinct = query_words(terms)
    if not distinct:
        return []
    return [{"match": {"text": {"query": " ".join(distinct), "boost": W_TEXT}}}]


def _constant(field: str, weights: dict[str, float]) -> list[dict[str, Any]]:
    return [
        {"constant_score": {"filter": {"term": {field: token}}, "boost": w}}
        for token, w in weights.items()
        if w > 0
    ]


def _distance(lat: float, lon: float, km: float) -> dict[str, Any]:
    return {"geo_distance": {"distance": f"{max(km, MIN_KM)!r}km", "location": [lon, lat]}}


def open_filters(now: datetime) -> list[dict[str, Any]]:
    """Live, open vacancies whose ``closes_at`` is after ``now`` (or none)."""
    return [
        ALIVE,
        {"term": {"status": "open"}},
        _any({"range": {"closes_us": {"gt": micros(now)}}}, _missing("closes_us")),
    ]


def scored(filters: list[dict[str, Any]], should: list[dict[str, Any]]) -> dict[str, Any]:
    """A bool query: every filter, and at least one scoring clause."""
    return {"bool": {"filter": filters, "should": should, "minimum_should_match": 1}}


def vacancies_for(person: Profile, now: datetime, fair_id: str | None) -> dict[str, Any] | None:
    """The query of :meth:`SearchIndex.vacancies_for`; None when nothing could score."""
    should = _text(words(person))
    should += [
        {"term": {"skills": {"value": s, "boost": OPTIONAL_WEIGHT}}}
        for s in dict.fromkeys(person.skills)
    ]
    should += _constant(
        "occ",
        _merge(
            _weighted(person.experience_tokens, EXPERIENCE),
            _weighted(person.aspiration_tokens, ASPIRATION),
        ),
    )
    if not should:
        return None
    filters = open_filters(now)
    if person.education_level is not None:
        filters.append(_any({"range": {"edu": {"lte": person.education_level}}}, _missing("edu")))
    if person.lat is not None and person.lon is not None and not person.relocate:
        filters.append(
            _any(_distance(person.lat, person.lon, person.reach_km), _missing("location"))
        )
    spoken = spoken_levels(person.languages)
    met: list[dict[str, Any]] = [{"term": {"lang_count": 0}}]
    if spoken:
        met.append(
            {"terms_set": {"lang": {"terms": spoken, "minimum_should_match_field": "lang_count"}}}
        )
    filters.append(_any(*met))
    if fair_id is not None:
        filters.append({"term": {"fair_ids": fair_id}})
    return scored(filters, should)


def candidates_for(
    vacancy: Vacancy, centre_id: str | None, reaches: Iterable[float]
) -> dict[str, Any] | None:
    """The query of :meth:`SearchIndex.candidates_for`; ``reaches`` are the distinct
    ``reach`` values of people who would not relocate (a filter per value, since
    ``geo_distance`` takes one distance and each person has their own)."""
    essential = set(vacancy.essential)
    should = _text(words(vacancy))
    should += [
        {"term": {"skills": {"value": s, "boost": 1.0 if s in essential else OPTIONAL_WEIGHT}}}
        for s in dict.fromkeys(vacancy.essential + vacancy.optional)
    ]
    should += _constant("occ", _weighted(vacancy.occupation_tokens, EXPERIENCE))
    should += _constant("asp", _weighted(vacancy.occupation_tokens, ASPIRATION))
    if not should:
        return None
    filters: list[dict[str, Any]] = [
        ALIVE,
        {"term": {"consent.matching": True}},
        {"term": {"consent.shown_to_employers": True}},
    ]
    if vacancy.education_level is not None:
        filters.append(_any({"range": {"edu": {"gte": vacancy.education_level}}}, _missing("edu")))
    if vacancy.lat is not None and vacancy.lon is not None:
        lat, lon = vacancy.lat, vacancy.lon
        within = [
            {"bool": {"filter": [{"term": {"reach": r}}, _distance(lat, lon, r)]}}
            for r in sorted(set(reaches))
        ]
        filters.append(_any({"term": {"relocate": True}}, _missing("location"), *within))
    filters += [{"term": {"lang": level}} for level in required_levels(vacancy.languages)]
    if centre_id is not None:
        filters.append({"term": {"centre_id": centre_id}})
    return scored(filters, should)


def live_and_dead(indices: list[str]) -> list[dict[str, Any]]:
    """An msearch counting, per index, live documents and then tombstones."""
    out: list[dict[str, Any]] = []
    for index in indices:
        for dead in (False, True):
            out += [
                {"index": index},
                {"size": 0, "track_total_hits": True, "query": {"term": {"deleted": dead}}},
            ]
    return out


REACH_VALUES: dict[str, Any] = {
    "size": 0,
    "query": {
        "bool": {
            "filter": [ALIVE, {"term": {"relocate": False}}, {"exists": {"field": "location"}}]
        }
    },
    "aggs": {"reach": {"terms": {"field": "reach", "size": 10000}}},
}
"""The search body listing the distinct reaches of people a distance applies to."""


class Reaches:
    """The distinct ``reach`` values :func:`candidates_for` needs, read at most every
    ``ttl_s`` seconds; values this process writes are added at once.

    Values are only added until the next rebuild: a value nobody holds any more adds a
    clause that matches nobody, so the set can be wrong only by missing a value another
    process wrote within the last ``ttl_s`` (plus the index's refresh interval).
    """

    def __init__(self, ttl_s: float) -> None:
        self._ttl_s = ttl_s
        self._lock = threading.Lock()
        self._values: set[float] = set()
        self._read_at = float("-inf")

    def stale(self) -> bool:
        """True when the values should be read again."""
        return time.monotonic() - self._read_at >= self._ttl_s

    def update(self, aggregation: dict[str, Any]) -> None:
        """Add the buckets of a :data:`REACH_VALUES` answer."""
        if aggregation.get("sum_other_doc_count"):
            log.warning("more distinct reach values than one aggregation returns")
        with self._lock:
            self._values |= {float(b["key"]) for b in aggregation["buckets"]}
            self._read_at = time.monotonic()

    def add(self, value: float) -> None:
        """A value this process has just written."""
        with self._lock:
            self._values.add(value)

    def clear(self) -> None:
        """Forget everything (after a rebuild)."""
        with self._lock:
            self._values, self._read_at = set(), float("-inf")

    def values(self) -> set[float]:
        """A copy of the values."""
        with self._lock:
            return set(self._values)


def browse(q: str, filters: VacancyFilters, now: datetime) -> tuple[dict[str, Any], list[Any]]:
    """Query and sort of :meth:`SearchIndex.search_vacancies`."""
    clauses = open_filters(now)
    if filters.fair_id:
        clauses.append({"term": {"fair_ids": filters.fair_id}})
    if filters.city:
        key = city_key(filters.city)
        # the embedded adapter compares normalised cities; one that normalises to
        # nothing matches the vacancies without a city, and so does this
        clauses.append({"term": {"city_key": key}} if key else _missing("city_key"))
    if filters.occupation:
        clauses.append({"term": {"occupation": filters.occupation}})
    if filters.employer_ids is not None:
        clauses.append({"terms": {"employer_id": sorted(filters.employer_ids)}})
    if q and q.strip():
        text = _text(text_terms(q))
        if not text:
            return NOTHING, BY_SCORE
        return {"bool": {"filter": clauses, "must": text}}, BY_SCORE
    return {"bool": {"filter": clauses}}, BY_PUBLISHED
