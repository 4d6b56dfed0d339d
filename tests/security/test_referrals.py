"""Referral packets to training providers: consent-bound, minimal, expiring, audited."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from shared.messages import utcnow
from tests.security.world import build_world, returnee_body, settings_for

PACKET_KEYS = {
    "format",
    "reference",
    "purpose",
    "provider",
    "training",
    "centre_id",
    "issued_at",
    "expires_at",
    "person",
}
BODY = {"provider": "Cairo Welding Institute", "purpose": "referral_to_training"}


@pytest.fixture(scope="module")
def world(tmp_path_factory, starter):
    w = build_world(settings_for(tmp_path_factory.mktemp("referrals")), starter)
    yield w
    w.platform.stop()


def person(world, consents=None) -> str:
    body = returnee_body(world.a.centre, name="Nour El-Sayed Mahmoud")
    body["personal"].update(phone="+20 100 1", email="nour@example.org", birth_year=1995)
    body["gender"] = "female"
    if consents is not None:
        body["consents"] = consents
    token = world.tokens["counsellor"]
    rid = str(world.http.ok("POST", "/skills/v1/returnees", body, token=token)["id"])
    world.http.ok(
        "POST",
        f"/skills/v1/returnees/{rid}/skills",
        {"uri": world.skills[0], "evidence": "certified", "years": 3},
        token=token,
    )
    return rid


def issue(world, rid: str, **extra):
    return world.http.call(
        "POST",
        f"/skills/v1/returnees/{rid}/referrals",
        {**BODY, **extra},
        token=world.tokens["counsellor"],
    )


def test_a_packet_holds_the_minimum_a_provider_needs(world) -> None:
    rid = person(world)
    made = issue(world, rid, training="MIG welding course", ttl_days=14)
    assert made.status_code == 201, made.get_json()
    code = made.get_json()["code"]
    read = world.http.call("GET", f"/skills/v1/referrals/{code}", token=world.tokens["service"])
    assert read.status_code == 200
    packet = read.get_json()
    assert packet == made.get_json()["packet"]
    assert set(packet) == PACKET_KEYS
    assert packet["purpose"] == "referral_to_training"
    assert packet["training"] == "MIG welding course"
    assert packet["reference"] == code and len(code.replace("-", "")) == 12
    assert set(packet["person"]) == {"first_name", "skills", "languages", "education_level"}
    assert packet["person"]["first_name"] == "Nour"
    [skill] = packet["person"]["skills"]
    assert (skill["uri"], skill["evidence"], skill["years"]) == (world.skills[0], "certified", 3)
    assert skill["label"] and packet["person"]["education_level"] == 3
    text = json.dumps(packet)
    for never in (rid, "Mahmoud", "El-Sayed", "+20 100 1", "nour@example.org", "1995", "female"):
        assert never not in text
    # lower case and spaces are forgiven, as for kiosk codes
    again = world.http.call(
        "GET",
        f"/skills/v1/referrals/{code.lower().replace('-', ' ')}",
        token=world.tokens["programme_manager"],
    )
    assert again.status_code == 200


def test_without_referral_consent_there_is_no_packet(world) -> None:
    rid = person(world, consents=["matching"])
    resp = issue(world, rid)
    assert resp.status_code == 409
    body = resp.get_json()
    assert "referral_to_training" in body["detail"] and "consent" in body["errors"]
    wrong = issue(world, person(world), purpose="marketing")
    assert wrong.status_code == 422 and "purpose" in wrong.get_json()["errors"]
    too_long = issue(world, person(world), ttl_days=365)
    assert too_long.status_code == 422 and "ttl_days" in too_long.get_json()["errors"]


def test_withdrawal_stops_the_packet_at_once(world) -> None:
    rid = person(world)
    code = issue(world, rid).get_json()["code"]
    world.http.ok(
        "DELETE",
        f"/skills/v1/returnees/{rid}/consents/referral_to_training",
        {},
        token=world.tokens["counsellor"],
    )
    assert world.http.call("GET", f"/skills/v1/referrals/{code}").status_code == 404


def test_a_packet_expires(world) -> None:
    rid = person(world)
    code = issue(world, rid, ttl_days=1).get_json()["code"]
    skills = world.platform.skills
    skills.clock = lambda: utcnow() + timedelta(days=1, seconds=1)
    try:
        expired = world.http.call("GET", f"/skills/v1/referrals/{code}")
        assert expired.status_code == 410
        assert expired.content_type == "application/problem+json"
    finally:
        skills.clock = utcnow
    assert world.http.call("GET", "/skills/v1/referrals/AAAA-BBBB-CCCC").status_code == 404
    assert world.http.call("GET", "/skills/v1/referrals/not-a-code").status_code == 404


def test_every_issue_and_read_is_audited(world) -> None:
    rid = person(world)
    code = issue(world, rid).get_json()["code"]
    for role in ("service", "programme_manager"):
        world.http.ok("GET", f"/skills/v1/referrals/{code}", token=world.tokens[role])
    entries = world.http.ok("GET", f"/skills/v1/audit?subject={rid}")["items"]
    mine = [
        (e["action"], e["actor_role"], e["actor_token_id"])
        for e in reversed(entries)
        if e["action"].startswith("referral")
    ]
    ids = world.token_ids
    assert mine == [
        ("referral_issue", "counsellor", ids["counsellor"]),
        ("referral_read", "service", ids["service"]),
        ("referral_read", "programme_manager", ids["programme_manager"]),
    ]
    assert {e["purpose"] for e in entries if e["action"].startswith("referral")} == {
        "referral_to_training"
    }
    for role in ("employer", "counsellor", "kiosk", "returnee"):
        resp = world.http.call("GET", f"/skills/v1/referrals/{code}", token=world.tokens[role])
        assert resp.status_code == 403
