"""Registering, reading, changing, listing and erasing returnees over HTTP."""

from __future__ import annotations

from sqlalchemy import select

from services.skills.adapters import tables as t
from tests.integration.skills.conftest import PERSONAL

SECRETS = [PERSONAL["name"], PERSONAL["phone"], PERSONAL["email"], "Nile Street", "1992"]


def test_register_returns_a_pseudonymous_record_without_personal_details(env):
    body = env.register(gender="female", languages=[{"code": "ar", "level": "native"}])
    assert len(body["id"]) == 32 and body["centre_id"] == "c1"
    assert "personal" not in body
    text = str(body)
    assert not any(s in text for s in SECRETS[:4])
    assert body["version"] == 1 and body["consents"]["matching"] is False


def test_personal_details_are_in_no_event_and_sealed_in_the_store(env):
    rid = env.register()["id"]
    [event] = env.events("profile.registered")
    assert event["subject"] == rid and event["source"] == "skills"
    assert not any(s in env.outbox_text() for s in SECRETS[:4])
    assert "birth_year" not in env.outbox_text()
    with env.container.runtime.engine.connect() as conn:
        blob = conn.execute(select(t.personal_details.c.sealed)).scalar_one()
    assert not any(s.encode() in blob for s in SECRETS)
    assert env.container.vault.open(blob)["name"] == PERSONAL["name"]


def test_snapshot_is_coarse(env):
    env.register()
    data = env.events("profile.registered")[0]["data"]
    assert data["location"] == {"city": "Cairo", "region": "Cairo", "lat": 30.04, "lon": 31.24}
    assert data["age_band"] == "25-34"  # born 1992, the clock says 2026
    assert set(data["consents"]) == {
        "matching",
        "shown_to_employers",
        "contact_by_employers",
        "referral_to_training",
    }
    for key in ("name", "phone", "email", "address", "birth_year"):
        assert key not in data


def test_personal_details_only_on_request_with_a_purpose_and_audited(env):
    rid = env.register()["id"]
    plain = env.call("GET", f"/returnees/{rid}").get_json()
    assert "personal" not in plain and env.count(t.audit_log) == 1  # the registration write
    resp = env.call("GET", f"/returnees/{rid}?include=personal")
    assert resp.status_code == 422 and "purpose" in resp.get_json()["errors"]
    resp = env.call("GET", f"/returnees/{rid}?include=personal&purpose=job+referral+call")
    assert resp.status_code == 200
    assert resp.get_json()["personal"]["name"] == PERSONAL["name"]
    with env.container.runtime.engine.connect() as conn:
        rows = conn.execute(select(t.audit_log).where(t.audit_log.c.action == "read")).all()
    [row] = rows
    assert row.subject == rid and row.purpose == "job referral call"
    assert row.actor_role == "counsellor" and row.actor_token_id
    assert set(row.fields) == {"name", "phone", "email", "address", "birth_year"}


def test_personal_read_can_be_limited_to_some_fields(env):
    rid = env.register()["id"]
    resp = env.call("GET", f"/returnees/{rid}?include=personal&purpose=call&fields=name,phone")
    assert resp.status_code == 200 and set(resp.get_json()["personal"]) == {"name", "phone"}
    resp = env.call("GET", f"/returnees/{rid}?include=personal&purpose=call&fields=salary")
    assert resp.status_code == 422 and "fields.0" in resp.get_json()["errors"]


def test_patch_bumps_version_and_emits_update(env):
    rid = env.register()["id"]
    resp = env.call(
        "PATCH",
        f"/returnees/{rid}",
        json={
            "education_level": 4,
            "personal": {"phone": "+20 111 000 0000"},
        },
    )
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["version"] == 2 and resp.get_json()["education_level"] == 4
    [event] = env.events("profile.updated")
    assert event["version"] == 2 and event["data"]["education_level"] == 4
    assert "+20 111" not in env.outbox_text()
    got = env.call("GET", f"/returnees/{rid}?include=personal&purpose=check").get_json()
    assert got["personal"]["phone"] == "+20 111 000 0000"
    assert got["personal"]["name"] == PERSONAL["name"]


def test_counsellor_lists_only_their_centre(env):
    mine = env.register()["id"]
    env.register(role="counsellor2")
    env.register(role="pm", centre_id="c3")
    page = env.call("GET", "/returnees?page=1&page_size=10").get_json()
    assert [i["id"] for i in page["items"]] == [mine] and page["total"] == 1
    assert env.call("GET", "/returnees", "pm").get_json()["total"] == 3
    assert env.call("GET", "/returnees?centre_id=c3", "pm").get_json()["total"] == 1


def test_counsellor_of_another_centre_gets_404(env):
    rid = env.register()["id"]
    for method, path in [
        ("GET", f"/returnees/{rid}"),
        ("GET", f"/returnees/{rid}/skills"),
        ("GET", f"/returnees/{rid}/consents"),
        ("GET", f"/returnees/{rid}/export"),
        ("PATCH", f"/returnees/{rid}"),
        ("DELETE", f"/returnees/{rid}"),
        ("PUT", f"/returnees/{rid}/consents/matching"),
    ]:
        kw = {"json": {}} if method in ("PATCH", "PUT") else {}
        resp = env.call(method, path, "counsellor2", **kw)
        assert resp.status_code == 404, (method, path)
        assert resp.content_type == "application/problem+json"


def test_counsellor_registers_only_for_their_centre(env):
    resp = env.call("POST", "/returnees", json={"personal": {"name": "X"}, "centre_id": "c2"})
    assert resp.status_code == 403
    rid = env.register()["id"]
    resp = env.call("PATCH", f"/returnees/{rid}", json={"centre_id": "c2"})
    assert resp.status_code == 403
    resp = env.call("PATCH", f"/returnees/{rid}", "pm", json={"centre_id": "c2"})
    assert resp.status_code == 200 and resp.get_json()["centre_id"] == "c2"
    assert env.call("GET", f"/returnees/{rid}").status_code == 404
    assert env.call("GET", f"/returnees/{rid}", "counsellor2").status_code == 200


def test_erasure_wipes_personal_details_and_records_and_keeps_a_tombstone(env, skill):
    rid = env.register(consents=["matching"])["id"]
    env.call("POST", f"/returnees/{rid}/skills", json={"uri": skill.uri, "proficiency": 3})
    env.call("POST", f"/returnees/{rid}/kiosk-codes", json={})
    resp = env.call("DELETE", f"/returnees/{rid}")
    assert resp.status_code == 204
    for table in (t.personal_details, t.skill_records, t.consent_changes, t.kiosk_codes):
        assert env.count(table) == 0, table.name
    with env.container.runtime.engine.connect() as conn:
        row = conn.execute(select(t.returnees)).one()
    assert row.id == rid and row.erased_at is not None and row.location is None
    [event] = env.events("profile.erased")
    assert event["data"] == {"id": rid} and event["version"] == row.version
    for path in (f"/returnees/{rid}", f"/returnees/{rid}/skills", f"/returnees/{rid}/export"):
        assert env.call("GET", path, "admin").status_code == 404
    assert env.call("DELETE", f"/returnees/{rid}").status_code == 404
    assert env.call("GET", "/returnees", "pm").get_json()["total"] == 0


def test_empty_patch_changes_nothing(env):
    rid = env.register()["id"]
    resp = env.call("PATCH", f"/returnees/{rid}", json={})
    assert resp.status_code == 200 and resp.get_json()["version"] == 1
    assert env.events("profile.updated") == []


def test_events_reach_the_bus_through_the_relay(env):
    rid = env.register()["id"]
    assert env.container.runtime.relay.run_once() == 1
    consumer = env.container.runtime.bus.consumer("test-skills", ["jisr.skills.profile"])
    [record] = consumer.poll(0.0)
    assert record.key == rid and record.envelope.type == "profile.registered"
    assert PERSONAL["name"] not in record.envelope.to_json()
