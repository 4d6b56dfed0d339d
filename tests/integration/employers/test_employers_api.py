"""The employers service through its app factory: the API.md paths behave as written."""

from __future__ import annotations

from sqlalchemy import select

from services.employers.adapters.tables import vacancies
from shared.messages import Envelope


def outbox_types(container) -> list[str]:
    with container.runtime.engine.connect() as conn:
        rows = conn.execute(
            select(container.runtime.outbox.c.payload).order_by(container.runtime.outbox.c.seq)
        )
        return [Envelope.from_json(r[0]).type for r in rows]


def make_employer(client, **extra) -> dict:
    body = {
        "name": "Nile Build",
        "sector": "construction",
        "size": "small",
        "location": {"city": "Cairo", "lat": 30.0, "lon": 31.2},
        **extra,
    }
    resp = client.post("/employers/v1/employers", body)
    assert resp.status_code == 201, resp.json
    return resp.json


def test_register_read_and_update_an_employer(client, container) -> None:
    emp = make_employer(client, engagement_level="consult")
    assert emp["engagement_level"] == "consult" and emp["version"] == 1
    assert client.get(f"/employers/v1/employers/{emp['id']}").json["name"] == "Nile Build"
    patched = client.patch(
        f"/employers/v1/employers/{emp['id']}", {"engagement_level": "manage_closely"}
    )
    assert patched.status_code == 200 and patched.json["version"] == 2
    assert outbox_types(container) == ["employer.registered", "employer.updated"]


def test_only_name_is_required(client) -> None:
    resp = client.post("/employers/v1/employers", {"name": "Solo"})
    assert resp.status_code == 201 and resp.json["engagement_level"] == "inform"


def test_post_a_vacancy_and_its_lifecycle(client, container, vacancy_body) -> None:
    emp = make_employer(client)
    resp = client.post(f"/employers/v1/employers/{emp['id']}/vacancies", vacancy_body)
    assert resp.status_code == 201, resp.json
    vac = resp.json
    assert vac["status"] == "open" and vac["employer_id"] == emp["id"]
    listed = client.get("/employers/v1/vacancies?status=open").json
    assert [v["id"] for v in listed["items"]] == [vac["id"]] and listed["total"] == 1
    closed = client.post(f"/employers/v1/vacancies/{vac['id']}/close")
    assert closed.status_code == 200 and closed.json["status"] == "closed"
    again = client.post(f"/employers/v1/vacancies/{vac['id']}/close")
    assert again.status_code == 409 and again.content_type == "application/problem+json"
    assert outbox_types(container)[-2:] == ["vacancy.published", "vacancy.closed"]


def test_a_vacancy_by_skill_label_and_title(client, starter, occupation, vacancy_body) -> None:
    emp = make_employer(client)
    skill_uri = vacancy_body["skills"][0]["uri"]
    body = {
        **vacancy_body,
        "skills": [{"label": starter.skill(skill_uri).labels["en"], "essential": True}],
    }
    del body["occupation"]
    resp = client.post(f"/employers/v1/employers/{emp['id']}/vacancies", body)
    assert resp.status_code == 201, resp.json
    assert resp.json["skills"] == [{"uri": skill_uri, "essential": True}]
    assert resp.json["occupation"] == occupation.uri


def test_an_unknown_esco_uri_is_a_422_naming_the_field(client, container, vacancy_body) -> None:
    emp = make_employer(client)
    before = outbox_types(container)
    body = {**vacancy_body, "skills": [{"uri": "http://data.europa.eu/esco/skill/nope"}]}
    resp = client.post(f"/employers/v1/employers/{emp['id']}/vacancies", body)
    assert resp.status_code == 422
    assert resp.content_type == "application/problem+json"
    assert "skills.0.uri" in resp.json["errors"]
    assert outbox_types(container) == before
    with container.runtime.engine.connect() as conn:
        assert conn.execute(select(vacancies)).first() is None


def test_an_unmatchable_skill_label_lists_no_guess(client, vacancy_body) -> None:
    emp = make_employer(client)
    body = {**vacancy_body, "skills": [{"label": "zzqx unknown craft"}]}
    resp = client.post(f"/employers/v1/employers/{emp['id']}/vacancies", body)
    assert resp.status_code == 422 and "skills.0.label" in resp.json["errors"]


def test_incentive_scheme_budget_and_placement(client, container, vacancy_body) -> None:
    emp = make_employer(client)
    scheme = client.post(
        "/employers/v1/incentive-schemes",
        {
            "name": "Wage subsidy",
            "type": "wage_subsidy",
            "terms": {"share": 0.5, "months": 6, "monthly_cap": 1000},
            "budget_total": 9000,
            "currency": "EGP",
        },
    )
    assert scheme.status_code == 201, scheme.json
    sid = scheme.json["id"]
    assert scheme.json["summary"].startswith("6-month wage subsidy (50% of wage)")
    vac = client.post(
        f"/employers/v1/employers/{emp['id']}/vacancies", {**vacancy_body, "incentive_ids": [sid]}
    ).json
    hire = {
        "vacancy_id": vac["id"],
        "returnee_id": "r1",
        "start_date": "2026-12-01",
        "scheme_id": sid,
        "monthly_wage": 3000,
    }
    first = client.post("/employers/v1/placements", hire)
    assert first.status_code == 201, first.json
    assert first.json["subsidy_committed"] == 6000.0  # min(0.5*3000, 1000) * 6
    assert client.get(f"/employers/v1/incentive-schemes/{sid}").json["budget_remaining"] == 3000.0
    dup = client.post("/employers/v1/placements", hire)
    assert dup.status_code == 409
    over = client.post("/employers/v1/placements", {**hire, "returnee_id": "r2"})
    assert over.status_code == 409 and "budget" in over.json["detail"]
    # the refused hire changed nothing: one position still free, budget unchanged
    assert client.get(f"/employers/v1/vacancies/{vac['id']}").json["filled"] == 1
    assert client.get(f"/employers/v1/incentive-schemes/{sid}").json["budget_remaining"] == 3000.0
    plain = client.post(
        "/employers/v1/placements", {**hire, "returnee_id": "r3", "scheme_id": None}
    )
    assert plain.status_code == 422  # null is not an id
    del hire["scheme_id"]
    second = client.post("/employers/v1/placements", {**hire, "returnee_id": "r3"})
    assert second.status_code == 201
    assert client.get(f"/employers/v1/vacancies/{vac['id']}").json["status"] == "filled"
    assert "vacancy.filled" in outbox_types(container)


def test_wage_subsidy_terms_are_validated(client) -> None:
    resp = client.post(
        "/employers/v1/incentive-schemes",
        {
            "name": "Bad",
            "type": "wage_subsidy",
            "terms": {"share": 1.5, "months": 6, "colour": "red"},
        },
    )
    assert resp.status_code == 422
    assert {"terms.share", "terms.colour", "terms.monthly_cap"} <= set(resp.json["errors"])


def test_follow_ups(client, vacancy_body) -> None:
    emp = make_employer(client)
    vac = client.post(f"/employers/v1/employers/{emp['id']}/vacancies", vacancy_body).json
    plc = client.post(
        "/employers/v1/placements",
        {"vacancy_id": vac["id"], "returnee_id": "r1", "start_date": "2026-01-01"},
    ).json
    url = f"/employers/v1/placements/{plc['id']}/follow-ups"
    assert (
        client.post(url, {"month": 3, "status": "employed", "at": "2026-04-01"}).status_code == 201
    )
    assert (
        client.post(url, {"month": 3, "status": "employed", "at": "2026-04-02"}).status_code == 409
    )
    left = client.post(url, {"month": 6, "status": "left_job", "at": "2026-07-01"})
    assert left.json["status"] == "ended" and [f["month"] for f in left.json["follow_ups"]] == [
        3,
        6,
    ]
    assert (
        client.post(url, {"month": 5, "status": "employed", "at": "2026-07-01"}).status_code == 422
    )


def test_partnerships_and_fairs(client) -> None:
    emp = make_employer(client)
    p = client.post(
        "/employers/v1/partnerships",
        {"employer_id": emp["id"], "kind": "mou", "starts_on": "2026-01-01"},
    )
    assert p.status_code == 201 and p.json["status"] == "draft"
    assert (
        client.patch(f"/employers/v1/partnerships/{p.json['id']}", {"status": "active"}).json[
            "status"
        ]
        == "active"
    )
    assert (
        client.post(
            "/employers/v1/partnerships", {"employer_id": "nope", "kind": "mou"}
        ).status_code
        == 404
    )
    fair = client.post("/employers/v1/fairs", {"name": "Cairo fair", "city": "Cairo"})
    assert fair.status_code == 201
    assert client.get(f"/employers/v1/fairs/{fair.json['id']}").json["city"] == "Cairo"


def test_fair_listing_and_kiosk_scope(client, tokens, vacancy_body) -> None:
    emp = make_employer(client)
    fair = client.post("/employers/v1/fairs", {"name": "Fair"}).json
    at_fair = client.post(
        f"/employers/v1/employers/{emp['id']}/vacancies", {**vacancy_body, "fair_ids": [fair["id"]]}
    ).json
    client.post(f"/employers/v1/employers/{emp['id']}/vacancies", vacancy_body)
    kiosk = tokens["issue"]("kiosk", 60, fair_id=fair["id"]).token
    seen = client.get("/employers/v1/vacancies", token=kiosk).json
    assert [v["id"] for v in seen["items"]] == [at_fair["id"]]
    assert client.get(f"/employers/v1/vacancies?fair_id={fair['id']}").json["total"] == 1
