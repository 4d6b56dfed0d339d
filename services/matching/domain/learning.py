"""Training data from outcomes, the time split, and the ranking metrics (NDCG@k, AUC).

A (person, vacancy) pair is one example. Positive: interviewed (grade 1), hired or
later left the job (grade 2). Negative: rejected, or shown (or saved) and never
applied. Applied without a result yet is unlabelled and left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from scipy.stats import rankdata

GRADES = {"interviewed": 1, "hired": 2, "left_job": 2}
ENGAGED = {"applied", "interviewed", "hired", "left_job"}


@dataclass(frozen=True)
class Example:
    """One labelled pair: when it was first seen, its features, its label and grade."""

    returnee_id: str
    vacancy_id: str
    at: datetime
    features: dict[str, float]
    label: int
    grade: int


def examples(rows: Iterable[dict[str, Any]]) -> list[Example]:
    """Label the pairs of outcome rows (``returnee_id, vacancy_id, stage, at, features``)."""
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        pairs.setdefault((row["returnee_id"], row["vacancy_id"]), []).append(row)
    out: list[Example] = []
    for (returnee, vacancy), group in pairs.items():
        group.sort(key=lambda r: r["at"])
        snapshot = next((r["features"] for r in group if r.get("features")), None)
        if snapshot is None:
            continue
        stages = {r["stage"] for r in group}
        grade = max((GRADES.get(s, 0) for s in stages), default=0)
        if grade:
            label = 1
        elif "rejected" in stages or not stages & ENGAGED:
            label = 0
        else:
            continue
        out.append(Example(returnee, vacancy, group[0]["at"], snapshot, label, grade))
    return out


def time_split(
    items: Sequence[Example], holdout: float = 0.2
) -> tuple[list[Example], list[Example]]:
    """The oldest ``1 - holdout`` for training, the newest for testing."""
    ordered = sorted(items, key=lambda e: (e.at, e.returnee_id, e.vacancy_id))
    cut = int(round(len(ordered) * (1.0 - holdout)))
    return ordered[:cut], ordered[cut:]


def ndcg_at(scores: np.ndarray, grades: np.ndarray, groups: Sequence[str], k: int = 10) -> float:
    """Mean NDCG@k over groups (one person's list each) that hold a positive."""
    by_group: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        by_group.setdefault(g, []).append(i)
    values = []
    discount = 1.0 / np.log2(np.arange(2, k + 2))
    for idx in by_group.values():
        rel = grades[idx].astype(float)
        if rel.max(initial=0) <= 0:
            continue
        order = np.lexsort((np.arange(len(idx)), -scores[idx]))[:k]
        gains = (2.0 ** rel[order] - 1.0) @ discount[: order.size]
        ideal_rel = np.sort(rel)[::-1][:k]
        ideal = (2.0**ideal_rel - 1.0) @ discount[: ideal_rel.size]
        values.append(gains / ideal)
    return float(np.mean(values)) if values else 0.0


def auc(scores: np.ndarray, labels: np.ndarray) -> float | None:
    """Area under the ROC curve (ties count half); None without both classes."""
    pos, neg = scores[labels == 1], scores[labels == 0]
    if pos.size == 0 or neg.size == 0:
        return None
    ranks = rankdata(np.concatenate([pos, neg]))
    return float((ranks[: pos.size].sum() - pos.size * (pos.size + 1) / 2) / (pos.size * neg.size))
