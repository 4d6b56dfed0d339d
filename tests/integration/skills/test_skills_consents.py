"""Consent per purpose: grant, withdraw, state and history, one event per change."""

from __future__ import annotations

import pytest


def test_initial_consents_are_recorded_with_history(env):
    rid = env.register(consents=["matching", "shown_to_employers"], consent_method="written")["id"]
    body = env.call("GET", f"/returnees/{rid}/consents").get_json()
    assert body["consents"] == {
        "matching": True,
        "shown_to_employers": True,
        "contact_by_employers": False,
        "referral_to_training": False,
    }
    assert [(h["purpose"], h["granted"], h["method"]) for h in body["history"]] == [
        ("matching", True, "written"),
        ("shown_to_employers", True, "written"),
    ]


def test_grant_and_withdraw_keep_full_history_and_emit_snapshots(env):
    rid = env.register()["id"]
    resp = env.call(
        "PUT",
        f"/returnees/{rid}/consents/matching",
        json={"method": "verbal", "note": "agreed at intake"},
    )
    assert resp.status_code == 200 and resp.get_json()["consents"]["matching"] is True
    env.clock.advance(days=3)
    resp = env.call("DELETE", f"/returnees/{rid}/consents/matching", json={"method": "digital"})
    assert resp.get_json()["consents"]["matching"] is False
    history = env.call("GET", f"/returnees/{rid}/consents").get_json()["history"]
    assert [(h["granted"], h["method"], h["note"]) for h in history] == [
        (True, "verbal", "agreed at intake"),
        (False, "digital", None),
    ]
    assert history[0]["recorded_by"] and history[0]["recorded_by_role"] == "counsellor"
    assert history[1]["at"] > history[0]["at"]
    events = env.events("profile.consent_changed")
    assert [e["data"]["consents"]["matching"] for e in events] == [True, False]
    assert [e["version"] for e in events] == [2, 3]


def test_repeating_the_current_state_records_nothing(env):
    rid = env.register(consents=["matching"])["id"]
    before = len(env.events())
    resp = env.call("PUT", f"/returnees/{rid}/consents/matching")
    assert resp.status_code == 200 and len(resp.get_json()["history"]) == 1
    assert len(env.events()) == before


def test_consent_without_body_works(env):
    rid = env.register()["id"]
    assert env.call("PUT", f"/returnees/{rid}/consents/referral_to_training").status_code == 200


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_unknown_purpose_is_404_naming_the_purpose(env, method):
    rid = env.register()["id"]
    resp = env.call(method, f"/returnees/{rid}/consents/marketing")
    assert resp.status_code == 404
    assert "purpose" in resp.get_json()["detail"]


def test_bad_consent_method_is_422(env):
    rid = env.register()["id"]
    resp = env.call("PUT", f"/returnees/{rid}/consents/matching", json={"method": "telepathy"})
    assert resp.status_code == 422 and "method" in resp.get_json()["errors"]
    assert env.call("GET", f"/returnees/{rid}/consents").get_json()["history"] == []
