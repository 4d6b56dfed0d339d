"""Production refuses to start with default or missing secrets; the token signing key
rotates without logging anyone out (the first key signs, all verify)."""

from __future__ import annotations

import pytest

from services import wsgi
from services.embedded import build_platform
from shared.config import DEFAULT_PII_KEY, DEFAULT_SECRET, Settings, SettingsError
from tests.security.world import Http, settings_for

STRONG = "s" * 40
PRODUCTION = {
    "JISR_MODE": "production",
    "JISR_SIGNING_KEYS": "a-real-signing-key-0123456789",
    "JISR_PII_KEYS": "a-real-pii-key-0123456789abcdef",
    "JISR_ADMIN_TOKEN": STRONG,
    "EVENT_BUS": "kafka",
    "SEARCH_BACKEND": "elasticsearch",
    "DATABASE_URL": "postgresql+psycopg://jisr@127.0.0.1:1/jisr_{service}",
}


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"JISR_SIGNING_KEYS": ""}, "JISR_SIGNING_KEYS"),  # missing: the default would be used
        ({"JISR_SIGNING_KEYS": DEFAULT_SECRET}, "JISR_SIGNING_KEYS"),
        ({"JISR_SIGNING_KEYS": f"new-key-0123456789,{DEFAULT_SECRET}"}, "JISR_SIGNING_KEYS"),
        ({"JISR_PII_KEYS": ""}, "JISR_PII_KEYS"),
        ({"JISR_PII_KEYS": DEFAULT_PII_KEY}, "JISR_PII_KEYS"),
        ({"JISR_ADMIN_TOKEN": "short"}, "JISR_ADMIN_TOKEN"),
        ({"EVENT_BUS": "inprocess"}, "embedded adapters"),
        ({"DATABASE_URL": ""}, "DATABASE_URL"),
    ],
)
def test_the_entry_point_refuses_to_start(tmp_path, monkeypatch, changes, named) -> None:
    monkeypatch.setattr(wsgi, "configure_logging", lambda: None)  # keep pytest's handlers
    var = tmp_path / "var"
    env = {**PRODUCTION, **changes, "JISR_VAR": str(var)}
    for key in [k for k in list(wsgi.os.environ) if k.startswith(("JISR_", "EVENT_", "SEARCH_"))]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError, match=named):
        wsgi.create()
    assert not var.exists()  # refused before any store was created


def test_the_platform_refuses_settings_built_in_code(tmp_path) -> None:
    unsafe = Settings(mode="production", var_dir=tmp_path / "var", admin_token=STRONG)
    with pytest.raises(SettingsError, match="JISR_SIGNING_KEYS"):
        build_platform(unsafe)
    assert not (tmp_path / "var").exists()


def _issue(http: Http) -> dict:
    return dict(
        http.ok(
            "POST",
            "/auth/v1/tokens",
            {"role": "employer", "employer_id": "e-1", "ttl_s": 3600},
        )
    )


def test_signing_keys_rotate_without_logging_anyone_out(tmp_path, starter) -> None:
    old, new = "signing-key-2025-" + "x" * 32, "signing-key-2026-" + "y" * 32
    settings = settings_for(tmp_path, signing_keys=(old,))
    probe = "/employers/v1/employers/e-1"  # 404 for a valid employer token, 401 otherwise

    def platform(*keys: str):
        return build_platform(settings.with_overrides(signing_keys=keys), taxonomy=starter)

    first = platform(old)
    kept, dropped = _issue(Http(first.wsgi)), _issue(Http(first.wsgi))
    assert Http(first.wsgi, kept["token"]).call("GET", probe).status_code == 404
    first.bus.close()

    rotated = platform(new, old)  # the new key signs; the old one still verifies
    http = Http(rotated.wsgi)
    assert http.call("GET", probe, token=kept["token"]).status_code == 404  # nobody logged out
    after = _issue(http)
    assert http.call("GET", probe, token=after["token"]).status_code == 404
    assert http.call("DELETE", f"/auth/v1/tokens/{dropped['id']}").status_code == 204
    assert http.call("GET", probe, token=dropped["token"]).status_code == 401  # revocation
    rotated.bus.close()

    retired = platform(new)  # once the old tokens have expired, the old key goes
    http = Http(retired.wsgi)
    assert http.call("GET", probe, token=after["token"]).status_code == 404
    gone = http.call("GET", probe, token=kept["token"])
    assert gone.status_code == 401 and gone.content_type == "application/problem+json"
    assert "unknown key" in gone.get_json()["detail"]
    retired.bus.close()


def test_a_token_signed_with_an_unknown_key_is_401(tmp_path, starter) -> None:
    one = build_platform(
        settings_for(tmp_path / "one", signing_keys=("key-one-" + "x" * 32,)), starter
    )
    two = build_platform(
        settings_for(tmp_path / "two", signing_keys=("key-two-" + "x" * 32,)), starter
    )
    try:
        token = _issue(Http(one.wsgi))["token"]
        resp = Http(two.wsgi, token).call("GET", "/employers/v1/employers/e-1")
        assert resp.status_code == 401
        assert "unknown key" in resp.get_json()["detail"]
    finally:
        one.bus.close()
        two.bus.close()
