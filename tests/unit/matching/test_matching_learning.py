"""Labels from outcomes, the time split, NDCG and AUC, and training with its activation rule."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import insert

from services.matching.adapters.tables import outcomes
from services.matching.domain import learning
from services.matching.domain.features import FEATURES
from services.matching.service_layer import training
from services.matching.testing import NOW
from shared.auth.tokens import Principal
from shared.errors import Conflict, Forbidden

ADMIN, PM = Principal(role="admin"), Principal(role="programme_manager")


def outcome(r: str, v: str, stage: str, day: int, features: dict | None = None) -> dict:  # type: ignore[type-arg]
    return {
        "returnee_id": r,
        "vacancy_id": v,
        "stage": stage,
        "at": NOW + timedelta(days=day),
        "features": {"essential_coverage": 0.5} if features is None else features,
    }


def test_labels_of_pairs() -> None:
    rows = [
        outcome("a", "1", "shown", 0),
        outcome("a", "1", "applied", 1),
        outcome("a", "1", "hired", 2),
        outcome("a", "2", "shown", 0),
        outcome("a", "2", "interviewed", 3),
        outcome("a", "3", "shown", 0),
        outcome("a", "3", "applied", 1),
        outcome("a", "3", "rejected", 2),
        outcome("a", "4", "shown", 0),
        outcome("a", "5", "shown", 0),
        outcome("a", "5", "applied", 1),  # no result yet
        outcome("a", "6", "shown", 0, features={}),  # no feature snapshot
    ]
    got = {(e.vacancy_id, e.label, e.grade) for e in learning.examples(rows)}
    assert got == {("1", 1, 2), ("2", 1, 1), ("3", 0, 0), ("4", 0, 0)}


def test_time_split_keeps_the_newest_for_testing() -> None:
    rows = [outcome(str(i), "v", "shown", i) for i in range(10)]
    fit, test = learning.time_split(learning.examples(rows), holdout=0.2)
    assert [e.returnee_id for e in test] == ["8", "9"] and len(fit) == 8


def test_ndcg_and_auc() -> None:
    grades = np.array([2, 0, 1, 0])
    groups = ["p"] * 4
    assert learning.ndcg_at(np.array([4.0, 1, 3, 2]), grades, groups) == pytest.approx(1.0)
    assert learning.ndcg_at(np.array([1.0, 4, 2, 3]), grades, groups) < 0.7
    labels = (grades > 0).astype(int)
    assert learning.auc(np.array([4.0, 1, 3, 2]), labels) == 1.0
    assert learning.auc(np.array([1.0, 4, 2, 3]), labels) == 0.0
    assert learning.auc(np.array([1.0, 2]), np.array([1, 1])) is None


def seed(c, people: int = 60, per_person: int = 5) -> None:  # type: ignore[no-untyped-def]
    """Outcomes where, unlike the prior's belief, employers with a hiring record never hire."""
    rng = np.random.default_rng(0)
    rows = []
    for p in range(people):
        for v in range(per_person):
            hires = float(rng.integers(0, 2))
            feats = {n: 0.0 for n in FEATURES} | {
                "essential_coverage": float(rng.uniform(0.3, 0.9)),
                "language_fit": 1.0,
                "employer_hires": hires,
            }
            stages = ["shown", "hired"] if hires == 0 else ["shown", "rejected"]
            for s, stage in enumerate(stages):
                rows.append(
                    {
                        "id": f"{p}-{v}-{s}",
                        "returnee_id": f"r{p:03}",
                        "vacancy_id": f"v{v}",
                        "stage": stage,
                        "at": NOW + timedelta(days=p, hours=s),
                        "recorded_at": NOW,
                        "recorded_by": "counsellor",
                        "features": feats,
                    }
                )
    with c.runtime.engine.begin() as conn:
        conn.execute(insert(outcomes), rows)


def test_training_stores_a_version_and_activates_it_when_it_beats_the_prior(container) -> None:  # type: ignore[no-untyped-def]
    seed(container)
    result = training.train(container, PM)
    assert result["active"] is True and result["forced"] is False
    assert result["name"] == "logistic_regression"
    assert result["metrics"]["ndcg_at_10"] > result["metrics"]["baseline"]["ndcg_at_10"]
    assert result["metrics"]["baseline"]["version"] == "prior-1"
    assert result["metrics"]["auc"] > 0.9
    assert container.model.get().info.version == result["version"]
    listed = training.list_models(container)
    assert [m["version"] for m in listed["items"] if m["active"]] == [result["version"]]
    # a second model is no better than the active one: stored, not activated
    again = training.train(container, PM)
    assert again["active"] is False
    assert container.model.get().info.version == result["version"]
    # rolling back to the prior
    training.activate(container, "prior-1")
    assert container.model.get().info.version == "prior-1"


def test_the_active_model_survives_a_restart(make_container, container) -> None:  # type: ignore[no-untyped-def]
    seed(container)
    version = training.train(container, PM)["version"]
    assert make_container().model.get().info.version == version


def test_only_an_admin_may_force_and_little_data_is_refused(container) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Conflict):
        training.train(container, ADMIN)
    seed(container, people=30)
    with pytest.raises(Forbidden):
        training.train(container, PM, force=True)
    forced = training.train(container, ADMIN, force=True)
    assert forced["active"] is True
