"""The user journey and the faults, across three processes on real servers.

Bounds: a vacancy is matchable within 20 s; consent withdrawal reaches every candidate
list within 20 s; recovery after an outage within 90 s.
"""

from __future__ import annotations

import threading
import uuid

from tests import realservers
from tests.e2e.conftest import Cluster, wait_for

BOUND_S = 20


def _occupation(cluster: Cluster) -> tuple[str, list[str]]:
    found = cluster.call(
        "GET", "skills", "/skills/v1/taxonomy/occupations?q=plumber&limit=1"
    ).json()
    uri = found["items"][0]["uri"]
    detail = cluster.call("GET", "skills", f"/skills/v1/taxonomy/occupation?uri={uri}").json()
    skills = [s["uri"] for s in detail["essential_skills"]][:3]
    assert len(skills) == 3, detail
    return uri, skills


def _employer(cluster: Cluster) -> str:
    resp = cluster.call(
        "POST",
        "employers",
        "/employers/v1/employers",
        {"name": "E2E Build", "location": {"city": "Cairo", "lat": 30.04, "lon": 31.24}},
    )
    assert resp.status_code == 201, resp.text
    return str(resp.json()["id"])


def _post_vacancy(cluster: Cluster, employer: str, occ: str, skills: list[str], title: str):
    return cluster.call(
        "POST",
        "employers",
        f"/employers/v1/employers/{employer}/vacancies",
        {
            "title": title,
            "description": "e2e",
            "occupation": occ,
            "skills": [{"uri": s, "essential": True} for s in skills],
            "location": {"city": "Cairo", "lat": 30.05, "lon": 31.25},
            "closes_at": "2099-01-01T00:00:00+00:00",
        },
    )


def _searchable(cluster: Cluster, word: str) -> list[str]:
    resp = cluster.call(
        "POST", "matching", "/matching/v1/search/vacancies", {"q": word, "page_size": 100}
    )
    if resp.status_code != 200:
        return []
    return [i["vacancy_id"] if "vacancy_id" in i else i["id"] for i in resp.json()["items"]]


def test_journey_across_processes(cluster: Cluster) -> None:
    occ, skills = _occupation(cluster)
    employer = _employer(cluster)
    word = f"journey{uuid.uuid4().hex[:6]}"
    vac = _post_vacancy(cluster, employer, occ, skills, f"Plumber {word}")
    assert vac.status_code == 201, vac.text
    vid = vac.json()["id"]
    wait_for(lambda: vid in _searchable(cluster, word), BOUND_S, "the vacancy to be matchable")
    person = cluster.call(
        "POST",
        "skills",
        "/skills/v1/returnees",
        {
            "personal": {"name": "Layla E2E"},
            "centre_id": "c-e2e",
            "location": {"city": "Cairo", "lat": 30.04, "lon": 31.23},
            "consents": ["matching", "shown_to_employers"],
        },
    )
    assert person.status_code == 201, person.text
    rid = person.json()["id"]
    for uri in skills[:2]:
        r = cluster.call(
            "POST",
            "skills",
            f"/skills/v1/returnees/{rid}/skills",
            {"uri": uri, "proficiency": 3, "evidence": "assessed"},
        )
        assert r.status_code == 201, r.text

    def matched() -> bool:
        resp = cluster.call("GET", "matching", f"/matching/v1/returnees/{rid}/matches")
        return resp.status_code == 200 and vid in [i["vacancy_id"] for i in resp.json()["items"]]

    wait_for(matched, BOUND_S, "the returnee's matches")
    resp = cluster.call("GET", "matching", f"/matching/v1/returnees/{rid}/matches").json()
    top = next(i for i in resp["items"] if i["vacancy_id"] == vid)
    assert any("2 of 3 essential skills" in r for r in top["reasons"]) and resp["model"]["version"]

    def candidates() -> list[str]:
        r = cluster.call("GET", "matching", f"/matching/v1/vacancies/{vid}/candidates")
        return [i["returnee_id"] for i in r.json()["items"]] if r.status_code == 200 else []

    wait_for(lambda: rid in candidates(), BOUND_S, "the returnee among the candidates")
    assert cluster.call(
        "DELETE", "skills", f"/skills/v1/returnees/{rid}/consents/shown_to_employers"
    ).status_code in (200, 204)
    wait_for(lambda: rid not in candidates(), BOUND_S, "the withdrawal to reach the candidates")


def test_broker_restart_while_posting_loses_nothing(cluster: Cluster) -> None:
    occ, skills = _occupation(cluster)
    employer = _employer(cluster)
    word = f"broker{uuid.uuid4().hex[:6]}"
    accepted: list[str] = []
    errors: list[str] = []

    def post_many() -> None:
        for n in range(30):
            resp = _post_vacancy(cluster, employer, occ, skills, f"Plumber {word} {n}")
            (accepted if resp.status_code == 201 else errors).append(
                resp.json()["id"] if resp.status_code == 201 else resp.text
            )

    poster = threading.Thread(target=post_many)
    poster.start()
    code, out = realservers.run_script("kafka", "down", 120)
    assert code == 0, out
    poster.join(120)
    code, out = realservers.run_script("kafka", "up")
    assert code == 0, out
    assert not errors and len(accepted) == 30  # the outbox accepts while the broker is away
    ids = wait_for(
        lambda: (lambda got: got if len(got) >= 30 else None)(_searchable(cluster, word)),
        90,
        "every accepted vacancy to be indexed",
    )
    assert sorted(ids) == sorted(accepted)  # each once


def test_killed_consumer_loses_nothing_and_applies_once(cluster: Cluster) -> None:
    occ, skills = _occupation(cluster)
    employer = _employer(cluster)
    word = f"kill{uuid.uuid4().hex[:6]}"
    cluster.kill("matching")  # mid-stream: its group has uncommitted work when it comes back
    accepted = [
        _post_vacancy(cluster, employer, occ, skills, f"Plumber {word} {n}").json()["id"]
        for n in range(20)
    ]
    cluster.start("matching")
    wait_for(lambda: len(_searchable(cluster, word)) >= 5, 60, "a first part to be indexed")
    cluster.kill("matching")  # killed again while applying the rest
    cluster.start("matching")
    ids = wait_for(
        lambda: (lambda got: got if len(got) >= 20 else None)(_searchable(cluster, word)),
        90,
        "every vacancy after the kills",
    )
    assert sorted(ids) == sorted(accepted)


def test_elasticsearch_down_is_503_then_catches_up(cluster: Cluster) -> None:
    occ, skills = _occupation(cluster)
    employer = _employer(cluster)
    word = f"esdown{uuid.uuid4().hex[:6]}"
    code, out = realservers.run_script("elasticsearch", "down", 120)
    assert code == 0, out
    try:
        resp = cluster.call("POST", "matching", "/matching/v1/search/vacancies", {"q": word})
        assert resp.status_code == 503 and resp.headers["Content-Type"].startswith(
            "application/problem+json"
        )
        assert cluster.call("GET", "matching", "/matching/readyz").status_code == 503
        vac = _post_vacancy(cluster, employer, occ, skills, f"Plumber {word}")
        assert vac.status_code == 201
    finally:
        code, out = realservers.run_script("elasticsearch", "up")
        assert code == 0, out
    wait_for(
        lambda: cluster.call("GET", "matching", "/matching/readyz").status_code == 200, 90, "readyz"
    )
    wait_for(lambda: vac.json()["id"] in _searchable(cluster, word), 90, "the catch-up")


def test_replaying_the_topics_rebuilds_an_empty_index(cluster: Cluster) -> None:
    occ, skills = _occupation(cluster)
    employer = _employer(cluster)
    word = f"replay{uuid.uuid4().hex[:6]}"
    posted = [
        _post_vacancy(cluster, employer, occ, skills, f"Plumber {word} {n}").json()["id"]
        for n in range(3)
    ]
    cluster.call("POST", "employers", f"/employers/v1/vacancies/{posted[0]}/close")
    open_ids = sorted(posted[1:])
    wait_for(lambda: sorted(_searchable(cluster, word)) == open_ids, 60, "the live index")
    # A second matching process on an empty store and an empty index, in a new consumer
    # group: it reads every (compacted) topic from the start.
    cluster.ports["replay"] = 8114
    base = cluster.env["DATABASE_URL"]
    cluster.start(
        "matching",
        name="replay",
        DATABASE_URL=base.replace(f"jisr_e2e_{cluster.run}_", f"jisr_e2e_{cluster.run}r_"),
        ES_INDEX_PREFIX=f"e2e{cluster.run}replay",
        JISR_CONSUMER_GROUP_SUFFIX="-replay",
    )
    try:

        def replayed() -> list[str] | None:
            r = cluster.call("POST", "replay", "/matching/v1/search/vacancies", {"q": word})
            got = sorted(i["vacancy_id"] for i in r.json()["items"]) if r.status_code == 200 else []
            return got if got == open_ids else None

        assert wait_for(replayed, 90, "the replayed index") == open_ids  # the closed one stays out
    finally:
        cluster.kill("replay", 15)
