"""Who may call what: 401 without a token, 403 for roles outside their scope, 404 to hide."""

from __future__ import annotations

import pytest

NO_ACCESS = ["employer", "kiosk", "service"]


def _endpoints(rid: str, skill_id: str) -> list[tuple[str, str, object]]:
    return [
        ("POST", "/returnees", {"personal": {"name": "N"}}),
        ("GET", "/returnees", None),
        ("GET", f"/returnees/{rid}", None),
        ("PATCH", f"/returnees/{rid}", {}),
        ("DELETE", f"/returnees/{rid}", None),
        ("GET", f"/returnees/{rid}/consents", None),
        ("PUT", f"/returnees/{rid}/consents/matching", {}),
        ("DELETE", f"/returnees/{rid}/consents/matching", {}),
        ("POST", f"/returnees/{rid}/skills", {"label": "x"}),
        ("GET", f"/returnees/{rid}/skills", None),
        ("PATCH", f"/returnees/{rid}/skills/{skill_id}", {}),
        ("DELETE", f"/returnees/{rid}/skills/{skill_id}", None),
        ("PUT", f"/returnees/{rid}/languages", []),
        ("PUT", f"/returnees/{rid}/education", {"level": 1}),
        ("POST", f"/returnees/{rid}/experience", {"label": "x", "years": 1}),
        ("GET", f"/returnees/{rid}/experience", None),
        ("PUT", f"/returnees/{rid}/aspirations", {}),
        ("GET", f"/returnees/{rid}/export", None),
        ("POST", f"/returnees/{rid}/kiosk-codes", {}),
        ("GET", f"/audit?subject={rid}", None),
        ("POST", "/taxonomy/labels", {"uri": "u", "lang": "ar", "label": "x"}),
    ]


@pytest.fixture
def target(env, skill):
    rid = env.register(consents=["matching"])["id"]
    rec = env.call("POST", f"/returnees/{rid}/skills", json={"uri": skill.uri}).get_json()
    return rid, rec["id"]


def _send(env, method, path, role, body):
    kw = {"json": body} if body is not None else {}
    return env.call(method, path, role, **kw)


def test_every_endpoint_needs_a_token(env, target):
    for method, path, body in _endpoints(*target):
        resp = _send(env, method, path, None, body)
        assert resp.status_code == 401, (method, path)
        assert resp.content_type == "application/problem+json"
    assert env.call("GET", "/taxonomy/skills?q=weld", None).status_code == 401
    assert env.call("POST", "/kiosk/redeem", None, json={"code": "x"}).status_code == 401
    bad = env.call("POST", "/returnees", None, json={"nonsense": 1})
    assert bad.status_code == 401  # authentication comes before validation
    garbage = {"Authorization": "Bearer not-a-token"}
    assert env.client.get("/skills/v1/returnees", headers=garbage).status_code == 401


@pytest.mark.parametrize("role", NO_ACCESS)
def test_employer_kiosk_and_service_tokens_cannot_touch_returnee_records(env, target, role):
    before = env.counts()
    for method, path, body in _endpoints(*target):
        resp = _send(env, method, path, role, body)
        assert resp.status_code == 403, (role, method, path, resp.get_json())
    assert env.counts() == before


def test_audit_log_is_for_admins_only(env, target):
    rid, _ = target
    for role in ("pm", "counsellor"):
        assert env.call("GET", f"/audit?subject={rid}", role).status_code == 403
    assert env.call("GET", f"/audit?subject={rid}", "admin").status_code == 200


@pytest.mark.parametrize("role", ["pm", "admin"])
def test_managers_reach_every_centre(env, target, role):
    rid, _ = target
    assert env.call("GET", f"/returnees/{rid}", role).status_code == 200
    assert env.call("GET", f"/returnees/{rid}/skills", role).status_code == 200
    assert (
        env.call("PUT", f"/returnees/{rid}/education", role, json={"level": 2}).status_code == 200
    )


def test_any_role_may_search_the_taxonomy(env):
    for role in ("admin", "pm", "counsellor", "employer", "kiosk", "service"):
        assert env.call("GET", "/taxonomy/occupations?q=a", role).status_code == 200, role


def test_health_and_openapi_need_no_token(env):
    assert env.client.get("/skills/healthz").status_code == 200
    assert env.client.get("/skills/readyz").status_code == 200
    spec = env.client.get("/skills/openapi.json").get_json()
    assert "/skills/v1/returnees/{returnee_id}/skills" in spec["paths"]
