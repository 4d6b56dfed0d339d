"""Kiosk codes: single use, 15-minute expiry, fair binding, rate limit, audited first name."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from services.skills.adapters import tables as t
from services.skills.domain.kiosk import ALPHABET


@pytest.fixture
def rid(env) -> str:
    return str(env.register(consents=["matching"])["id"])


def _code(env, rid: str, **body) -> dict:
    resp = env.call("POST", f"/returnees/{rid}/kiosk-codes", json=body)
    assert resp.status_code == 201, resp.get_json()
    return dict(resp.get_json())


def _redeem(env, code: str, role: str = "kiosk", addr: str = "10.0.0.1"):
    return env.call(
        "POST", "/kiosk/redeem", role, json={"code": code}, environ_base={"REMOTE_ADDR": addr}
    )


def test_code_is_short_unambiguous_and_stored_hashed(env, rid):
    body = _code(env, rid, fair_id="f1")
    code = body["code"]
    assert len(code) == 8 and set(code) <= set(ALPHABET)
    assert body["expires_at"].startswith("2026-03-02T09:15")
    with env.container.runtime.engine.connect() as conn:
        stored = conn.execute(select(t.kiosk_codes.c.code_hash)).scalar_one()
    assert code not in stored and len(stored) == 64


def test_redeem_once_gives_a_scoped_token_and_audits_the_first_name(env, rid):
    code = _code(env, rid, fair_id="f1")["code"]
    resp = _redeem(env, code.lower()[:4] + "-" + code[4:])  # forgiving of case and dashes
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["returnee_id"] == rid and body["first_name"] == "Layla"
    principal = env.container.tokens.verify(body["token"])
    assert principal.role == "returnee" and principal.returnee_id == rid
    assert principal.fair_id == "f1"
    with env.container.runtime.engine.connect() as conn:
        row = conn.execute(select(t.audit_log).where(t.audit_log.c.purpose == "kiosk_redeem")).one()
    assert row.subject == rid and row.fields == ["name"] and row.actor_role == "kiosk"
    again = _redeem(env, code)
    assert again.status_code == 422 and "code" in again.get_json()["errors"]


def test_returnee_token_reads_only_its_own_summary(env, rid):
    token = _redeem(env, _code(env, rid)["code"]).get_json()["token"]
    env.tokens["me"] = token
    own = env.call("GET", f"/returnees/{rid}", "me")
    assert own.status_code == 200 and "personal" not in own.get_json()
    assert "consents" not in own.get_json()
    assert (
        env.call("GET", f"/returnees/{rid}?include=personal&purpose=xyz", "me").status_code == 403
    )
    other = env.register()["id"]
    assert env.call("GET", f"/returnees/{other}", "me").status_code == 404
    assert env.call("GET", f"/returnees/{rid}/skills", "me").status_code == 403


def test_code_expires_after_15_minutes(env, rid, clock):
    code = _code(env, rid)["code"]
    clock.advance(minutes=15, seconds=1)
    assert _redeem(env, code).status_code == 422


def test_code_of_another_fair_is_refused(env, rid):
    code = _code(env, rid, fair_id="f1")["code"]
    assert _redeem(env, code, role="kiosk2").status_code == 422
    assert _redeem(env, code, role="kiosk").status_code == 200


def test_a_new_code_revokes_the_old_one(env, rid):
    old = _code(env, rid)["code"]
    new = _code(env, rid)["code"]
    assert _redeem(env, old).status_code == 422
    assert _redeem(env, new).status_code == 200


def test_code_needs_matching_consent(env):
    rid = env.register()["id"]
    resp = env.call("POST", f"/returnees/{rid}/kiosk-codes", json={})
    assert resp.status_code == 409 and "matching" in resp.get_json()["detail"]


def test_wrong_codes_are_rate_limited_per_kiosk_token(env, rid, clock):
    code = _code(env, rid)["code"]
    for i in range(5):
        assert _redeem(env, "WRONG000", addr=f"10.0.1.{i}").status_code == 422
    resp = _redeem(env, code, addr="10.0.2.1")  # even the right code waits now
    assert resp.status_code == 429 and resp.content_type == "application/problem+json"
    assert 1 <= int(resp.headers["Retry-After"]) <= 300
    assert _redeem(env, code, role="kiosk2", addr="10.0.3.1").status_code == 200  # other kiosk
    clock.advance(minutes=5, seconds=1)
    assert _redeem(env, "WRONG000", addr="10.0.1.9").status_code == 422


def test_wrong_codes_are_rate_limited_per_address(env, rid):
    for role in ("kiosk", "kiosk2", "kiosk", "kiosk2", "kiosk"):
        _redeem(env, "ABCDEFGH", role=role, addr="192.0.2.7")
    resp = _redeem(env, "ABCDEFGH", role="kiosk2", addr="192.0.2.7")
    assert resp.status_code == 429 and "Retry-After" in resp.headers


def test_only_kiosks_redeem(env, rid):
    code = _code(env, rid)["code"]
    for role in ("counsellor", "employer", "service", "pm"):
        assert _redeem(env, code, role=role).status_code == 403
