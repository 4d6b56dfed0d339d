"""The matching service's tables (SQLAlchemy Core): read models, outcomes, model versions.

Read models keep each event's snapshot (``data``) with its entity version, for
last-write-wins and for rebuilding the index at start.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
)

from shared.db.types import UtcDateTime

metadata = MetaData()


def _read_model(name: str, *extra: Column) -> Table:  # type: ignore[type-arg]
    return Table(
        name,
        metadata,
        Column("id", String(64), primary_key=True),
        Column("version", Integer, nullable=False),
        Column("data", JSON, nullable=False),
        Column("updated_at", UtcDateTime(), nullable=False),
        *extra,
    )


vacancies = _read_model("vacancies", Column("employer_id", String(64), index=True))
employers = _read_model("employers")
incentive_schemes = _read_model("incentive_schemes")
placements = _read_model(
    "placements",
    Column("employer_id", String(64), index=True),
    Column("returnee_id", String(80), index=True),
)
profiles = _read_model("profiles", Column("centre_id", String(64), index=True))

erased_profiles = Table(
    "erased_profiles",
    metadata,
    # a hash, not the id: enough to ignore late events, no link back to the person
    Column("id_hash", String(64), primary_key=True),
    Column("erased_at", UtcDateTime(), nullable=False),
)

taxonomy_labels = Table(
    "taxonomy_labels",
    metadata,
    Column("uri", String(300), primary_key=True),
    Column("lang", String(8), primary_key=True),
    Column("label", String(300), primary_key=True),
)

outcomes = Table(
    "outcomes",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("returnee_id", String(80), nullable=False, index=True),
    Column("vacancy_id", String(64), nullable=False, index=True),
    Column("stage", String(20), nullable=False),
    Column("at", UtcDateTime(), nullable=False, index=True),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Column("recorded_by", String(40), nullable=False),
    Column("model_name", String(60)),
    Column("model_version", String(60)),
    Column("features", JSON),  # the pair's features when recorded (training data)
)

models = Table(
    "models",
    metadata,
    Column("version", String(60), primary_key=True),
    Column("name", String(60), nullable=False),
    Column("kind", String(60), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("metrics", JSON, nullable=False),
    Column("features", JSON, nullable=False),
    Column("active", Boolean, nullable=False, default=False),
    Column("blob", LargeBinary),
)
