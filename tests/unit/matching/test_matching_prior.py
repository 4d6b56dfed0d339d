"""The prior scorer: transparent, bounded, monotone in what should help or hurt."""

from __future__ import annotations

import numpy as np

from services.matching.adapters.scorers import PRIOR_BIAS, PriorScorer
from services.matching.domain.features import COLUMN, FEATURES


def base(n: int = 1) -> np.ndarray:
    x = np.zeros((n, len(FEATURES)))
    x[:, COLUMN["language_fit"]] = 1.0
    return x


def test_names_itself_prior_1() -> None:
    assert (PriorScorer.info.name, PriorScorer.info.version) == ("prior", "prior-1")


def test_scores_lie_in_zero_one_and_follow_the_weights() -> None:
    x = base(1)
    score = PriorScorer().score(x, FEATURES)[0]
    assert 0.0 < score < 1.0
    assert score == np.float64(1 / (1 + np.exp(-(PRIOR_BIAS + 0.5))))


def test_more_essential_skills_score_higher() -> None:
    x = base(3)
    x[:, COLUMN["essential_coverage"]] = [0.2, 0.6, 1.0]
    s = PriorScorer().score(x, FEATURES)
    assert s[0] < s[1] < s[2]


def test_essential_weighs_more_than_optional() -> None:
    x = base(2)
    x[0, COLUMN["essential_coverage"]] = 1.0
    x[1, COLUMN["optional_coverage"]] = 1.0
    s = PriorScorer().score(x, FEATURES)
    assert s[0] > s[1]


def test_distance_costs_up_to_a_cap() -> None:
    x = base(4)
    x[:, COLUMN["distance_km"]] = [0, 20, 100, 900]
    s = PriorScorer().score(x, FEATURES)
    assert s[0] > s[1] > s[2]
    assert s[2] == s[3]  # beyond 100 km distance no longer matters (only reach filters)


def test_missing_columns_count_as_zero_and_extra_ones_are_ignored() -> None:
    x = base(1)
    x[0, COLUMN["essential_coverage"]] = 0.5
    names = ["essential_coverage", "language_fit", "not_a_feature"]
    sub = np.array([[0.5, 1.0, 99.0]])
    assert PriorScorer().score(sub, names)[0] == PriorScorer().score(x, FEATURES)[0]
