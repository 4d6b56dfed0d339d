"""The all-in-one platform: a user journey across the three services, and restarts.

Everything goes over HTTP through the embedded router; events travel through each
service's outbox, the relays and the durable in-process bus to the matching consumers.
"""

from __future__ import annotations

import time
from typing import Any

from werkzeug.test import Client

from services.embedded import build_platform
from tests.conftest import ADMIN_TOKEN


class Http:
    """Bearer-token JSON calls against the embedded WSGI router."""

    def __init__(self, wsgi: Any, token: str = ADMIN_TOKEN) -> None:
        self.c = Client(wsgi)
        self.token = token

    def call(self, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
        headers = {"Authorization": f"Bearer {token or self.token}"}
        return self.c.open(path, method=method, json=body, headers=headers)


def journey(http: Http, taxonomy) -> dict[str, str]:
    occ = next(o for o in taxonomy.iter_occupations() if len(taxonomy.skills_of(o.uri)) >= 3)
    rels = taxonomy.skills_of(occ.uri)[:3]
    emp = http.call(
        "POST",
        "/employers/v1/employers",
        {"name": "Nile Build", "location": {"city": "Cairo", "lat": 30.04, "lon": 31.24}},
    ).json
    vac = http.call(
        "POST",
        f"/employers/v1/employers/{emp['id']}/vacancies",
        {
            "title": occ.labels["en"],
            "description": "Workshop job",
            "occupation": occ.uri,
            "skills": [{"uri": r.skill_uri, "essential": True} for r in rels],
            "location": {"city": "Cairo", "lat": 30.05, "lon": 31.25},
            "closes_at": "2099-01-01T00:00:00+00:00",
        },
    )
    assert vac.status_code == 201, vac.json
    person = http.call(
        "POST",
        "/skills/v1/returnees",
        {
            "personal": {"name": "Test Person"},
            "centre_id": "c1",
            "location": {"city": "Cairo", "lat": 30.04, "lon": 31.23},
        },
    )
    assert person.status_code == 201, person.json
    rid = person.json["id"]
    for r in rels[:2]:
        resp = http.call(
            "POST",
            f"/skills/v1/returnees/{rid}/skills",
            {"uri": r.skill_uri, "proficiency": 3, "evidence": "assessed"},
        )
        assert resp.status_code == 201, resp.json
    return {"employer": emp["id"], "vacancy": vac.json["id"], "returnee": rid}


def test_journey_consent_matches_and_restart(settings, starter) -> None:
    platform = build_platform(settings, taxonomy=starter)
    platform.start()
    http = Http(platform.wsgi)
    try:
        ids = journey(http, starter)
        platform.drain()
        matches = f"/matching/v1/returnees/{ids['returnee']}/matches"
        assert http.call("GET", matches).status_code == 404  # no matching consent yet
        assert http.call(
            "PUT", f"/skills/v1/returnees/{ids['returnee']}/consents/matching"
        ).status_code in (200, 201, 204)
        platform.drain()
        resp = http.call("GET", matches)
        assert resp.status_code == 200, resp.json
        items = resp.json["items"]
        assert [i["vacancy_id"] for i in items] == [ids["vacancy"]]
        assert any("2 of 3 essential skills" in r for r in items[0]["reasons"])
        assert resp.json["model"]["version"]
        deadline = time.monotonic() + 20  # the consumer's lag is measured while it idles
        while time.monotonic() < deadline:
            ready = http.call("GET", "/matching/readyz").json
            if ready["metrics"]["consumer_lag"].get("matching") == 0:
                break
            time.sleep(0.2)
        assert ready["status"] == "ready" and ready["metrics"]["consumer_lag"]["matching"] == 0
    finally:
        platform.stop()
        platform.bus.close()
    # a restart on the same var/ keeps everything that was accepted
    again = build_platform(settings, taxonomy=starter)
    again.start()
    try:
        http = Http(again.wsgi)
        resp = http.call("GET", f"/matching/v1/returnees/{ids['returnee']}/matches")
        assert [i["vacancy_id"] for i in resp.json["items"]] == [ids["vacancy"]]
        assert http.call("GET", f"/employers/v1/vacancies/{ids['vacancy']}").status_code == 200
        # withdrawal reaches matching
        http.call("DELETE", f"/skills/v1/returnees/{ids['returnee']}/consents/matching")
        again.drain()
        assert (
            http.call("GET", f"/matching/v1/returnees/{ids['returnee']}/matches").status_code == 404
        )
    finally:
        again.stop()


def test_events_committed_before_a_crash_are_delivered_after_restart(settings, starter) -> None:
    platform = build_platform(settings, taxonomy=starter)  # relays and consumers never started
    http = Http(platform.wsgi)
    ids = journey(http, starter)
    http.call("PUT", f"/skills/v1/returnees/{ids['returnee']}/consents/matching")
    assert platform.employers.runtime.relay.pending() >= 2
    platform.bus.close()  # the process dies here: nothing was published
    again = build_platform(settings, taxonomy=starter)
    again.start()
    try:
        again.drain()
        resp = Http(again.wsgi).call("GET", f"/matching/v1/returnees/{ids['returnee']}/matches")
        assert [i["vacancy_id"] for i in resp.json["items"]] == [ids["vacancy"]]
    finally:
        again.stop()


def test_root_health_and_unknown_paths(settings, starter) -> None:
    platform = build_platform(settings, taxonomy=starter)
    http = Http(platform.wsgi)
    assert http.call("GET", "/healthz").json["status"] == "ok"
    for prefix in ("employers", "skills", "matching"):
        assert http.call("GET", f"/{prefix}/healthz").status_code == 200
        assert http.call("GET", f"/{prefix}/openapi.json").status_code == 200
    resp = http.call("GET", "/nowhere")
    assert resp.status_code == 404 and resp.content_type == "application/problem+json"


def test_demo_seed_runs_once(settings, starter) -> None:
    from services.demo import seed_demo

    platform = build_platform(settings, taxonomy=starter)
    made = seed_demo(platform)
    assert len(made["vacancies"]) >= 10 and len(made["returnees"]) >= 10
    assert seed_demo(platform) == {}
