"""Bad input and authorisation on the employers service."""

from __future__ import annotations

import pytest

from tests.integration.employers.test_employers_api import make_employer


def test_401_without_or_with_a_bad_token(client) -> None:
    for token in ("", "garbage"):
        resp = client.get("/employers/v1/employers", token=token)
        assert resp.status_code == 401 and resp.content_type == "application/problem+json"


def test_health_and_openapi_need_no_token(client) -> None:
    assert client.get("/employers/healthz", token="").status_code == 200
    assert client.get("/employers/readyz", token="").json["status"] == "ready"
    spec = client.get("/employers/openapi.json", token="").json
    assert "/employers/v1/employers/{employer_id}/vacancies" in spec["paths"]


@pytest.mark.parametrize("role", ["counsellor", "kiosk", "service"])
def test_403_for_roles_that_may_not_register_employers(client, tokens, role) -> None:
    resp = client.post("/employers/v1/employers", {"name": "X"}, token=tokens[role])
    assert resp.status_code == 403 and resp.content_type == "application/problem+json"


def test_an_employer_acts_only_on_itself(client, tokens, vacancy_body) -> None:
    mine, other = make_employer(client), make_employer(client, name="Other")
    token = tokens["issue"]("employer", 60, employer_id=mine["id"]).token
    assert client.get(f"/employers/v1/employers/{mine['id']}", token=token).status_code == 200
    assert client.get(f"/employers/v1/employers/{other['id']}", token=token).status_code == 403
    assert (
        client.post(
            f"/employers/v1/employers/{other['id']}/vacancies", vacancy_body, token=token
        ).status_code
        == 403
    )
    ok = client.post(f"/employers/v1/employers/{mine['id']}/vacancies", vacancy_body, token=token)
    assert ok.status_code == 201
    theirs = client.post(f"/employers/v1/employers/{other['id']}/vacancies", vacancy_body).json
    assert client.get(f"/employers/v1/vacancies/{theirs['id']}", token=token).status_code == 404
    assert (
        client.post(f"/employers/v1/vacancies/{theirs['id']}/close", token=token).status_code == 403
    )
    listed = client.get("/employers/v1/vacancies", token=token).json
    assert [v["id"] for v in listed["items"]] == [ok.json["id"]]
    # an employer cannot promote itself
    patched = client.patch(
        f"/employers/v1/employers/{mine['id']}", {"engagement_level": "manage_closely"}, token=token
    )
    assert patched.status_code == 200 and patched.json["engagement_level"] == "inform"


def test_only_admins_issue_admin_tokens(client, tokens) -> None:
    assert client.post("/auth/v1/tokens", {"role": "admin"}, token=tokens["pm"]).status_code == 403
    made = client.post(
        "/auth/v1/tokens",
        {"role": "employer", "employer_id": "e1", "ttl_s": 60},
        token=tokens["pm"],
    )
    assert made.status_code == 201 and made.json["token"]
    assert client.post("/auth/v1/tokens", {"role": "employer"}).status_code == 422
    assert (
        client.post(
            "/auth/v1/tokens", {"role": "counsellor", "centre_id": "c"}, token=tokens["counsellor"]
        ).status_code
        == 403
    )
    revoke = client.delete(f"/auth/v1/tokens/{made.json['id']}")
    assert revoke.status_code == 204
    assert client.get("/employers/v1/employers/e1", token=made.json["token"]).status_code == 401


@pytest.mark.parametrize(
    "body,field",
    [
        ({}, "name"),
        ({"name": 12}, "name"),
        ({"name": "X", "colour": "red"}, "colour"),
        ({"name": "X", "size": "huge"}, "size"),
        ({"name": "X", "location": {"lat": 200}}, "location.lat"),
    ],
)
def test_bad_employer_bodies_name_the_field(client, body, field) -> None:
    resp = client.post("/employers/v1/employers", body)
    assert resp.status_code == 422 and resp.content_type == "application/problem+json"
    assert field in resp.json["errors"]
    assert client.get("/employers/v1/employers").json["total"] == 0


@pytest.mark.parametrize(
    "change,field",
    [
        ({"title": None}, "title"),
        ({"positions": 0}, "positions"),
        ({"education_level": 9}, "education_level"),
        ({"languages": [{"code": "arabic", "level": "B1"}]}, "languages.0.code"),
        ({"closes_at": "2001-01-01T00:00:00+00:00"}, "closes_at"),
        ({"closes_at": "2099-01-01T00:00:00"}, "closes_at"),
        ({"incentive_ids": ["nope"]}, "incentive_ids.0"),
        ({"fair_ids": ["nope"]}, "fair_ids.0"),
        ({"occupation": "http://data.europa.eu/esco/occupation/nope"}, "occupation"),
        ({"skills": [{"uri": "x", "label": "y"}]}, "skills.0"),
    ],
)
def test_bad_vacancy_bodies_name_the_field(client, vacancy_body, change, field) -> None:
    emp = make_employer(client)
    resp = client.post(f"/employers/v1/employers/{emp['id']}/vacancies", {**vacancy_body, **change})
    assert resp.status_code == 422, resp.json
    assert field in resp.json["errors"], resp.json
    assert client.get("/employers/v1/vacancies").json["total"] == 0


def test_unknown_ids_are_404(client) -> None:
    for path in (
        "/employers/v1/employers/nope",
        "/employers/v1/vacancies/nope",
        "/employers/v1/incentive-schemes/nope",
        "/employers/v1/placements/nope",
    ):
        resp = client.get(path)
        assert resp.status_code == 404 and resp.content_type == "application/problem+json"


def test_body_over_the_limit_is_413(client) -> None:
    resp = client.post("/employers/v1/employers", {"name": "x" * 300_000})
    assert resp.status_code == 413 and resp.content_type == "application/problem+json"


def test_malformed_json_is_400_and_page_size_is_capped(client) -> None:
    resp = client.raw.post(
        "/employers/v1/employers",
        data="{not json",
        headers={"Authorization": f"Bearer {client.token}", "Content-Type": "application/json"},
    )
    assert resp.status_code in (400, 422) and resp.content_type == "application/problem+json"
    assert client.get("/employers/v1/vacancies?page_size=1000").status_code == 422
    assert "page" in client.get("/employers/v1/vacancies?page=zero").json["errors"]
