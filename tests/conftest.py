"""Fixtures every test may use: settings on a temporary directory, the starter taxonomy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.config import Settings
from tests import realservers

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


# Real servers (deploy/local), started on demand and stopped if this session started them.
@pytest.fixture(scope="session")
def _real_servers() -> Iterator[None]:
    """Stops, after the session, the servers the session started."""
    yield
    failures = realservers.stop_started()
    if failures:
        raise RuntimeError("stopping servers failed:\n" + "\n".join(failures))


def _up(name: str) -> dict[str, str]:
    try:
        return realservers.ensure_up(name)
    except realservers.ServerError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def kafka_bootstrap(_real_servers: None) -> str:
    """``host:port`` of the local Kafka broker."""
    return _up("kafka")["KAFKA_BOOTSTRAP"]


@pytest.fixture(scope="session")
def postgres_url_template(_real_servers: None) -> str:
    """``postgresql+psycopg://jisr@127.0.0.1:5432/jisr_{service}``."""
    return _up("postgres")["DATABASE_URL"]


@pytest.fixture(scope="session")
def es_url(_real_servers: None) -> str:
    """``http://127.0.0.1:9200`` of the local Elasticsearch node."""
    return _up("elasticsearch")["ES_URL"]
