"""Integration fixtures: the matching service over SQLite in tmp_path, fed through an
InProcessBus, answering HTTP through its Flask test client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from services.matching.bootstrap import MatchingContainer, bootstrap
from services.matching.entrypoints.http.app import create_app
from services.matching.testing import NOW, tiny_taxonomy, topic_of
from shared.config import Settings
from shared.eventbus.inprocess import InProcessBus
from shared.messages import Envelope


@pytest.fixture
def bus(tmp_path) -> Iterator[InProcessBus]:  # type: ignore[no-untyped-def]
    bus = InProcessBus(f"sqlite:///{tmp_path / 'bus.db'}")
    yield bus
    bus.close()


@pytest.fixture
def container(tmp_path, bus) -> Iterator[MatchingContainer]:  # type: ignore[no-untyped-def]
    c = bootstrap(Settings(var_dir=tmp_path), tiny_taxonomy(), bus=bus, clock=lambda: NOW)
    yield c
    c.runtime.stop()
    c.runtime.engine.dispose()


@pytest.fixture
def feed(container: MatchingContainer) -> Callable[..., int]:
    """Publish envelopes on the bus, then let the consumer apply them."""

    def feed(*envelopes: Envelope) -> int:
        for env in envelopes:
            container.runtime.bus.publish(topic_of(env), env)
        return container.runtime.workers[0].run_until_idle()

    return feed


@pytest.fixture
def client(container: MatchingContainer):  # type: ignore[no-untyped-def]
    return create_app(container).test_client()


@pytest.fixture
def auth(container: MatchingContainer) -> Callable[..., dict[str, str]]:
    """Headers with a fresh token of ``role`` bound to ``scope``."""

    def auth(role: str, **scope: Any) -> dict[str, str]:
        token = container.tokens.issue(role, 3600, **scope).token
        return {"Authorization": f"Bearer {token}"}

    return auth
