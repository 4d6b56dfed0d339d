"""The employers app on a temporary SQLite store, with tokens for every role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from services.employers.bootstrap import bootstrap
from services.employers.entrypoints.http.app import create_app
from shared.eventbus.inprocess import InProcessBus
from tests.conftest import ADMIN_TOKEN


@dataclass
class Client:
    """A test client that sends a bearer token."""

    raw: Any
    token: str

    def _h(self, token: str | None) -> dict[str, str]:
        t = self.token if token is None else token
        return {"Authorization": f"Bearer {t}"} if t else {}

    def get(self, path: str, token: str | None = None, **kw: Any) -> Any:
        return self.raw.get(path, headers=self._h(token), **kw)

    def post(self, path: str, json: Any = None, token: str | None = None, **kw: Any) -> Any:
        return self.raw.post(path, json=json, headers=self._h(token), **kw)

    def patch(self, path: str, json: Any = None, token: str | None = None, **kw: Any) -> Any:
        return self.raw.patch(path, json=json, headers=self._h(token), **kw)

    def delete(self, path: str, token: str | None = None) -> Any:
        return self.raw.delete(path, headers=self._h(token))


@pytest.fixture
def container(settings, starter, tmp_path):
    bus = InProcessBus(f"sqlite:///{tmp_path / 'bus.db'}")
    return bootstrap(settings, starter, bus=bus)


@pytest.fixture
def client(container) -> Client:
    return Client(create_app(container).test_client(), ADMIN_TOKEN)


@pytest.fixture
def tokens(container):
    issue = container.tokens.issue
    return {
        "admin": ADMIN_TOKEN,
        "pm": issue("programme_manager", 3600).token,
        "counsellor": issue("counsellor", 3600, centre_id="c1").token,
        "kiosk": issue("kiosk", 3600, fair_id="f-none").token,
        "service": issue("service", 3600).token,
        "issue": issue,
    }


@pytest.fixture
def occupation(starter):
    """A starter occupation with at least three skills."""
    for occ in starter.iter_occupations():
        if len(starter.skills_of(occ.uri)) >= 3:
            return occ
    raise AssertionError("starter taxonomy has no occupation with 3 skills")


@pytest.fixture
def vacancy_body(starter, occupation):
    skills = starter.skills_of(occupation.uri)
    return {
        "title": occupation.labels["en"],
        "description": "Full-time position in the workshop.",
        "occupation": occupation.uri,
        "skills": [{"uri": r.skill_uri, "essential": r.essential} for r in skills[:3]],
        "languages": [{"code": "ar", "level": "B1"}],
        "education_level": 3,
        "experience_years": 1,
        "location": {"city": "Cairo", "lat": 30.04, "lon": 31.24},
        "positions": 2,
        "closes_at": "2099-01-01T00:00:00+00:00",
    }
