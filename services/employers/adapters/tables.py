"""The employers service's tables (SQLAlchemy Core); nested parts are stored as JSON."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from shared.db.types import UtcDateTime

metadata = MetaData()


def _audit_columns() -> list[Column]:  # type: ignore[type-arg]
    return [
        Column("version", Integer, nullable=False, default=1),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("updated_at", UtcDateTime(), nullable=False),
    ]


employers = Table(
    "employers",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("sector", String(200)),
    Column("isic", String(8)),
    Column("size", String(10)),
    Column("location", JSON),
    Column("contact", JSON),
    Column("engagement_level", String(20), nullable=False),
    *_audit_columns(),
)

fairs = Table(
    "fairs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("city", String(120)),
    Column("starts_on", Date),
    Column("ends_on", Date),
    *_audit_columns(),
)

partnerships = Table(
    "partnerships",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("employer_id", String(32), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("starts_on", Date),
    Column("ends_on", Date),
    Column("notes", Text),
    *_audit_columns(),
)

incentive_schemes = Table(
    "incentive_schemes",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("type", String(30), nullable=False),
    Column("employer_id", String(32), index=True),
    Column("status", String(20), nullable=False),
    Column("eligibility", String(40), nullable=False),
    Column("terms", JSON, nullable=False),
    Column("occupations", JSON, nullable=False),
    Column("skills", JSON, nullable=False),
    Column("budget_total", Float),
    Column("budget_committed", Float, nullable=False, default=0.0),
    Column("currency", String(3)),
    Column("starts_on", Date),
    Column("ends_on", Date),
    *_audit_columns(),
)

vacancies = Table(
    "vacancies",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("employer_id", String(32), nullable=False, index=True),
    Column("status", String(10), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("occupation", String(200)),
    Column("skills", JSON, nullable=False),
    Column("languages", JSON, nullable=False),
    Column("education_level", Integer),
    Column("experience_years", Float),
    Column("location", JSON),
    Column("positions", Integer, nullable=False),
    Column("filled", Integer, nullable=False, default=0),
    Column("wage", JSON),
    Column("employment_type", String(20)),
    Column("closes_at", UtcDateTime()),
    Column("incentive_ids", JSON, nullable=False),
    Column("fair_ids", JSON, nullable=False),
    *_audit_columns(),
)

placements = Table(
    "placements",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("vacancy_id", String(32), nullable=False, index=True),
    Column("employer_id", String(32), nullable=False, index=True),
    Column("returnee_id", String(64), nullable=False, index=True),
    Column("start_date", Date, nullable=False),
    Column("scheme_id", String(32)),
    Column("monthly_wage", Float),
    Column("subsidy_committed", Float, nullable=False, default=0.0),
    Column("status", String(20), nullable=False),
    Column("follow_ups", JSON, nullable=False),
    *_audit_columns(),
)
