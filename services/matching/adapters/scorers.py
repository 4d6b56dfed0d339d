"""Scorers: the transparent prior (set weights) and trained scikit-learn models.

Both take feature rows named by :data:`services.matching.domain.features.FEATURES`
and return scores in [0, 1]; a trained model replaces the prior only when it wins on a
time-split hold-out (see :mod:`services.matching.service_layer.training`).
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from services.matching.ports import ModelInfo, Scorer

PRIOR_NAME, PRIOR_VERSION = "prior", "prior-1"
PRIOR_BIAS = -2.5
PRIOR_TERMS: dict[str, tuple[float, float, float]] = {
    # feature: (weight, low clip, high clip). Skills weigh most, essential above optional;
    # experience in the same occupation or ISCO group, languages and aspirations next;
    # distance costs 0.1 per 10 km up to 100 km; incentives and a hiring record help a bit.
    "essential_coverage": (3.0, 0.0, 1.0),
    "optional_coverage": (1.0, 0.0, 1.0),
    "related_coverage": (0.8, 0.0, 1.0),
    "same_occupation": (1.0, 0.0, 1.0),
    "isco_depth": (1.0, 0.0, 1.0),
    "aspiration_match": (0.8, 0.0, 1.0),
    "aspiration_isco_depth": (0.3, 0.0, 1.0),
    "experience_gap": (0.1, -5.0, 2.0),
    "education_gap": (0.15, -3.0, 1.0),
    "education_unknown": (-0.3, 0.0, 1.0),
    "language_fit": (0.5, 0.0, 1.0),
    "distance_km": (-0.01, 0.0, 100.0),
    "distance_unknown": (-0.1, 0.0, 1.0),
    "wage_fit": (0.5, -1.0, 0.5),
    "vacancy_age_days": (-0.002, 0.0, 180.0),
    "incentive_eligible": (0.4, 0.0, 1.0),
    "employer_hires": (0.2, 0.0, 3.0),
    "retrieval_score": (0.5, 0.0, 1.0),
}


def _columns(features: np.ndarray, names: Sequence[str], wanted: Sequence[str]) -> np.ndarray:
    """The columns ``wanted`` of ``features`` (missing ones are zeros)."""
    pos = {n: i for i, n in enumerate(names)}
    out = np.zeros((features.shape[0], len(wanted)))
    for j, name in enumerate(wanted):
        if name in pos:
            out[:, j] = features[:, pos[name]]
    return out


class PriorScorer:
    """``sigmoid(PRIOR_BIAS + sum(weight * clip(feature)))`` with the weights of PRIOR_TERMS."""

    info = ModelInfo(PRIOR_NAME, PRIOR_VERSION)

    def score(self, features: np.ndarray, feature_names: Sequence[str]) -> np.ndarray:
        """See :meth:`Scorer.score`."""
        names = list(PRIOR_TERMS)
        x = _columns(features, feature_names, names)
        weights = np.array([PRIOR_TERMS[n][0] for n in names])
        low = np.array([PRIOR_TERMS[n][1] for n in names])
        high = np.array([PRIOR_TERMS[n][2] for n in names])
        z = PRIOR_BIAS + np.clip(x, low, high) @ weights
        return np.asarray(1.0 / (1.0 + np.exp(-z)))


class SklearnScorer:
    """A fitted scikit-learn classifier over its own list of features."""

    def __init__(self, info: ModelInfo, estimator: Any, feature_names: Sequence[str]) -> None:
        self.info = info
        self.estimator = estimator
        self.feature_names = list(feature_names)

    def score(self, features: np.ndarray, feature_names: Sequence[str]) -> np.ndarray:
        """See :meth:`Scorer.score` (the positive class probability)."""
        if features.shape[0] == 0:
            return np.zeros(0)
        x = _columns(features, feature_names, self.feature_names)
        return np.asarray(self.estimator.predict_proba(x)[:, 1])

    def blob(self) -> bytes:
        """The estimator, serialised for the model store."""
        return pickle.dumps(self.estimator, protocol=pickle.HIGHEST_PROTOCOL)


def scorer_from_row(row: dict[str, Any]) -> Scorer:
    """Rebuild a stored model (``models`` row) as a scorer."""
    info = ModelInfo(row["name"], row["version"])
    if row["kind"] == "prior":
        return PriorScorer()
    # the blob comes only from this service's own store, written by its training code
    estimator = pickle.loads(row["blob"])  # noqa: S301
    return SklearnScorer(info, estimator, row["features"])


class ActiveModel:
    """The scorer every answer uses now; swapped atomically on activation."""

    def __init__(self, scorer: Scorer | None = None) -> None:
        self._scorer: Scorer = scorer or PriorScorer()
        self._lock = threading.Lock()

    def get(self) -> Scorer:
        """The active scorer."""
        return self._scorer

    def set(self, scorer: Scorer) -> None:
        """Make ``scorer`` the active one."""
        with self._lock:
            self._scorer = scorer
