"""Kiosk access: one-time codes (single use, 15 minutes, wrong guesses rate-limited) and a
kiosk or kiosk-session token that sees its own fair only, in every service."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.messages import utcnow
from tests.security.world import build_world, settings_for, text_of


@pytest.fixture(scope="module")
def world(tmp_path_factory, starter):
    w = build_world(settings_for(tmp_path_factory.mktemp("kiosk")), starter)
    yield w
    w.platform.stop()


@pytest.fixture
def later(world):
    """Move the skills service's clock forward: ``later(minutes=16)``."""
    offset = [timedelta(0)]
    world.platform.skills.clock = lambda: utcnow() + offset[0]

    def move(**delta: float) -> None:
        offset[0] += timedelta(**delta)

    yield move
    world.platform.skills.clock = utcnow


def code_for(world, returnee: str | None = None, fair: str | None = None) -> str:
    """A fresh code issued by the counsellor of side a."""
    resp = world.http.call(
        "POST",
        f"/skills/v1/returnees/{returnee or world.a.returnee}/kiosk-codes",
        {"fair_id": fair} if fair else {},
        token=world.tokens["counsellor"],
    )
    assert resp.status_code == 201, resp.get_json()
    return str(resp.get_json()["code"])


def kiosk_token(world, fair: str) -> str:
    return world.platform.tokens.issue("kiosk", 3600, fair_id=fair).token


def redeem(world, code: str, token: str, addr: str = "127.0.0.1"):
    return world.http.call(
        "POST", "/skills/v1/kiosk/redeem", {"code": code}, token=token, addr=addr
    )


def test_a_code_is_single_use(world) -> None:
    code = code_for(world)
    first = redeem(world, code, world.tokens["kiosk"], addr="10.0.0.1")
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["first_name"] == "Test"
    again = redeem(world, code, world.tokens["kiosk"], addr="10.0.0.1")
    assert again.status_code == 422
    assert again.get_json()["errors"] == {"code": ["the code is wrong, already used or expired"]}


def test_a_code_expires_after_15_minutes(world, later) -> None:
    code = code_for(world)
    later(minutes=14, seconds=50)
    fresh = code_for(world)  # a new code revokes the older one
    assert redeem(world, code, world.tokens["kiosk"], addr="10.0.0.2").status_code == 422
    later(minutes=15, seconds=20)
    assert redeem(world, fresh, world.tokens["kiosk"], addr="10.0.0.2").status_code == 422


def test_a_code_bound_to_a_fair_works_only_there(world) -> None:
    code = code_for(world, fair=world.a.fair)
    elsewhere = redeem(world, code, kiosk_token(world, world.b.fair), addr="10.0.0.3")
    assert elsewhere.status_code == 422
    assert redeem(world, code, world.tokens["kiosk"], addr="10.0.0.3").status_code == 200


def test_wrong_codes_are_rate_limited_per_token_and_per_address(world, later) -> None:
    token = kiosk_token(world, world.a.fair)
    for _ in range(5):
        assert redeem(world, "ZZZZ-ZZZZ", token, addr="10.0.1.1").status_code == 422
    good = code_for(world)
    blocked = redeem(world, good, token, addr="10.0.1.1")
    assert blocked.status_code == 429
    assert blocked.content_type == "application/problem+json"
    assert 1 <= int(blocked.headers["Retry-After"]) <= 300
    # the token's budget follows it to another address; the address's to another token
    assert redeem(world, good, token, addr="10.0.1.2").status_code == 429
    assert redeem(world, good, kiosk_token(world, world.a.fair), "10.0.1.1").status_code == 429
    later(minutes=5, seconds=1)
    assert redeem(world, good, token, addr="10.0.1.1").status_code == 200


def test_a_kiosk_token_sees_its_fair_only(world) -> None:
    kiosk, a, b = world.tokens["kiosk"], world.a, world.b
    for query in (None, {"fair_id": b.fair}):
        listed = world.http.call("GET", "/employers/v1/vacancies", token=kiosk, query=query)
        assert [v["id"] for v in listed.get_json()["items"]] == [a.vacancy]
    listed = world.http.call(
        "GET", "/employers/v1/vacancies", token=kiosk, query={"employer_id": b.employer}
    )
    assert listed.get_json()["items"] == []  # side b's employer has nothing at fair a
    assert (
        world.http.call("GET", f"/employers/v1/vacancies/{b.vacancy}", token=kiosk).status_code
        == 404
    )
    for filters in ({}, {"fair_id": b.fair}):
        found = world.http.call(
            "POST", "/matching/v1/search/vacancies", {"filters": filters}, token=kiosk
        )
        assert [v["vacancy_id"] for v in found.get_json()["items"]] == [a.vacancy]
    # a kiosk never reads a person's matches without that person's code
    matches = f"/matching/v1/returnees/{a.returnee}/matches"
    assert world.http.call("GET", matches, token=kiosk).status_code == 403


def test_a_session_token_from_another_fair_sees_that_fair_only(world) -> None:
    a, b = world.a, world.b
    admin_view = world.http.ok("GET", f"/matching/v1/returnees/{a.returnee}/matches")
    assert {m["vacancy_id"] for m in admin_view["items"]} == {a.vacancy, b.vacancy}
    # the person of side a redeems a code at a kiosk of fair b
    session = redeem(world, code_for(world), kiosk_token(world, b.fair), addr="10.0.2.1")
    assert session.status_code == 200
    person = session.get_json()["token"]
    for query in (None, {"fair_id": a.fair}):
        resp = world.http.call(
            "GET", f"/matching/v1/returnees/{a.returnee}/matches", token=person, query=query
        )
        assert resp.status_code == 200, resp.get_json()
        assert [m["vacancy_id"] for m in resp.get_json()["items"]] == [b.vacancy]
    found = world.http.call(
        "POST", "/matching/v1/search/vacancies", {"filters": {"fair_id": a.fair}}, token=person
    )
    assert [v["vacancy_id"] for v in found.get_json()["items"]] == [b.vacancy]
    listed = world.http.call("GET", "/employers/v1/vacancies", token=person)
    assert [v["id"] for v in listed.get_json()["items"]] == [b.vacancy]
    assert (
        world.http.call("GET", f"/employers/v1/vacancies/{a.vacancy}", token=person).status_code
        == 404
    )
    # and only that one person
    other = world.http.call("GET", f"/matching/v1/returnees/{b.returnee}/matches", token=person)
    assert other.status_code == 404 and b.returnee not in text_of(other)
