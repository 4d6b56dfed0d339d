"""(a) Ranking quality on a benchmark drawn from the ESCO occupation-skill relations.

Occupations are drawn in clusters so that every relevance grade occurs: random 3-digit
ISCO groups, up to 3 of their 4-digit groups, up to 4 occupations of each, until
``N_OCCUPATIONS``. Vacancies take a random occupation of that pool (see
:func:`bench.corpus.vacancy`: essential skills with 30% dropped, 3 optional ones, a title
from the occupation's labels, a one-sentence text); people take an occupation that has
vacancies (:func:`bench.corpus.person`: 60% of its essential and 20% of its optional skills
kept, 3 random skills added, 1-10 years in it). No places, languages or education, so
no filter removes anything and only the ranking is measured.

Graded relevance of a vacancy for a person: 3 same occupation, 2 same 4-digit ISCO
group, 1 same 3-digit group, 0 otherwise (the 2-digit level is not graded).
NDCG@10 uses gains 2^rel - 1 and the ideal ordering of all vacancies; MRR is the mean
reciprocal rank of the first relevance-3 vacancy within the first ``DEPTH`` (0 if none).
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from bench import corpus
from bench.common import taxonomy
from services.matching.bootstrap import MatchingContainer, bootstrap
from services.matching.domain.model import Profile
from services.matching.ports import VacancyFilters
from services.matching.service_layer.matching import top_vacancies
from shared.config import Settings
from shared.messages import utcnow

SEED = 20250601
N_VACANCIES = 2000
N_PEOPLE = 300
N_OCCUPATIONS = 400
DEPTH = 100
Ranker = Callable[[Profile], list[str]]


def draw_occupations(
    rng: random.Random, specs: list[corpus.OccupationSpec], n: int
) -> list[corpus.OccupationSpec]:
    """About ``n`` occupations clustered by ISCO group (see the module docstring)."""
    tree: dict[str, dict[str, list[corpus.OccupationSpec]]] = {}
    for spec in specs:
        tree.setdefault(spec.isco[:3], {}).setdefault(spec.isco, []).append(spec)
    minor = sorted(tree)
    rng.shuffle(minor)
    chosen: list[corpus.OccupationSpec] = []
    for code3 in minor:
        units = sorted(tree[code3])
        rng.shuffle(units)
        for code4 in units[:3]:
            members = tree[code3][code4]
            chosen += rng.sample(members, min(4, len(members)))
        if len(chosen) >= n:
            break
    return chosen


def ndcg_at(rel_ranked: np.ndarray, rel_all: np.ndarray, k: int = 10) -> float:
    """NDCG@k of one ranking (relevances in ranked order) against the ideal over all."""
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    gains = (2.0 ** rel_ranked[:k]) - 1.0
    ideal = (2.0 ** np.sort(rel_all)[::-1][:k]) - 1.0
    best = float(np.sum(ideal * discounts[: ideal.size]))
    return float(np.sum(gains * discounts[: gains.size])) / best if best > 0 else 0.0


def reciprocal_rank(rel_ranked: np.ndarray, grade: int = 3) -> float:
    """1 / rank of the first vacancy of relevance ``grade`` (0 when none is ranked)."""
    hits = np.flatnonzero(rel_ranked >= grade)
    return 1.0 / (hits[0] + 1) if hits.size else 0.0


def _container(var: Path) -> MatchingContainer:
    settings = Settings(var_dir=var, seed_demo=False, admin_token="bench-quality-admin-token")
    return bootstrap(settings, taxonomy())


def _rankers(c: MatchingContainer, vac_ids: list[str]) -> dict[str, Ranker]:
    now = utcnow()
    vac_skills = [set(c.reads.vacancies[v].skills) for v in vac_ids]
    order = np.argsort(np.asarray(vac_ids))

    def pipeline(p: Profile) -> list[str]:
        return [v.id for v in top_vacancies(c, p, DEPTH)[0]]

    def retrieval(p: Profile) -> list[str]:
        return [h.id for h in c.index.vacancies_for(p, now, DEPTH)]

    def bm25(p: Profile) -> list[str]:
        return c.index.search_vacancies(p.text, VacancyFilters(), now, 1, DEPTH).ids

    def overlap(p: Profile) -> list[str]:
        mine = p.skill_set
        score = np.array([len(mine & s) / len(mine | s) if s else 0.0 for s in vac_skills])
        ranked = order[np.argsort(-score[order], kind="stable")]  # ties: id ascending
        return [vac_ids[i] for i in ranked[:DEPTH] if score[i] > 0]

    return {
        "full_pipeline": pipeline,
        "retrieval_only": retrieval,
        "bm25_text_only": bm25,
        "skill_overlap_only": overlap,
    }


def _evaluate(
    c: MatchingContainer,
    rankers: dict[str, Ranker],
    people: list[tuple[str, corpus.OccupationSpec]],
    vac_ids: list[str],
    vac_occ: list[corpus.OccupationSpec],
) -> dict[str, Any]:
    """Mean NDCG@10, MRR and time per query of each ranker over ``people``."""
    position = {v: i for i, v in enumerate(vac_ids)}
    v_uri = np.array([o.uri for o in vac_occ])
    v_isco = np.array([o.isco for o in vac_occ])
    scores: dict[str, dict[str, list[float]]] = {m: {"ndcg": [], "rr": []} for m in rankers}
    spent = dict.fromkeys(rankers, 0.0)
    for returnee_id, occ in people:
        profile = c.reads.profiles[returnee_id]
        same4 = np.where(v_isco == occ.isco, 2, np.char.startswith(v_isco, occ.isco[:3]) * 1)
        rel = np.where(v_uri == occ.uri, 3, same4)
        for name, ranker in rankers.items():
            t0 = time.perf_counter()
            ranked = ranker(profile)
            spent[name] += time.perf_counter() - t0
            rel_ranked = rel[[position[v] for v in ranked]] if ranked else np.zeros(0)
            scores[name]["ndcg"].append(ndcg_at(rel_ranked, rel))
            scores[name]["rr"].append(reciprocal_rank(rel_ranked))
    return {
        name: {
            "ndcg@10": round(float(np.mean(s["ndcg"])), 4),
            f"mrr@{DEPTH}": round(float(np.mean(s["rr"])), 4),
            "ms_per_query": round(1000 * spent[name] / len(people), 2),
        }
        for name, s in scores.items()
    }


def run(
    n_vacancies: int = N_VACANCIES, n_people: int = N_PEOPLE, seed: int = SEED
) -> dict[str, Any]:
    """Draw the benchmark, load it into a matching container, score four rankers.

    ``methods`` are for the people as specified (skills and experience in their
    occupation); ``methods_skills_only`` for the same people without the experience
    (an occupation not recorded yet), which leaves the skills to do the work.
    """
    rng = random.Random(seed)
    tax = taxonomy()
    specs = draw_occupations(rng, corpus.occupations(tax), N_OCCUPATIONS)
    pool = corpus.skill_pool(corpus.occupations(tax))
    now = utcnow()
    vac_occ = [rng.choice(specs) for _ in range(n_vacancies)]
    vacancies = [
        corpus.vacancy(rng, occ, f"v{i:05d}", now, employer_id=f"e{i % 50}", realistic=False)
        for i, occ in enumerate(vac_occ)
    ]
    used = sorted({o.uri for o in vac_occ})
    by_uri = {o.uri: o for o in specs}
    person_occ = [by_uri[rng.choice(used)] for _ in range(n_people)]
    people = [
        corpus.person(rng, occ, f"r{i:04d}", pool, realistic=False)
        for i, occ in enumerate(person_occ)
    ]
    unknown = [{**p, "id": p["id"] + "s", "experience": []} for p in people]
    with tempfile.TemporaryDirectory(prefix="jisr-bench-quality-") as tmp:
        c = _container(Path(tmp))
        started = time.perf_counter()
        corpus.put(c, vacancies, people + unknown)
        corpus.reindex(c)
        load_s = time.perf_counter() - started
        vac_ids = [v["id"] for v in vacancies]
        rankers = _rankers(c, vac_ids)
        runs = {
            key: _evaluate(
                c,
                rankers,
                [(p["id"], o) for p, o in zip(group, person_occ, strict=True)],
                vac_ids,
                vac_occ,
            )
            for key, group in (("methods", people), ("methods_skills_only", unknown))
        }
        c.runtime.engine.dispose()
    grades = {g: 0 for g in (3, 2, 1)}
    for occ in person_occ:
        grades[3] += sum(o.uri == occ.uri for o in vac_occ)
        grades[2] += sum(o.isco == occ.isco and o.uri != occ.uri for o in vac_occ)
        grades[1] += sum(o.isco[:3] == occ.isco[:3] and o.isco != occ.isco for o in vac_occ)
    return {
        "seed": seed,
        "vacancies": n_vacancies,
        "people": n_people,
        "occupations": len(specs),
        "relevant_per_person": {str(g): round(n / n_people, 1) for g, n in grades.items()},
        "relevance": "3 same occupation, 2 same ISCO-4, 1 same ISCO-3, else 0",
        "load_and_index_s": round(load_s, 2),
        **runs,
    }
