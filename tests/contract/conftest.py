"""Real servers for the contract suites, started through deploy/local (never fakes).

Each fixture starts its server when it is not already running and, at the end of the
session, stops only what this session started. A server that cannot start fails the
tests that need it, with the script's output.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import realservers


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
