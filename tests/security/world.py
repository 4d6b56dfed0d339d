"""A seeded embedded platform for the security tests: two of everything.

Side "a" and side "b" each have an employer, a fair, a centre, an incentive scheme of
that employer, a partnership, an open vacancy (at its fair), a returnee of that centre
with every consent and the vacancy's skills, a placement and a referral packet. Tokens
of every role are bound to side "a", so side "b" holds the "other" objects.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werkzeug.test import Client

from services.embedded import Platform, build_platform
from shared.config import Settings
from tests.conftest import ADMIN_TOKEN

CAIRO = {"city": "Cairo", "region": "Cairo", "lat": 30.04, "lon": 31.24}
PURPOSES = ("matching", "shown_to_employers", "contact_by_employers", "referral_to_training")
FUTURE = "2099-01-01T00:00:00+00:00"


class Http:
    """Bearer-token JSON calls against a WSGI app, from one client address."""

    def __init__(self, wsgi: Any, token: str = ADMIN_TOKEN, addr: str = "127.0.0.1") -> None:
        self.client = Client(wsgi)
        self.token = token
        self.addr = addr

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        token: str | None = None,
        query: dict[str, Any] | None = None,
        addr: str | None = None,
    ) -> Any:
        """One request; ``token=""`` sends none."""
        tok = self.token if token is None else token
        headers = {"Authorization": f"Bearer {tok}"} if tok else {}
        return self.client.open(
            path,
            method=method,
            json=body,
            query_string=query,
            headers=headers,
            environ_base={"REMOTE_ADDR": addr or self.addr},
        )

    def ok(self, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        """A call that must succeed (2xx); its JSON body."""
        resp = self.call(method, path, body, **kw)
        assert resp.status_code < 300, (method, path, resp.status_code, resp.get_json())
        return resp.get_json()


@dataclass
class Side:
    """The objects of one side of the world."""

    name: str
    centre: str
    fair: str = ""
    employer: str = ""
    scheme: str = ""
    partnership: str = ""
    vacancy: str = ""
    returnee: str = ""
    placement: str = ""
    referral: str = ""

    def ids(self) -> list[str]:
        """Every id of this side (what must not show up on the other side's lists)."""
        return [
            v
            for k, v in vars(self).items()
            if k not in ("name", "centre", "referral") and isinstance(v, str) and v
        ]


@dataclass
class World:
    """A running platform with two sides and a token per role bound to side "a"."""

    platform: Platform
    http: Http
    a: Side
    b: Side
    skills: list[str]
    occupation: str
    tokens: dict[str, str] = field(default_factory=dict)
    token_ids: dict[str, str] = field(default_factory=dict)


def settings_for(tmp: Path, **changes: Any) -> Settings:
    """Embedded settings under ``tmp`` (fast relays, the test admin token)."""
    base = Settings(var_dir=tmp, admin_token=ADMIN_TOKEN, seed_demo=False, relay_interval_s=0.02)
    return base.with_overrides(**changes) if changes else base


def occupation_with_skills(taxonomy: Any) -> tuple[str, list[str]]:
    """A starter occupation with three skills (URI, skill URIs)."""
    for occ in taxonomy.iter_occupations():
        rels = taxonomy.skills_of(occ.uri)
        if len(rels) >= 3:
            return occ.uri, [r.skill_uri for r in rels[:3]]
    raise AssertionError("no occupation with three skills")


def vacancy_body(occupation: str, skills: list[str], fair: str | None, **extra: Any) -> dict:
    """A valid vacancy in Cairo needing ``skills``."""
    return {
        "title": "Workshop technician",
        "description": "Full-time work in a workshop.",
        "occupation": occupation,
        "skills": [{"uri": s, "essential": True} for s in skills],
        "location": CAIRO,
        "closes_at": FUTURE,
        "positions": 1000,
        "fair_ids": [fair] if fair else [],
        **extra,
    }


def returnee_body(centre: str, name: str = "Test Person", **extra: Any) -> dict:
    """A returnee of ``centre`` with every consent."""
    return {
        "personal": {"name": name},
        "centre_id": centre,
        "location": CAIRO,
        "consents": list(PURPOSES),
        "languages": [{"code": "ar", "level": "native"}],
        "education_level": 3,
        **extra,
    }


def seed_side(http: Http, side: Side, occupation: str, skills: list[str]) -> None:
    """Create every object of one side through the API, as admin."""
    side.fair = http.ok("POST", "/employers/v1/fairs", {"name": f"Fair {side.name}"})["id"]
    side.employer = http.ok(
        "POST", "/employers/v1/employers", {"name": f"Employer {side.name}", "location": CAIRO}
    )["id"]
    side.scheme = http.ok(
        "POST",
        "/employers/v1/incentive-schemes",
        {
            "name": f"Mentoring {side.name}",
            "type": "mentoring",
            "employer_id": side.employer,
            "terms": {"months": 6},
        },
    )["id"]
    side.partnership = http.ok(
        "POST", "/employers/v1/partnerships", {"employer_id": side.employer, "kind": "mou"}
    )["id"]
    side.vacancy = http.ok(
        "POST",
        f"/employers/v1/employers/{side.employer}/vacancies",
        vacancy_body(occupation, skills, side.fair),
    )["id"]
    side.returnee = http.ok("POST", "/skills/v1/returnees", returnee_body(side.centre))["id"]
    for uri in skills[:2]:
        http.ok("POST", f"/skills/v1/returnees/{side.returnee}/skills", {"uri": uri})
    side.placement = http.ok(
        "POST",
        "/employers/v1/placements",
        {"vacancy_id": side.vacancy, "returnee_id": side.returnee, "start_date": "2026-01-05"},
    )["id"]
    side.referral = http.ok(
        "POST",
        f"/skills/v1/returnees/{side.returnee}/referrals",
        {"provider": "Cairo Welding Institute", "purpose": "referral_to_training"},
    )["code"]


def build_world(settings: Settings, taxonomy: Any) -> World:
    """Build, start and seed a platform; wait until matching has every event."""
    platform = build_platform(settings, taxonomy=taxonomy)
    platform.start()
    http = Http(platform.wsgi)
    occupation, skills = occupation_with_skills(taxonomy)
    a, b = Side("a", centre="centre-a"), Side("b", centre="centre-b")
    for side in (a, b):
        seed_side(http, side, occupation, skills)
    platform.drain()
    world = World(platform, http, a, b, skills, occupation)
    issue = platform.tokens.issue
    made = {
        "admin": None,
        "programme_manager": issue("programme_manager", 3600),
        "counsellor": issue("counsellor", 3600, centre_id=a.centre),
        "employer": issue("employer", 3600, employer_id=a.employer),
        "kiosk": issue("kiosk", 3600, fair_id=a.fair),
        "service": issue("service", 3600),
        "returnee": issue("returnee", 3600, returnee_id=a.returnee, fair_id=a.fair),
    }
    for role, token in made.items():
        world.tokens[role] = token.token if token else ADMIN_TOKEN
        world.token_ids[role] = token.id if token else "bootstrap"
    return world


def text_of(resp: Any) -> str:
    """A response body as text (JSON re-serialised so ids are found whatever the layout)."""
    data = resp.get_json(silent=True)
    return json.dumps(data) if data is not None else resp.get_data(as_text=True)
