"""Fixtures of the matching unit tests: a container over SQLite in tmp_path, fed by events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

import pytest

from services.matching.bootstrap import MatchingContainer, bootstrap
from services.matching.testing import NOW, tiny_taxonomy, topic_of
from shared.config import Settings
from shared.eventbus.inprocess import InProcessBus
from shared.messages import Envelope


class Clock:
    """A settable clock."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def taxonomy():  # type: ignore[no-untyped-def]
    return tiny_taxonomy()


@pytest.fixture
def bus(tmp_path) -> Iterator[InProcessBus]:  # type: ignore[no-untyped-def]
    bus = InProcessBus(f"sqlite:///{tmp_path / 'bus.db'}")
    yield bus
    bus.close()


@pytest.fixture
def make_container(tmp_path, taxonomy, bus, clock):  # type: ignore[no-untyped-def]
    """Bootstrap (again, e.g. after a 'restart') over the same store and bus."""
    made: list[MatchingContainer] = []

    def make(tax=None) -> MatchingContainer:  # type: ignore[no-untyped-def]
        c = bootstrap(Settings(var_dir=tmp_path), tax or taxonomy, bus=bus, clock=clock)
        made.append(c)
        return c

    yield make
    for c in made:
        c.runtime.stop()
        c.runtime.engine.dispose()


@pytest.fixture
def container(make_container) -> MatchingContainer:  # type: ignore[no-untyped-def]
    return make_container()


@pytest.fixture
def feed(container: MatchingContainer) -> Callable[..., int]:
    """Publish envelopes on their topics and let the consumer apply them now."""

    def feed(*envelopes: Envelope) -> int:
        for env in envelopes:
            container.runtime.bus.publish(topic_of(env), env)
        return container.runtime.workers[0].run_until_idle()

    return feed
