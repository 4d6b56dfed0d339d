"""Personal details at rest: sealed, re-encrypted with a new key on request, and every
disclosure written to an audit log that admins (and only admins) can query."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, select

from services.embedded import build_platform
from services.skills import rotate
from services.skills.adapters.tables import personal_details
from shared.crypto import Vault
from tests.security.world import Http, build_world, returnee_body, settings_for

K1, K2, K3 = "old-pii-key-2025", "new-pii-key-2026", "newer-pii-key-2027"
PERSONAL = {"name": "Samira Haddad", "phone": "+20 122 000 1111", "email": "s.h@example.org"}


def _sealed_rows(settings) -> list[bytes]:
    engine = create_engine(settings.db_url("skills"))
    with engine.connect() as conn:
        rows = list(conn.execute(select(personal_details.c.sealed)).scalars())
    engine.dispose()
    return rows


def _platform(settings, starter):
    return build_platform(settings, taxonomy=starter)


def _personal(http: Http, rid: str) -> dict:
    return dict(
        http.ok(
            "GET",
            f"/skills/v1/returnees/{rid}",
            query={"include": "personal", "purpose": "key rotation check"},
        )["personal"]
    )


def test_rows_sealed_with_an_old_key_read_with_only_the_new_key_after_rotation(
    tmp_path, starter
) -> None:
    old = settings_for(tmp_path, pii_keys=(K1,))
    first = _platform(old, starter)
    ids = []
    for i in range(3):
        body = returnee_body("centre-a", name=f"{PERSONAL['name']} {i}")
        body["personal"].update(phone=PERSONAL["phone"], email=PERSONAL["email"])
        ids.append(Http(first.wsgi).ok("POST", "/skills/v1/returnees", body)["id"])
    first.bus.close()
    rows = _sealed_rows(old)
    assert len(rows) == 3 and all(b"Samira" not in r for r in rows)

    both = _platform(old.with_overrides(pii_keys=(K2, K1)), starter)
    http = Http(both.wsgi)
    pm = both.tokens.issue("programme_manager", 60).token
    assert http.call("POST", "/skills/v1/admin/rotate-pii-key", token=pm).status_code == 403
    assert http.ok("POST", "/skills/v1/admin/rotate-pii-key") == {"rotated": 3}
    both.bus.close()

    rotated = _sealed_rows(old)
    assert rotated != rows
    for row in rotated:
        Vault((K2,)).open(row)
        with pytest.raises(ValueError):
            Vault((K1,)).open(row)
    only_new = _platform(old.with_overrides(pii_keys=(K2,)), starter)
    try:
        read = _personal(Http(only_new.wsgi), ids[0])
        assert read == {**PERSONAL, "name": f"{PERSONAL['name']} 0"}
    finally:
        only_new.bus.close()


def test_the_rotation_command_line(tmp_path, starter, monkeypatch, capsys) -> None:
    monkeypatch.setattr(rotate, "configure_logging", lambda: None)  # keep pytest's handlers
    settings = settings_for(tmp_path, pii_keys=(K2,))
    platform = _platform(settings, starter)
    rid = Http(platform.wsgi).ok("POST", "/skills/v1/returnees", returnee_body("c"))["id"]
    platform.bus.close()
    env = {"JISR_VAR": str(tmp_path), "JISR_PII_KEYS": f"{K3},{K2}", "JISR_SEED_DEMO": "0"}
    assert rotate.main(env) == 0
    assert json.loads(capsys.readouterr().out) == {"rotated": 1}
    [row] = _sealed_rows(settings)
    assert Vault((K3,)).open(row)["name"] == "Test Person"
    # a key that opens nothing stops the run and says so
    assert rotate.main({**env, "JISR_PII_KEYS": "unrelated-key"}) == 1
    assert "cannot be decrypted" in capsys.readouterr().err
    again = _platform(settings.with_overrides(pii_keys=(K3,)), starter)
    try:
        assert _personal(Http(again.wsgi), rid)["name"] == "Test Person"
    finally:
        again.bus.close()


def test_every_disclosure_is_audited_and_only_admins_read_the_log(tmp_path, starter) -> None:
    world = build_world(settings_for(tmp_path), starter)
    http, a, tokens = world.http, world.a, world.tokens
    counsellor = tokens["counsellor"]
    try:
        rid = a.returnee
        audit = f"/skills/v1/audit?subject={rid}"
        before = http.ok("GET", audit)["total"]
        http.ok("GET", f"/skills/v1/returnees/{rid}", token=counsellor)  # no personal details
        assert http.ok("GET", audit)["total"] == before
        http.ok("PATCH", f"/skills/v1/returnees/{rid}", {"personal": {"phone": "+20 1"}})
        http.ok(
            "GET",
            f"/skills/v1/returnees/{rid}?include=personal&purpose=arranging+an+interview"
            "&fields=name,phone",
            token=counsellor,
        )
        http.ok(
            "GET", f"/skills/v1/returnees/{rid}/export?purpose=subject+access", token=counsellor
        )
        http.ok("GET", f"/skills/v1/referrals/{a.referral}", token=tokens["service"])
        code = http.ok("POST", f"/skills/v1/returnees/{rid}/kiosk-codes", {}, token=counsellor)
        http.ok("POST", "/skills/v1/kiosk/redeem", {"code": code["code"]}, token=tokens["kiosk"])
        entries = http.ok("GET", audit + "&page_size=100")["items"]
        seen = {(e["action"], e["purpose"], e["actor_role"]) for e in entries}
        assert {
            ("write", "registration", "admin"),
            ("read", "arranging an interview", "counsellor"),
            ("export", "subject access", "counsellor"),
            ("write", "update", "admin"),
            ("referral_issue", "referral_to_training", "admin"),
            ("referral_read", "referral_to_training", "service"),
            ("read", "kiosk_redeem", "kiosk"),
        } <= seen
        read = next(e for e in entries if e["purpose"] == "arranging an interview")
        assert read["fields"] == ["name", "phone"]
        assert read["actor_token_id"] == world.token_ids["counsellor"]
        assert read["at"] and read["subject"] == rid
        times = [e["at"] for e in entries]
        assert times == sorted(times, reverse=True)  # newest first
        for role in ("programme_manager", "counsellor", "service", "employer"):
            assert http.call("GET", audit, token=tokens[role]).status_code == 403
    finally:
        world.platform.stop()
