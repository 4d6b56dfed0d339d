"""The ``models`` table: versions of scorers, their metrics, and which one is active."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from services.matching.adapters.scorers import PRIOR_NAME, PRIOR_TERMS, PRIOR_VERSION
from services.matching.adapters.tables import models
from services.matching.domain.features import FEATURES
from shared.db.rows import as_dict
from shared.messages import utcnow

PUBLIC = [c for c in models.c if c.name != "blob"]


def ensure_prior(conn: Connection) -> None:
    """Store the prior as a model version; make it active when nothing else is."""
    found = conn.execute(select(models.c.version).where(models.c.version == PRIOR_VERSION)).first()
    if found is None:
        any_active = conn.execute(select(models.c.version).where(models.c.active.is_(True))).first()
        conn.execute(
            insert(models).values(
                version=PRIOR_VERSION,
                name=PRIOR_NAME,
                kind="prior",
                created_at=utcnow(),
                metrics={"weights": {k: v[0] for k, v in PRIOR_TERMS.items()}},
                features=list(FEATURES),
                active=any_active is None,
                blob=None,
            )
        )


def list_models(conn: Connection) -> list[dict[str, Any]]:
    """Every stored version, newest first (without the blobs)."""
    rows = conn.execute(select(*PUBLIC).order_by(models.c.created_at.desc(), models.c.version))
    return [as_dict(r) for r in rows]


def get_model(conn: Connection, version: str) -> dict[str, Any] | None:
    """One stored version with its blob, or None."""
    row = conn.execute(select(models).where(models.c.version == version)).first()
    return None if row is None else as_dict(row)


def active_model(conn: Connection) -> dict[str, Any] | None:
    """The active version with its blob, or None."""
    row = conn.execute(select(models).where(models.c.active.is_(True))).first()
    return None if row is None else as_dict(row)


def add_model(conn: Connection, row: dict[str, Any]) -> None:
    """Store a new version (inactive; see :func:`activate`)."""
    conn.execute(insert(models).values(**{**row, "active": False}))


def activate(conn: Connection, version: str) -> None:
    """Make ``version`` the only active model."""
    conn.execute(update(models).where(models.c.active.is_(True)).values(active=False))
    conn.execute(update(models).where(models.c.version == version).values(active=True))
