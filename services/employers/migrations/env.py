"""Alembic environment of the employers service."""

from services.employers.adapters.tables import metadata
from shared.db.alembic_env import run

run(metadata)
