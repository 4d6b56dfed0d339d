"""Model versions: train from outcomes, compare on a time-split hold-out, activate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import select

from services.matching.adapters import model_store
from services.matching.adapters.scorers import SklearnScorer, scorer_from_row
from services.matching.adapters.tables import outcomes
from services.matching.domain import learning
from services.matching.domain.features import FEATURES, from_dicts
from services.matching.ports import ModelInfo, Scorer
from shared.auth.tokens import Principal
from shared.errors import Conflict, Forbidden, NotFound
from shared.messages import new_id

if TYPE_CHECKING:
    from services.matching.bootstrap import MatchingContainer

MIN_EXAMPLES = 20
BOOSTING_FROM = 2000  # below this many examples a regularised linear model generalises better


def list_models(c: MatchingContainer) -> dict[str, Any]:
    """Every stored version (newest first) and the one answering now."""
    with c.runtime.engine.connect() as conn:
        items = model_store.list_models(conn)
    info = c.model.get().info
    return {"items": items, "active": {"name": info.name, "version": info.version}}


def _estimator(n: int) -> tuple[str, Any]:
    if n >= BOOSTING_FROM:
        from sklearn.ensemble import HistGradientBoostingClassifier

        return "hist_gradient_boosting", HistGradientBoostingClassifier(
            max_iter=200, learning_rate=0.1, early_stopping=True, random_state=0
        )
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return "logistic_regression", make_pipeline(
        StandardScaler(), LogisticRegression(C=1.0, max_iter=1000)
    )


def _evaluate(scorer: Scorer, test: list[learning.Example]) -> dict[str, float | None]:
    x = from_dicts([e.features for e in test])
    scores = scorer.score(x, FEATURES)
    grades = np.array([e.grade for e in test])
    labels = np.array([e.label for e in test])
    groups = [e.returnee_id for e in test]
    return {
        "ndcg_at_10": learning.ndcg_at(scores, grades, groups, 10),
        "auc": learning.auc(scores, labels),
    }


def train(c: MatchingContainer, actor: Principal, force: bool = False) -> dict[str, Any]:
    """Fit a model on the older 80% of labelled pairs, test it on the newest 20%, and
    activate it if its NDCG@10 beats the active model's on the same pairs (or ``force``,
    admins only). Every trained version is stored, active or not."""
    if force and not actor.is_admin:
        raise Forbidden("only an admin may force a model into use")
    query = select(
        outcomes.c.returnee_id,
        outcomes.c.vacancy_id,
        outcomes.c.stage,
        outcomes.c.at,
        outcomes.c.features,
    )
    with c.runtime.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    data = learning.examples(rows)
    fit_on, test = learning.time_split(data)
    labels = {e.label for e in fit_on}
    if len(fit_on) < MIN_EXAMPLES or labels != {0, 1} or {e.label for e in test} != {0, 1}:
        raise Conflict(
            f"not enough labelled outcomes to train: {len(data)} pairs "
            f"(need {MIN_EXAMPLES} for training with both positives and negatives in each split)"
        )
    kind, estimator = _estimator(len(fit_on))
    estimator.fit(from_dicts([e.features for e in fit_on]), np.array([e.label for e in fit_on]))
    created = c.now()
    version = f"{kind.split('_')[0]}-{created:%Y%m%d%H%M%S}-{new_id()[:6]}"
    candidate = SklearnScorer(ModelInfo(kind, version), estimator, FEATURES)
    baseline = c.model.get()
    mine, theirs = _evaluate(candidate, test), _evaluate(baseline, test)
    metrics: dict[str, Any] = {
        **mine,
        "baseline": {"version": baseline.info.version, **theirs},
        "train_pairs": len(fit_on),
        "test_pairs": len(test),
        "positives": sum(e.label for e in data),
        "test_from": test[0].at.isoformat(),
    }
    better = float(mine["ndcg_at_10"] or 0.0) > float(theirs["ndcg_at_10"] or 0.0)
    row = {
        "version": version,
        "name": kind,
        "kind": "sklearn",
        "created_at": created,
        "metrics": metrics,
        "features": list(FEATURES),
        "blob": candidate.blob(),
    }
    with c.runtime.engine.begin() as conn:
        model_store.add_model(conn, row)
        if better or force:
            model_store.activate(conn, version)
    if better or force:
        c.model.set(candidate)
    public = {k: v for k, v in row.items() if k != "blob"}
    return {**public, "active": better or force, "forced": force and not better}


def activate(c: MatchingContainer, version: str) -> dict[str, Any]:
    """Make a stored version the active one (admin; e.g. to roll back to ``prior-1``)."""
    with c.runtime.engine.begin() as conn:
        row = model_store.get_model(conn, version)
        if row is None:
            raise NotFound("no such model version")
        scorer = scorer_from_row(row)
        model_store.activate(conn, version)
    c.model.set(scorer)
    return {k: v for k, v in {**row, "active": True}.items() if k != "blob"}
