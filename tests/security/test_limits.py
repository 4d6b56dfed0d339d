"""Limits: body size (413), page size (422), unknown query parameters (422 naming them)
and rate limits per token and per client address on the kiosk endpoints (429)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from services.employers.adapters.tables import employers
from shared.http.ratelimit import SlidingWindowLimiter
from tests.security.world import build_world, settings_for

LIMIT = 4


@pytest.fixture(scope="module")
def world(tmp_path_factory, starter):
    settings = settings_for(
        tmp_path_factory.mktemp("limits"), kiosk_rate_limit=LIMIT, max_body_bytes=16 * 1024
    )
    w = build_world(settings, starter)
    yield w
    w.platform.stop()


def _employers(world) -> int:
    with world.platform.employers.runtime.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(employers)).scalar_one())


def test_a_body_over_the_limit_is_413_and_writes_nothing(world) -> None:
    before = _employers(world)
    resp = world.http.call("POST", "/employers/v1/employers", {"name": "x" * 20_000})
    assert resp.status_code == 413 and resp.content_type == "application/problem+json"
    assert resp.get_json()["status"] == 413
    assert _employers(world) == before


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/employers/v1/vacancies?page_size=101", None),
        ("GET", "/employers/v1/employers?page_size=0", None),
        ("GET", "/skills/v1/returnees?page_size=1000", None),
        ("GET", "/skills/v1/audit?page_size=101", None),
        ("GET", "/employers/v1/placements?page=0", None),
        ("POST", "/matching/v1/search/vacancies", {"page_size": 101}),
        ("GET", "/skills/v1/taxonomy/skills?q=weld&limit=51", None),
    ],
)
def test_page_sizes_over_the_limit_are_422(world, method, path, body) -> None:
    resp = world.http.call(method, path, body)
    assert resp.status_code == 422, resp.get_json()
    errors = resp.get_json()["errors"]
    assert set(errors) & {"page_size", "page", "limit"}


@pytest.mark.parametrize(
    "path",
    [
        "/employers/v1/vacancies?stauts=open",  # a view with a query schema
        "/employers/v1/employers/{employer}?expand=all",  # a view without one
        "/skills/v1/returnees/{returnee}?include=personal&purpose=x-check&debug=1",
        "/matching/v1/returnees/{returnee}/matches?limit=5&stauts=open",
        "/matching/v1/indicators?from=2020",
    ],
)
def test_unknown_query_parameters_are_422_naming_them(world, path) -> None:
    resp = world.http.call("GET", path.format(employer=world.a.employer, returnee=world.a.returnee))
    assert resp.status_code == 422, resp.get_json()
    bad = path.split("?")[1].split("&")[-1].split("=")[0]
    assert list(resp.get_json()["errors"]) == [bad]
    assert bad in resp.get_json()["detail"]


def test_unknown_query_parameters_without_a_token_are_401(world) -> None:
    resp = world.http.call("GET", "/matching/v1/indicators?from=2020", token="")
    assert resp.status_code == 401


def _search(world, token: str, addr: str):
    return world.http.call("POST", "/matching/v1/search/vacancies", {}, token=token, addr=addr)


def test_kiosk_search_is_rate_limited_per_token(world) -> None:
    token = world.platform.tokens.issue("kiosk", 600, fair_id=world.a.fair).token
    # one token from many addresses: the token's window fills
    for i in range(LIMIT):
        assert _search(world, token, f"10.1.0.{i}").status_code == 200
    resp = _search(world, token, "10.1.0.99")
    assert resp.status_code == 429
    assert resp.content_type == "application/problem+json"
    assert resp.get_json()["status"] == 429
    assert 1 <= int(resp.headers["Retry-After"]) <= 60


def test_kiosk_search_is_rate_limited_per_address(world) -> None:
    # many tokens from one address: the address's window fills
    issue = world.platform.tokens.issue
    for _ in range(LIMIT):
        token = issue("kiosk", 600, fair_id=world.a.fair).token
        assert _search(world, token, "10.2.0.1").status_code == 200
    fresh = issue("kiosk", 600, fair_id=world.a.fair).token
    assert _search(world, fresh, "10.2.0.1").status_code == 429
    assert _search(world, fresh, "10.2.0.2").status_code == 200  # another address is fine


def test_redeeming_is_rate_limited_before_the_wrong_code_budget(world) -> None:
    token = world.platform.tokens.issue("kiosk", 600, fair_id=world.a.fair).token
    for i in range(LIMIT):
        resp = world.http.call(
            "POST", "/skills/v1/kiosk/redeem", {"code": "nope"}, token=token, addr=f"10.3.0.{i}"
        )
        assert resp.status_code == 422  # fewer than the 5 wrong codes the budget allows
    resp = world.http.call(
        "POST", "/skills/v1/kiosk/redeem", {"code": "nope"}, token=token, addr="10.3.0.9"
    )
    assert resp.status_code == 429 and "Retry-After" in resp.headers


def test_a_kiosk_session_reading_matches_and_vacancies_is_rate_limited(world) -> None:
    person = world.platform.tokens.issue(
        "returnee", 600, returnee_id=world.a.returnee, fair_id=world.a.fair
    ).token
    paths = [f"/matching/v1/returnees/{world.a.returnee}/matches", "/employers/v1/vacancies"]
    for path in paths:
        codes = [
            world.http.call("GET", path, token=person, addr=f"10.4.0.{i}").status_code
            for i in range(LIMIT + 1)
        ]
        assert codes == [200] * LIMIT + [429], path
    # staff tools are not limited
    for _ in range(LIMIT + 2):
        assert world.http.call("GET", "/employers/v1/vacancies", addr="10.5.0.1").status_code == 200


def test_the_sliding_window() -> None:
    now = [0.0]
    limiter = SlidingWindowLimiter(3, 60, clock=lambda: now[0])
    assert [limiter.hit("k") for _ in range(3)] == [None, None, None]
    now[0] = 20
    assert limiter.hit("k") == 40  # the first hit leaves the window at 60
    now[0] = 60
    assert limiter.hit("k") is None  # refused hits were not counted
    now[0] = 61
    assert [limiter.hit("k") for _ in range(2)] == [None, None]
    assert limiter.hit("k", "other") == 59  # one full key refuses the lot...
    assert [limiter.hit("other") for _ in range(4)] == [None, None, None, 60]  # ...counts none
    assert SlidingWindowLimiter(0, 60).hit("k") is None  # 0 switches it off
