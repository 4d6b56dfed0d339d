"""The skills app on a temporary SQLite store and bus, with a movable clock and a token per role."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import func, select

from services.skills.adapters import tables as t
from services.skills.bootstrap import SkillsContainer, bootstrap
from services.skills.entrypoints.http.app import create_app
from shared.eventbus.inprocess import InProcessBus
from tests.conftest import ADMIN_TOKEN
from tests.unit.skills.fixtures import FakeClock, skills_taxonomy

API = "/skills/v1"
PERSONAL = {
    "name": "Layla Mansour",
    "phone": "+20 100 555 0199",
    "email": "layla.mansour@example.org",
    "address": "12 Nile Street, Giza",
    "birth_year": 1992,
}


@dataclass
class Env:
    """The app's test client plus what the tests inspect behind it."""

    container: SkillsContainer
    client: Any
    clock: FakeClock
    tokens: dict[str, str] = field(default_factory=dict)

    def h(self, role: str | None) -> dict[str, str]:
        """Headers carrying the token of ``role`` (None: no token)."""
        return {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}

    def call(self, method: str, path: str, role: str | None = "counsellor", **kw: Any) -> Any:
        """``method`` on ``/skills/v1`` + ``path`` as ``role``."""
        return self.client.open(API + path, method=method, headers=self.h(role), **kw)

    def register(self, role: str = "counsellor", **body: Any) -> dict[str, Any]:
        """Register a returnee (201 expected) and return the response body."""
        payload = {"personal": dict(PERSONAL), "location": CAIRO, **body}
        resp = self.call("POST", "/returnees", role, json=payload)
        assert resp.status_code == 201, resp.get_json()
        return dict(resp.get_json())

    def events(self, type_: str | None = None) -> list[dict[str, Any]]:
        """Envelopes in the outbox, oldest first, optionally of one type."""
        with self.container.runtime.engine.connect() as conn:
            rows = conn.execute(
                select(self.container.runtime.outbox.c.payload).order_by("seq")
            ).scalars()
            out = [json.loads(r) for r in rows]
        return [e for e in out if type_ is None or e["type"] == type_]

    def outbox_text(self) -> str:
        """Every outbox payload, raw, for searching for things that must not be there."""
        with self.container.runtime.engine.connect() as conn:
            return "\n".join(
                conn.execute(select(self.container.runtime.outbox.c.payload)).scalars()
            )

    def count(self, table: Any) -> int:
        """Rows in one of the service's tables."""
        with self.container.runtime.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    def counts(self) -> dict[str, int]:
        """Rows per table: compared before and after a rejected request."""
        return {name: self.count(table) for name, table in t.metadata.tables.items()}


CAIRO = {"city": "Cairo", "region": "Cairo", "lat": 30.044412, "lon": 31.235712}


@pytest.fixture
def taxonomy():
    """A private copy of the starter taxonomy (labels added by a test stay in that test)."""
    return skills_taxonomy()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def env(settings, taxonomy, clock, tmp_path) -> Env:
    bus = InProcessBus(f"sqlite:///{tmp_path / 'bus.db'}")
    container = bootstrap(settings, taxonomy, bus=bus, clock=clock)
    app = create_app(container)
    issue = container.tokens.issue
    tokens = {
        "admin": ADMIN_TOKEN,
        "pm": issue("programme_manager", 3600).token,
        "counsellor": issue("counsellor", 3600, centre_id="c1").token,
        "counsellor2": issue("counsellor", 3600, centre_id="c2").token,
        "employer": issue("employer", 3600, employer_id="e1").token,
        "kiosk": issue("kiosk", 3600, fair_id="f1").token,
        "kiosk2": issue("kiosk", 3600, fair_id="f2").token,
        "service": issue("service", 3600).token,
    }
    return Env(container, app.test_client(), clock, tokens)


@pytest.fixture
def skill(taxonomy):
    """A skill of the taxonomy with an English label that resolves to it alone."""
    for s in taxonomy.iter_skills():
        label = s.labels.get("en")
        if label and taxonomy.resolve_skill(label, "en").uri == s.uri:
            return s
    raise AssertionError("no uniquely labelled skill")


@pytest.fixture
def occupation(taxonomy):
    """An occupation with at least two related skills."""
    for occ in taxonomy.iter_occupations():
        if len(taxonomy.skills_of(occ.uri)) >= 2:
            return occ
    raise AssertionError("no occupation with skills")
