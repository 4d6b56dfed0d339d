"""How the embedded index turns documents into columns, and its query-side helpers.

Scoring constants: ``W_TEXT`` x BM25 + skills (essential 1.0, ``OPTIONAL_WEIGHT`` for
optional, times the skill's IDF) + occupation and ISCO-group boosts from experience
(``EXPERIENCE``: same occupation, then 4-digit > 3 > 2 > 1) and aspirations (``ASPIRATION``).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from services.matching.adapters.index_segment import DocRow, text_terms
from services.matching.domain.geo import coord, haversine_km
from services.matching.domain.model import Profile, Vacancy
from services.matching.domain.vocab import TOKENS, Interner, lang_token
from shared.taxonomy.normalise import normalise

W_TEXT = 0.25
OPTIONAL_WEIGHT = 0.4
EXPERIENCE: dict[str | int, float] = {"occupation": 3.0, 4: 2.0, 3: 1.0, 2: 0.5, 1: 0.25}
ASPIRATION: dict[str | int, float] = {"occupation": 2.0, 4: 1.0, 3: 0.5, 2: 0.25, 1: 0.1}


def _token_weight(token: str, table: dict[str | int, float]) -> float:
    if token.startswith("isco:"):
        return table[len(token) - 5]
    return table["occupation"]


def weights(tokens: Iterable[str], table: dict[str | int, float]) -> dict[int, float]:
    """Query weights of occupation and ISCO keys by their kind (see ``EXPERIENCE``)."""
    return {TOKENS.id(t): _token_weight(t, table) for t in tokens}


def vector(*parts: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    """(columns, weights) of summed weight maps."""
    merged: dict[int, float] = {}
    for part in parts:
        for col, w in part.items():
            merged[col] = merged.get(col, 0.0) + w
    cols = np.fromiter(merged, dtype=np.int64, count=len(merged))
    return cols, np.fromiter(merged.values(), dtype=np.float64, count=len(merged))


def place(key: str, value: str | None) -> float:
    """The interned id of a normalised place name (-1 for none)."""
    return float(TOKENS.id(f"{key}:{normalise(value)}")) if value and normalise(value) else -1.0


KM_PER_DEGREE_LAT = 111.0  # a degree of latitude is at least 110.57 km


def within(mask: np.ndarray, num: dict[str, np.ndarray], lat: float, lon: float, km: float) -> None:
    """Keep in ``mask`` the rows within ``km`` of (lat, lon) or without a location.

    A latitude band excludes most rows with one comparison; haversine runs on the rest.
    """
    lats = num["lat"]
    unknown = np.isnan(lats)
    mask &= unknown | (np.abs(lats - lat) <= km / KM_PER_DEGREE_LAT + 1e-9)
    rows = np.flatnonzero(mask & ~unknown)
    dist = haversine_km(lat, lon, lats[rows], num["lon"][rows])
    mask[rows[dist > km]] = False


def ranked(ids: np.ndarray, scores: np.ndarray, k: int | None) -> np.ndarray:
    """Positions ordered by score descending, then id ascending; the first ``k`` when given."""
    pos = np.arange(ids.size)
    if k is not None and ids.size > k:
        threshold = np.partition(scores, ids.size - k)[ids.size - k]
        pos = np.flatnonzero(scores >= threshold)  # every tie at the boundary competes by id
    order = pos[np.lexsort((ids[pos], -scores[pos]))]
    return order if k is None else order[:k]


def encode_vacancy(terms: Interner, v: Vacancy) -> DocRow:
    """A vacancy as index columns."""
    skills = [(int(i), 1.0) for i in v.essential_ids] + [
        (int(i), OPTIONAL_WEIGHT) for i in v.optional_ids
    ]
    return DocRow(
        v.id,
        v.version,
        terms.ids(v.terms or text_terms(v.text)).tolist(),
        {
            "skills": skills,
            "occ": [(TOKENS.id(t), 1.0) for t in v.occupation_tokens],
            "langs": [(TOKENS.id(lang_token(c)), float(r)) for c, r in v.languages],
            "fairs": [(TOKENS.id(f"fair:{f}"), 1.0) for f in v.fair_ids],
        },
        {
            "open": float(v.status == "open"),
            "closes": v.closes_at.timestamp() if v.closes_at else np.inf,
            "lat": coord(v.lat),
            "lon": coord(v.lon),
            "edu": -1.0 if v.education_level is None else float(v.education_level),
            "employer": float(TOKENS.id(f"emp:{v.employer_id}")),
            "occupation": float(v.occupation_id),
            "city": place("city", v.city),
            "published": v.published_at.timestamp() if v.published_at else 0.0,
        },
    )


def encode_profile(terms: Interner, p: Profile) -> DocRow:
    """A profile as index columns."""
    return DocRow(
        p.id,
        p.version,
        terms.ids(p.terms or text_terms(p.text)).tolist(),
        {
            "skills": [(int(i), 1.0) for i in p.skill_ids],
            "occ": [(TOKENS.id(t), 1.0) for t in p.experience_tokens],
            "asp": [(TOKENS.id(t), 1.0) for t in p.aspiration_tokens],
            "langs": [(TOKENS.id(lang_token(c)), float(r)) for c, r in p.languages.items()],
        },
        {
            "matching": float(p.consented("matching")),
            "shown": float(p.consented("shown_to_employers")),
            "lat": coord(p.lat),
            "lon": coord(p.lon),
            "reach": p.reach_km,
            "relocate": float(p.relocate),
            "edu": -1.0 if p.education_level is None else float(p.education_level),
            "centre": float(TOKENS.id(f"centre:{p.centre_id}")) if p.centre_id else -1.0,
        },
    )
