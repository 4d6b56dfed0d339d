"""The export of everything held about a person, and the audit log behind it."""

from __future__ import annotations

from tests.integration.skills.conftest import PERSONAL


def test_export_holds_everything_and_is_audited(env, skill, occupation):
    rid = env.register(consents=["matching"])["id"]
    env.call("POST", f"/returnees/{rid}/skills", json={"uri": skill.uri, "evidence": "assessed"})
    env.call(
        "POST", f"/returnees/{rid}/experience", json={"occupation": occupation.uri, "years": 2}
    )
    env.call("PUT", f"/returnees/{rid}/aspirations", json={"regions": ["Giza"], "max_km": 30})
    env.call("GET", f"/returnees/{rid}?include=personal&purpose=phone+call")
    env.call("POST", f"/returnees/{rid}/kiosk-codes", json={"fair_id": "f1"})
    resp = env.call("GET", f"/returnees/{rid}/export?purpose=subject+access+request")
    assert resp.status_code == 200 and resp.content_type == "application/json"
    doc = resp.get_json()
    assert doc["returnee"]["id"] == rid
    assert doc["personal"] == PERSONAL
    assert doc["consents"]["current"]["matching"] is True
    assert [h["purpose"] for h in doc["consents"]["history"]] == ["matching"]
    assert [s["uri"] for s in doc["skills"]] == [skill.uri]
    assert [e["occupation"] for e in doc["experience"]] == [occupation.uri]
    assert doc["aspirations"]["regions"] == ["Giza"]
    assert doc["kiosk_codes"][0]["fair_id"] == "f1" and "code_hash" not in doc["kiosk_codes"][0]
    actions = [(a["action"], a["purpose"]) for a in doc["audit"]]
    assert actions == [
        ("write", "registration"),
        ("read", "phone call"),
        ("export", "subject access request"),
    ]


def test_audit_endpoint_lists_entries_about_a_subject(env):
    rid = env.register()["id"]
    other = env.register()["id"]
    env.call("GET", f"/returnees/{rid}?include=personal&purpose=check+identity")
    page = env.call("GET", f"/audit?subject={rid}", "admin").get_json()
    assert page["total"] == 2
    newest = page["items"][0]
    assert newest["action"] == "read" and newest["purpose"] == "check identity"
    assert newest["actor_role"] == "counsellor" and "name" in newest["fields"]
    assert env.call("GET", "/audit", "admin").get_json()["total"] == 3
    assert other
