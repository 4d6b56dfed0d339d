"""The matching HTTP API through create_app: shapes of API.md, roles, problem+json, events."""

from __future__ import annotations

import pytest

from services.matching.testing import (
    S_ARC,
    S_SAFETY,
    employer_data,
    envelope,
    incentive_ref,
    placement_data,
    profile_data,
    scheme_data,
    vacancy_data,
)
from shared import topics
from shared.db.outbox import Relay

API = "/matching/v1"


@pytest.fixture(autouse=True)
def world(feed) -> None:  # type: ignore[no-untyped-def]
    feed(
        envelope("employer.registered", employer_data("e1", sector="manufacturing")),
        envelope("employer.registered", employer_data("e2", name="Delta Foods", sector="food")),
        envelope("incentive_scheme.created", scheme_data("s1")),
        envelope(
            "incentive_scheme.created",
            scheme_data(
                "t1", name="Safety apprenticeship", type="apprenticeship", skills=[S_SAFETY]
            ),
        ),
        envelope(
            "vacancy.published",
            vacancy_data("v1", incentives=[incentive_ref("s1")], fair_ids=["f1"]),
        ),
        envelope(
            "vacancy.published",
            vacancy_data("v2", employer_id="e2", title="Welder for cans", fair_ids=["f2"]),
        ),
        envelope("profile.registered", profile_data("r1", centre_id="c1")),
        envelope("profile.registered", profile_data("r2", centre_id="c2")),
        envelope("profile.registered", profile_data("r3", consents=[])),
        envelope(
            "placement.recorded",
            placement_data(
                "p1",
                returnee_id="r2",
                follow_ups=[
                    {
                        "month": 3,
                        "status": "employed",
                        "at": "2025-08-01",
                        "recorded_at": "2025-08-01",
                    }
                ],
            ),
        ),
    )


def test_matches_have_the_shape_of_the_api(client, auth) -> None:  # type: ignore[no-untyped-def]
    resp = client.get(
        f"{API}/returnees/r1/matches?limit=20&lang=en", headers=auth("counsellor", centre_id="c1")
    )
    assert resp.status_code == 200
    body = resp.get_json()
    assert set(body) == {"items", "model"}
    assert body["model"] == {"name": "prior", "version": "prior-1"}
    first = body["items"][0]
    assert set(first) == {
        "vacancy_id",
        "score",
        "rank",
        "reasons",
        "gaps",
        "incentives",
        "distance_km",
    }
    assert first["vacancy_id"] == "v1" and first["rank"] == 1 and 0 < first["score"] <= 1
    assert first["reasons"][0] == "has 2 of 3 essential skills"
    assert first["gaps"][0] == {
        "skill": S_SAFETY,
        "label": "follow health and safety procedures",
        "essential": True,
        "training": ["Safety apprenticeship"],
    }
    assert first["incentives"] == ["6-month wage subsidy (50% of wage) for returnees"]
    fr = client.get(
        f"{API}/returnees/r1/matches?lang=fr", headers=auth("programme_manager")
    ).get_json()
    assert fr["items"][0]["reasons"][0] == "possède 2 des 3 compétences essentielles"


@pytest.mark.parametrize(
    ("role", "scope", "rid", "status"),
    [
        ("counsellor", {"centre_id": "c1"}, "r1", 200),
        ("counsellor", {"centre_id": "c1"}, "r2", 404),
        ("programme_manager", {}, "r2", 200),
        ("admin", {}, "r1", 200),
        ("returnee", {"returnee_id": "r1"}, "r1", 200),
        ("returnee", {"returnee_id": "r1"}, "r2", 404),
        ("employer", {"employer_id": "e1"}, "r1", 403),
        ("kiosk", {"fair_id": "f1"}, "r1", 403),
        ("programme_manager", {}, "r3", 404),  # no matching consent
        ("programme_manager", {}, "nobody", 404),
    ],
)
def test_who_sees_whose_matches(client, auth, role, scope, rid, status) -> None:  # type: ignore[no-untyped-def]
    for path in ("matches", "gaps", "outcomes"):
        resp = client.get(f"{API}/returnees/{rid}/{path}", headers=auth(role, **scope))
        expected = 200 if path == "outcomes" and rid == "r3" and status == 404 else status
        assert resp.status_code == expected, path
        if expected >= 400:
            assert resp.mimetype == "application/problem+json"


def test_no_hint_that_an_unconsenting_person_exists(client, auth) -> None:  # type: ignore[no-untyped-def]
    h = auth("programme_manager")
    a = client.get(f"{API}/returnees/r3/matches", headers=h).get_json()
    b = client.get(f"{API}/returnees/nobody/matches", headers=h).get_json()
    assert a == b


def test_no_token_is_401_and_bad_query_is_422(client, auth) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"{API}/returnees/r1/matches").status_code == 401
    resp = client.get(f"{API}/returnees/r1/matches?limit=0", headers=auth("admin"))
    assert resp.status_code == 422
    assert set(resp.get_json()["errors"]) == {"limit"}


def test_candidates(client, auth) -> None:  # type: ignore[no-untyped-def]
    resp = client.get(f"{API}/vacancies/v1/candidates", headers=auth("employer", employer_id="e1"))
    assert resp.status_code == 200
    body = resp.get_json()
    assert [i["returnee_id"] for i in body["items"]] == ["r1", "r2"]
    assert set(body["items"][0]) == {
        "returnee_id",
        "score",
        "rank",
        "reasons",
        "gaps",
        "incentives",
        "distance_km",
    }
    assert (
        client.get(
            f"{API}/vacancies/v1/candidates", headers=auth("employer", employer_id="e2")
        ).status_code
        == 403
    )
    assert (
        client.get(
            f"{API}/vacancies/zz/candidates", headers=auth("employer", employer_id="e1")
        ).status_code
        == 404
    )
    mine = client.get(
        f"{API}/vacancies/v1/candidates", headers=auth("counsellor", centre_id="c2")
    ).get_json()
    assert [i["returnee_id"] for i in mine["items"]] == ["r2"]
    assert (
        client.get(
            f"{API}/vacancies/v1/candidates", headers=auth("kiosk", fair_id="f1")
        ).status_code
        == 403
    )


def test_kiosk_search_is_forced_to_its_fair(client, auth) -> None:  # type: ignore[no-untyped-def]
    kiosk = auth("kiosk", fair_id="f1")
    resp = client.post(
        f"{API}/search/vacancies", json={"q": "welder", "filters": {"fair_id": "f2"}}, headers=kiosk
    )
    assert resp.status_code == 200
    body = resp.get_json()
    assert [i["vacancy_id"] for i in body["items"]] == ["v1"] and body["total"] == 1
    card = body["items"][0]
    assert card["employer"] == "Nile Steel" and card["incentives"] == [
        "6-month wage subsidy (50% of wage) for returnees"
    ]
    person = auth("returnee", returnee_id="r1", fair_id="f2")  # a kiosk-redeemed token
    mine = client.post(f"{API}/search/vacancies", json={}, headers=person).get_json()
    assert [i["vacancy_id"] for i in mine["items"]] == ["v2"]
    pm = auth("programme_manager")
    food = client.post(f"{API}/search/vacancies", json={"filters": {"sector": "Food"}}, headers=pm)
    assert [i["vacancy_id"] for i in food.get_json()["items"]] == ["v2"]
    paged = client.post(
        f"{API}/search/vacancies", json={"page": 2, "page_size": 1}, headers=pm
    ).get_json()
    assert paged["total"] == 2 and len(paged["items"]) == 1
    bad = client.post(f"{API}/search/vacancies", json={"filters": {"salary": 1}}, headers=pm)
    assert bad.status_code == 422 and "filters.salary" in bad.get_json()["errors"]


def test_outcomes_are_stored_and_emitted(client, auth, container, bus) -> None:  # type: ignore[no-untyped-def]
    h = auth("counsellor", centre_id="c1")
    resp = client.post(
        f"{API}/outcomes",
        json={"returnee_id": "r1", "vacancy_id": "v1", "stage": "applied"},
        headers=h,
    )
    assert resp.status_code == 201
    assert resp.get_json()["model_version"] == "prior-1"
    Relay(container.runtime.engine, container.runtime.outbox, bus.publish).run_once()
    records = bus.consumer("probe", [topics.OUTCOME]).poll(0.0)
    assert [(r.envelope.type, r.key, r.envelope.data["stage"]) for r in records] == [
        ("outcome.recorded", "r1:v1", "applied")
    ]
    employer = auth("employer", employer_id="e1")
    hired = {
        "returnee_id": "r1",
        "vacancy_id": "v1",
        "stage": "hired",
        "at": "2025-05-30T10:00:00+02:00",
    }
    assert client.post(f"{API}/outcomes", json=hired, headers=employer).status_code == 201
    assert (
        client.post(
            f"{API}/outcomes", json={**hired, "stage": "saved"}, headers=employer
        ).status_code
        == 403
    )
    other = auth("employer", employer_id="e2")
    assert client.post(f"{API}/outcomes", json=hired, headers=other).status_code == 403
    assert (
        client.post(f"{API}/outcomes", json={**hired, "stage": "won"}, headers=h).status_code == 422
    )
    listed = client.get(f"{API}/returnees/r1/outcomes", headers=h).get_json()["items"]
    assert [(o["stage"], o["at"]) for o in listed] == [
        ("hired", "2025-05-30T08:00:00+00:00"),
        ("applied", "2025-06-01T09:00:00+00:00"),
    ]


def test_indicators(client, auth) -> None:  # type: ignore[no-untyped-def]
    assert (
        client.get(f"{API}/indicators", headers=auth("counsellor", centre_id="c1")).status_code
        == 403
    )
    body = client.get(f"{API}/indicators", headers=auth("programme_manager")).get_json()
    assert body["placements"] == {
        "total": 1,
        "by_month": {"2025-05": 1},
        "by_sector": {"manufacturing": 1},
        "by_region": {"Cairo": 1},
        "by_gender": {"female": 1},
    }
    assert body["retention"]["3"] == {
        "followed_up": 1,
        "employed": 1,
        "left_job": 0,
        "unreachable": 0,
        "rate": 1.0,
    }
    assert body["retention"]["6"]["rate"] is None
    assert {s["id"]: s["budget_total"] for s in body["incentives"]} == {
        "s1": 100000.0,
        "t1": 100000.0,
    }


def test_models_endpoints(client, auth) -> None:  # type: ignore[no-untyped-def]
    pm, admin = auth("programme_manager"), auth("admin")
    models = client.get(f"{API}/models", headers=pm).get_json()
    assert [m["version"] for m in models["items"]] == ["prior-1"] and models["items"][0]["active"]
    resp = client.post(f"{API}/models/train", json={}, headers=pm)
    assert resp.status_code == 409 and resp.mimetype == "application/problem+json"
    assert client.post(f"{API}/models/train", json={"force": True}, headers=pm).status_code == 403
    assert client.post(f"{API}/models/prior-1/activate", headers=pm).status_code == 403
    assert client.post(f"{API}/models/nope/activate", headers=admin).status_code == 404
    assert client.post(f"{API}/models/prior-1/activate", headers=admin).status_code == 200
    assert (
        client.get(f"{API}/models", headers=auth("employer", employer_id="e1")).status_code == 403
    )


def test_health_ready_and_openapi(client) -> None:  # type: ignore[no-untyped-def]
    ready = client.get("/matching/readyz").get_json()
    assert ready["status"] == "ready" and ready["checks"]["index"] is True
    assert client.get("/matching/healthz").status_code == 200
    spec = client.get("/matching/openapi.json").get_json()
    assert f"{API}/returnees/{{returnee_id}}/matches" in spec["paths"]


def test_an_event_changes_answers(client, auth, feed) -> None:  # type: ignore[no-untyped-def]
    h = auth("programme_manager")
    feed(envelope("vacancy.closed", vacancy_data("v1", status="closed"), version=2))
    items = client.get(f"{API}/returnees/r1/matches", headers=h).get_json()["items"]
    assert [i["vacancy_id"] for i in items] == ["v2"]
    feed(envelope("profile.updated", profile_data("r1", skills=[S_ARC]), version=2))
    items = client.get(f"{API}/returnees/r1/matches", headers=h).get_json()["items"]
    assert items[0]["reasons"][0] == "has 1 of 3 essential skills"
