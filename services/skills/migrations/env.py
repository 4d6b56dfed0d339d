"""Alembic environment of the skills service."""

from services.skills.adapters.tables import metadata
from shared.db.alembic_env import run

run(metadata)
