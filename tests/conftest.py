"""Fixtures every test may use: settings on a temporary directory, the starter taxonomy."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.config import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
ESCO_DIR = SHARED_DATA / "esco" / "v1.1.1"
ADMIN_TOKEN = "test-admin-token"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Embedded settings whose stores live under ``tmp_path``."""
    return Settings(
        var_dir=tmp_path, admin_token=ADMIN_TOKEN, seed_demo=False, relay_interval_s=0.05
    )


@pytest.fixture(scope="session")
def starter():
    """The small handwritten taxonomy (real ESCO URIs and labels, Arabic labels added)."""
    from shared.taxonomy.starter import starter_taxonomy

    return starter_taxonomy()
