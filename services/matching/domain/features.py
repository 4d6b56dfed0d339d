"""Features of (person, vacancy) pairs, computed for all K retrieved pairs at once.

:data:`FEATURES` is the single source of truth for names and column order: the
scorers, the training code and the stored outcome snapshots all go by it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from services.matching.domain.geo import coord, haversine_km
from services.matching.domain.model import Profile, Vacancy
from services.matching.domain.vocab import TOKENS

FEATURES: tuple[str, ...] = (
    "essential_coverage",  # share of the vacancy's essential skills the person has (0 if none)
    "optional_coverage",  # share of its optional skills the person has (0 if none)
    "related_coverage",  # its skills not recorded but listed by their experience occupations
    "same_occupation",  # 1 when the person worked in the vacancy's occupation
    "isco_depth",  # deepest ISCO level shared with an experience occupation, /4
    "aspiration_match",  # 1 when the vacancy's occupation is one the person aspires to
    "aspiration_isco_depth",  # deepest shared ISCO level with an aspiration, /4
    "experience_gap",  # relevant years minus required, clipped to [-10, 10] (0: none required)
    "education_gap",  # person's ISCED minus required, clipped to [-4, 4] (0: none asked/unknown)
    "education_unknown",  # 1 when the vacancy requires a level and the person's is unknown
    "language_fit",  # share of required languages spoken at the required level (1: none required)
    "distance_km",  # great-circle km, capped at 1000 (0 when unknown)
    "distance_unknown",  # 1 when either side has no location
    "wage_fit",  # (monthly wage - person's minimum) / minimum, clipped to [-1, 1]; 0 when unknown
    "vacancy_age_days",  # days since publication, clipped to [0, 365]
    "incentive_eligible",  # 1 when an active incentive of the vacancy fits the person's status
    "employer_hires",  # log(1 + placements the employer has recorded through the programme)
    "retrieval_score",  # the index score divided by the best among the retrieved (0..1)
)
COLUMN = {name: i for i, name in enumerate(FEATURES)}


@dataclass(frozen=True)
class PairContext:
    """What features need beyond the two documents, supplied by the service layer."""

    now: datetime
    hires: Callable[[str], int]
    incentive_eligible: Callable[[Profile, Vacancy], bool]


def _flat(arrays: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(row of each element, elements) of a ragged list of int arrays."""
    lengths = np.fromiter((a.size for a in arrays), dtype=np.int64, count=len(arrays))
    rows = np.repeat(np.arange(len(arrays), dtype=np.int64), lengths)
    values = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)
    return rows, values.astype(np.int64, copy=False)


def _member(
    rows: np.ndarray, ids: np.ndarray, set_rows: np.ndarray, set_ids: np.ndarray
) -> np.ndarray:
    """For each (row, id): is ``id`` in the set of that row? (sets given as (row, id) pairs)."""
    width = np.int64(len(TOKENS) + 1)
    keys = np.sort(set_rows * width + set_ids)
    wanted = rows * width + ids
    if keys.size == 0:
        return np.zeros(wanted.size, dtype=bool)
    pos = np.minimum(np.searchsorted(keys, wanted), keys.size - 1)
    return np.asarray(keys[pos] == wanted)


def _share(rows: np.ndarray, hit: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    total = np.bincount(rows, minlength=k).astype(np.float64)
    have = np.bincount(rows, weights=hit.astype(np.float64), minlength=k)
    return np.divide(have, total, out=np.zeros(k), where=total > 0), total


def _depth(level_ids: np.ndarray, rows: np.ndarray, sets: np.ndarray, k: int) -> np.ndarray:
    """Deepest ISCO level (0..4) a row's vacancy shares with the row's ISCO set (n x 4)."""
    depth = np.zeros(k)
    for level in range(4):
        vac = level_ids[:, level]
        hit = np.zeros(k, dtype=bool)
        if rows.size:
            same = (sets[:, level] == vac[rows]) & (sets[:, level] >= 0)
            hit[rows[same]] = True
        depth = np.where(hit, level + 1, depth)
    return depth


def compute(
    people: Sequence[Profile],
    vacancies: Sequence[Vacancy],
    ctx: PairContext,
    retrieval: np.ndarray | None = None,
) -> np.ndarray:
    """The K x len(FEATURES) matrix of the pairs ``(people[i], vacancies[i])``."""
    k = len(people)
    out = np.zeros((k, len(FEATURES)))
    if k == 0:
        return out
    col = COLUMN
    p_rows, p_ids = _flat([p.skill_ids for p in people])
    i_rows, i_ids = _flat([p.implied_ids for p in people])
    e_rows, e_ids = _flat([v.essential_ids for v in vacancies])
    o_rows, o_ids = _flat([v.optional_ids for v in vacancies])
    out[:, col["essential_coverage"]], _ = _share(e_rows, _member(e_rows, e_ids, p_rows, p_ids), k)
    out[:, col["optional_coverage"]], _ = _share(o_rows, _member(o_rows, o_ids, p_rows, p_ids), k)
    r_rows, r_ids = np.concatenate([e_rows, o_rows]), np.concatenate([e_ids, o_ids])
    lacking = ~_member(r_rows, r_ids, p_rows, p_ids)
    related = lacking & _member(r_rows, r_ids, i_rows, i_ids)
    out[:, col["related_coverage"]], _ = _share(r_rows, related, k)

    vac_occ = np.fromiter((v.occupation_id for v in vacancies), dtype=np.int64, count=k)
    vac_isco = np.stack([v.isco_ids for v in vacancies])
    exp = [p.experience_arrays for p in people]
    x_rows, x_occ = _flat([e[0] for e in exp])
    x_isco = np.concatenate([e[1] for e in exp]) if x_rows.size else np.zeros((0, 4), np.int64)
    x_years = np.concatenate([e[2] for e in exp]) if x_rows.size else np.zeros(0)
    same = np.zeros(k, dtype=bool)
    same[x_rows[(x_occ == vac_occ[x_rows]) & (x_occ >= 0)]] = True
    out[:, col["same_occupation"]] = same & (vac_occ >= 0)
    out[:, col["isco_depth"]] = _depth(vac_isco, x_rows, x_isco, k) / 4.0
    asp = [p.aspiration_arrays for p in people]
    a_rows, a_occ = _flat([a[0] for a in asp])
    a_isco = np.concatenate([a[1] for a in asp]) if a_rows.size else np.zeros((0, 4), np.int64)
    aspired = np.zeros(k, dtype=bool)
    aspired[a_rows[a_occ == vac_occ[a_rows]]] = True
    out[:, col["aspiration_match"]] = aspired & (vac_occ >= 0)
    out[:, col["aspiration_isco_depth"]] = _depth(vac_isco, a_rows, a_isco, k) / 4.0

    relevant = (x_occ == vac_occ[x_rows]) | (
        (x_isco[:, 3] == vac_isco[x_rows, 3]) & (x_isco[:, 3] >= 0)
    )
    years = np.bincount(x_rows, weights=x_years * relevant, minlength=k)
    need = np.array(
        [np.nan if v.experience_years is None else v.experience_years for v in vacancies]
    )
    out[:, col["experience_gap"]] = np.where(
        np.isnan(need), 0.0, np.clip(years - np.nan_to_num(need), -10, 10)
    )

    need_edu = np.array([-1 if v.education_level is None else v.education_level for v in vacancies])
    has_edu = np.array([-1 if p.education_level is None else p.education_level for p in people])
    known = (need_edu >= 0) & (has_edu >= 0)
    out[:, col["education_gap"]] = np.where(known, np.clip(has_edu - need_edu, -4, 4), 0)
    out[:, col["education_unknown"]] = (need_edu >= 0) & (has_edu < 0)

    out[:, col["language_fit"]] = _language_fit(people, vacancies, k)

    plat = np.array([coord(p.lat) for p in people])
    plon = np.array([coord(p.lon) for p in people])
    vlat = np.array([coord(v.lat) for v in vacancies])
    vlon = np.array([coord(v.lon) for v in vacancies])
    dist = haversine_km(plat, plon, vlat, vlon)
    out[:, col["distance_km"]] = np.where(np.isnan(dist), 0.0, np.minimum(dist, 1000.0))
    out[:, col["distance_unknown"]] = np.isnan(dist)

    wage = np.array([np.nan if v.monthly_wage is None else v.monthly_wage for v in vacancies])
    floor = np.array([np.nan if p.min_monthly_wage is None else p.min_monthly_wage for p in people])
    ok = ~np.isnan(wage) & ~np.isnan(floor) & (np.nan_to_num(floor) > 0)
    ratio = np.divide(wage - floor, floor, out=np.zeros(k), where=ok)
    out[:, col["wage_fit"]] = np.where(ok, np.clip(ratio, -1, 1), 0.0)

    now = ctx.now.timestamp()
    published = np.array(
        [now if v.published_at is None else v.published_at.timestamp() for v in vacancies]
    )
    out[:, col["vacancy_age_days"]] = np.clip((now - published) / 86400.0, 0, 365)
    out[:, col["incentive_eligible"]] = [
        ctx.incentive_eligible(p, v) for p, v in zip(people, vacancies, strict=True)
    ]
    out[:, col["employer_hires"]] = np.log1p([ctx.hires(v.employer_id) for v in vacancies])
    if retrieval is not None and retrieval.size == k:
        best = float(np.max(retrieval)) if k else 0.0
        out[:, col["retrieval_score"]] = retrieval / best if best > 0 else 0.0
    return out


def _language_fit(people: Sequence[Profile], vacancies: Sequence[Vacancy], k: int) -> np.ndarray:
    """Share of each vacancy's required languages the person speaks at the level (1: none)."""
    req = [v.language_arrays for v in vacancies]
    q_rows, q_ids = _flat([r[0] for r in req])
    if q_rows.size == 0:
        return np.ones(k)
    q_level = np.concatenate([r[1] for r in req])
    spoken = [p.language_arrays for p in people]
    s_rows, s_ids = _flat([s[0] for s in spoken])
    s_level = np.concatenate([s[1] for s in spoken]) if s_rows.size else np.zeros(0, np.int64)
    width = np.int64(len(TOKENS) + 1)
    keys = s_rows * width + s_ids
    order = np.argsort(keys)
    keys, s_level = keys[order], s_level[order]
    wanted = q_rows * width + q_ids
    have = np.zeros(wanted.size, dtype=np.int64)
    if keys.size:
        pos = np.minimum(np.searchsorted(keys, wanted), keys.size - 1)
        have = np.where(keys[pos] == wanted, s_level[pos], 0)
    met = have >= q_level
    share, total = _share(q_rows, met, k)
    return np.where(total > 0, share, 1.0)


def as_dict(row: np.ndarray) -> dict[str, float]:
    """One feature row as ``{name: value}`` (what outcomes store for training)."""
    return {name: float(row[i]) for i, name in enumerate(FEATURES)}


def from_dicts(rows: Sequence[dict[str, float]], names: Sequence[str] = FEATURES) -> np.ndarray:
    """Stored ``{name: value}`` snapshots -> a matrix over ``names`` (missing names are 0)."""
    return np.array(
        [[float(r.get(n, 0.0)) for n in names] for r in rows], dtype=np.float64
    ).reshape(len(rows), len(names))
