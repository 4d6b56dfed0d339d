"""The EventBus contract against the embedded (SQLite log) adapter."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.eventbus.inprocess import InProcessBus
from tests.contract.bus_contract import EventBusContract


class TestInProcessBus(EventBusContract):
    @pytest.fixture(autouse=True)
    def _tmp(self, tmp_path: Path) -> None:
        self._path = tmp_path

    def make_bus(self) -> InProcessBus:
        return InProcessBus(f"sqlite:///{self._path / 'bus.db'}")

    def test_the_log_survives_a_restart(self) -> None:
        bus = self.make_bus()
        from tests.contract.bus_contract import drain, envelope

        bus.publish("jisr.test.durable", envelope("k", 1))
        bus.close()
        reopened = self.make_bus()
        records = drain(reopened.consumer("g", ["jisr.test.durable"]), 1)
        assert [r.envelope.version for r in records] == [1]
