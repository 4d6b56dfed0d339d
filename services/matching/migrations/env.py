"""Alembic environment of the matching service."""

from services.matching.adapters.tables import metadata
from shared.db.alembic_env import run

run(metadata)
