"""The embedded SearchIndex: BM25 over text, weighted inverted index over ESCO ids, numpy filters.

Both directions score the same way (constants in :mod:`.index_rows`); filters are exact
masks over all rows; nothing loops over documents at query time.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from datetime import datetime

import numpy as np

from services.matching.adapters.index_collection import Collection
from services.matching.adapters.index_rows import (
    ASPIRATION,
    EXPERIENCE,
    OPTIONAL_WEIGHT,
    W_TEXT,
    encode_profile,
    encode_vacancy,
    place,
    ranked,
    vector,
    weights,
    within,
)
from services.matching.adapters.index_segment import Segment, bm25, gather, rows_with, term_ids
from services.matching.domain.geo import haversine_km
from services.matching.domain.model import Profile, Vacancy
from services.matching.domain.text import text_terms
from services.matching.domain.vocab import TOKENS, Interner, lang_token
from services.matching.ports import DEFAULT_K, Hit, IndexCounts, SearchPage, VacancyFilters


class InProcessIndex:
    """A SearchIndex held in this process's memory, rebuilt from the read models at start."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._terms = Interner()
        self._vac = Collection(
            lambda v: encode_vacancy(self._terms, v),
            self._terms,
            matrices=("skills", "occ"),
            coo=("langs", "fairs"),
            numbers=(
                "open",
                "closes",
                "lat",
                "lon",
                "edu",
                "employer",
                "occupation",
                "city",
                "published",
            ),
        )
        self._pro = Collection(
            lambda p: encode_profile(self._terms, p),
            self._terms,
            matrices=("skills", "occ", "asp"),
            coo=("langs",),
            numbers=("matching", "shown", "lat", "lon", "reach", "relocate", "edu", "centre"),
        )

    def upsert_vacancy(self, vacancy: Vacancy) -> bool:
        """See :meth:`SearchIndex.upsert_vacancy`."""
        with self._lock:
            return self._vac.upsert(vacancy)

    def upsert_profile(self, profile: Profile) -> bool:
        """See :meth:`SearchIndex.upsert_profile`."""
        with self._lock:
            return self._pro.upsert(profile)

    def delete_vacancy(self, vacancy_id: str, version: int) -> bool:
        """See :meth:`SearchIndex.delete_vacancy`."""
        with self._lock:
            return self._vac.delete(vacancy_id, version)

    def delete_profile(self, returnee_id: str, version: int) -> bool:
        """See :meth:`SearchIndex.delete_profile`."""
        with self._lock:
            return self._pro.delete(returnee_id, version)

    def rebuild(self, vacancies: Iterable[Vacancy], profiles: Iterable[Profile]) -> None:
        """See :meth:`SearchIndex.rebuild`."""
        with self._lock:
            self._vac.rebuild(vacancies)
            self._pro.rebuild(profiles)

    def counts(self) -> IndexCounts:
        """See :meth:`SearchIndex.counts`."""
        with self._lock:
            return IndexCounts(len(self._vac), len(self._pro))

    def ping(self) -> bool:
        """The index lives in this process."""
        return True

    # -- queries ---------------------------------------------------------------------------

    def _text_query(self, side: Collection, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        cols = term_ids(self._terms, words)
        return cols, side.idf(cols) * W_TEXT

    @staticmethod
    def _collect(
        parts: list[tuple[np.ndarray, np.ndarray]], k: int | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        ids = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=str)
        scores = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0)
        return ids, scores, ranked(ids, scores, k)

    def vacancies_for(
        self, person: Profile, now: datetime, k: int = DEFAULT_K, fair_id: str | None = None
    ) -> list[Hit]:
        """See :meth:`SearchIndex.vacancies_for`."""
        with self._lock:
            segments = self._vac.segments()
            t_cols, t_idf = self._text_query(self._vac, person.terms or text_terms(person.text))
            s_cols = person.skill_ids
            s_idf = self._vac.idf(s_cols, "skills")
            o_cols, o_w = vector(
                weights(person.experience_tokens, EXPERIENCE),
                weights(person.aspiration_tokens, ASPIRATION),
            )
            spoken = np.zeros(len(TOKENS) + 1)
            for code, rank in person.languages.items():
                spoken[TOKENS.id(lang_token(code))] = rank
            fair = TOKENS.get(f"fair:{fair_id}") if fair_id else None
            parts = []
            for seg in segments:
                num = seg.numbers
                mask = seg.alive & (num["open"] == 1.0) & (num["closes"] > now.timestamp())
                if person.education_level is not None:
                    mask &= num["edu"] <= person.education_level
                if person.lat is not None and person.lon is not None and not person.relocate:
                    within(mask, num, person.lat, person.lon, person.reach_km)
                rows, cols, levels = seg.coo["langs"]
                short = spoken[np.minimum(cols, spoken.size - 1)] < levels
                mask[rows[short]] = False
                if fair is not None:
                    mask &= rows_with(seg, "fairs", fair) if fair >= 0 else False
                score = bm25(seg, t_cols, t_idf) + gather(seg.matrices["skills"], s_cols, s_idf)
                score += gather(seg.matrices["occ"], o_cols, o_w)
                mask &= score > 0
                parts.append((seg.ids[mask], score[mask]))
            ids, scores, order = self._collect(parts, k)
            return [Hit(str(ids[i]), float(scores[i])) for i in order]

    def candidates_for(
        self, vacancy: Vacancy, k: int = DEFAULT_K, centre_id: str | None = None
    ) -> list[Hit]:
        """See :meth:`SearchIndex.candidates_for`."""
        with self._lock:
            segments = self._pro.segments()
            t_cols, t_idf = self._text_query(self._pro, vacancy.terms or text_terms(vacancy.text))
            s_cols = np.concatenate([vacancy.essential_ids, vacancy.optional_ids])
            s_w = np.concatenate(
                [
                    np.ones(vacancy.essential_ids.size),
                    np.full(vacancy.optional_ids.size, OPTIONAL_WEIGHT),
                ]
            )
            s_w = s_w * self._pro.idf(s_cols, "skills")
            e_cols, e_w = vector(weights(vacancy.occupation_tokens, EXPERIENCE))
            a_cols, a_w = vector(weights(vacancy.occupation_tokens, ASPIRATION))
            need = np.zeros(len(TOKENS) + 1)
            for code, rank in vacancy.languages:
                need[TOKENS.id(lang_token(code))] = rank
            centre = TOKENS.get(f"centre:{centre_id}") if centre_id else None
            parts = []
            for seg in segments:
                num = seg.numbers
                mask = seg.alive & (num["matching"] == 1.0) & (num["shown"] == 1.0)
                if vacancy.education_level is not None:
                    mask &= (num["edu"] < 0) | (num["edu"] >= vacancy.education_level)
                if vacancy.lat is not None and vacancy.lon is not None:
                    dist = haversine_km(vacancy.lat, vacancy.lon, num["lat"], num["lon"])
                    mask &= (num["relocate"] == 1.0) | np.isnan(dist) | (dist <= num["reach"])
                if vacancy.languages:
                    rows, cols, levels = seg.coo["langs"]
                    wanted = need[np.minimum(cols, need.size - 1)]
                    met = (wanted > 0) & (levels >= wanted)
                    mask &= np.bincount(rows[met], minlength=seg.size) == len(vacancy.languages)
                if centre is not None:
                    mask &= num["centre"] == centre if centre >= 0 else False
                score = bm25(seg, t_cols, t_idf) + gather(seg.matrices["skills"], s_cols, s_w)
                score += gather(seg.matrices["occ"], e_cols, e_w)
                score += gather(seg.matrices["asp"], a_cols, a_w)
                mask &= score > 0
                parts.append((seg.ids[mask], score[mask]))
            ids, scores, order = self._collect(parts, k)
            return [Hit(str(ids[i]), float(scores[i])) for i in order]

    def search_vacancies(
        self, q: str, filters: VacancyFilters, now: datetime, page: int = 1, page_size: int = 20
    ) -> SearchPage:
        """See :meth:`SearchIndex.search_vacancies`."""
        with self._lock:
            segments = self._vac.segments()
            t_cols, t_idf = self._text_query(self._vac, text_terms(q or ""))
            fair = TOKENS.get(f"fair:{filters.fair_id}") if filters.fair_id else None
            city = place("city", filters.city) if filters.city else None
            occupation = TOKENS.get(filters.occupation) if filters.occupation else None
            employers = (
                np.asarray([TOKENS.get(f"emp:{e}") for e in filters.employer_ids], np.float64)
                if filters.employer_ids is not None
                else None
            )
            parts = []
            for seg in segments:
                mask = self._browse_mask(seg, now, fair, city, occupation, employers)
                if q and q.strip():
                    score = bm25(seg, t_cols, t_idf)
                    mask &= score > 0
                else:
                    score = seg.numbers["published"]
                parts.append((seg.ids[mask], score[mask]))
            ids, _, order = self._collect(parts, None)
            start = (page - 1) * page_size
            chosen = [str(ids[i]) for i in order[start : start + page_size]]
            return SearchPage(chosen, int(ids.size), page, page_size)

    @staticmethod
    def _browse_mask(
        seg: Segment,
        now: datetime,
        fair: int | None,
        city: float | None,
        occupation: int | None,
        employers: np.ndarray | None,
    ) -> np.ndarray:
        num = seg.numbers
        mask = seg.alive & (num["open"] == 1.0) & (num["closes"] > now.timestamp())
        if fair is not None:
            mask &= rows_with(seg, "fairs", fair) if fair >= 0 else False
        if city is not None:
            mask &= num["city"] == city
        if occupation is not None:
            mask &= num["occupation"] == occupation if occupation >= 0 else False
        if employers is not None:
            mask &= np.isin(num["employer"], employers)
        return mask
