"""Consent is enforced end to end, with its history, and a withdrawal reaches every
service within a bound (polled, never slept on)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tests.security.world import build_world, returnee_body, settings_for

BOUND_S = 5.0  # relays poll every 20 ms here; the default 200 ms keeps this well under 2 s


@pytest.fixture(scope="module")
def world(tmp_path_factory, starter):
    w = build_world(settings_for(tmp_path_factory.mktemp("consent")), starter)
    yield w
    w.platform.stop()


def within_bound(check: Callable[[], bool], bound_s: float = BOUND_S) -> float:
    """Seconds until ``check()`` holds; fails past ``bound_s``."""
    start = time.monotonic()
    while not check():
        elapsed = time.monotonic() - start
        assert elapsed < bound_s, f"not effective within {bound_s} s"
        time.sleep(0.02)
    return time.monotonic() - start


def new_person(world) -> str:
    """A person of side a's centre with every consent and the vacancies' skills."""
    token = world.tokens["counsellor"]
    rid = world.http.ok("POST", "/skills/v1/returnees", returnee_body(world.a.centre), token=token)[
        "id"
    ]
    for uri in world.skills:
        world.http.ok("POST", f"/skills/v1/returnees/{rid}/skills", {"uri": uri}, token=token)
    world.platform.drain()
    return str(rid)


def candidates(world, vacancy: str, role: str) -> list[str]:
    resp = world.http.call(
        "GET", f"/matching/v1/vacancies/{vacancy}/candidates", token=world.tokens[role]
    )
    assert resp.status_code == 200, resp.get_json()
    return [c["returnee_id"] for c in resp.get_json()["items"]]


def status(world, path: str, role: str = "counsellor") -> int:
    return int(world.http.call("GET", path, token=world.tokens[role]).status_code)


def test_withdrawing_matching_takes_effect_everywhere(world) -> None:
    rid = new_person(world)
    matches, gaps = f"/matching/v1/returnees/{rid}/matches", f"/matching/v1/returnees/{rid}/gaps"
    assert status(world, matches) == 200 and status(world, gaps) == 200
    assert rid in candidates(world, world.a.vacancy, "employer")
    counsellor = world.tokens["counsellor"]
    withdrawn = world.http.call(
        "DELETE",
        f"/skills/v1/returnees/{rid}/consents/matching",
        {"method": "written", "note": "asked at the centre"},
        token=counsellor,
    )
    assert withdrawn.status_code == 200 and withdrawn.get_json()["consents"]["matching"] is False

    def gone() -> bool:
        return (
            status(world, matches) == 404
            and status(world, gaps) == 404
            and status(world, matches, "admin") == 404
            and rid not in candidates(world, world.a.vacancy, "employer")
            and rid not in candidates(world, world.a.vacancy, "admin")
            and rid not in candidates(world, world.b.vacancy, "programme_manager")
        )

    elapsed = within_bound(gone)
    print(f"matching withdrawal effective after {elapsed:.3f} s")
    # the skills service refuses what needs the purpose at once
    code = world.http.call("POST", f"/skills/v1/returnees/{rid}/kiosk-codes", {}, token=counsellor)
    assert code.status_code == 409 and "matching" in code.get_json()["detail"]
    # the history says who changed what, when and how
    history = world.http.ok("GET", f"/skills/v1/returnees/{rid}/consents", token=counsellor)[
        "history"
    ]
    last = history[-1]
    assert (last["purpose"], last["granted"], last["method"]) == ("matching", False, "written")
    assert last["recorded_by"] == world.token_ids["counsellor"] and last["at"]
    assert last["recorded_by_role"] == "counsellor"
    assert [h["purpose"] for h in history if h["granted"]] == [
        "matching",
        "shown_to_employers",
        "contact_by_employers",
        "referral_to_training",
    ]
    # granting again brings the person back, within the same bound
    world.http.ok("PUT", f"/skills/v1/returnees/{rid}/consents/matching", {}, token=counsellor)
    within_bound(lambda: status(world, matches) == 200)
    within_bound(lambda: rid in candidates(world, world.a.vacancy, "employer"))


def test_withdrawing_shown_to_employers_hides_the_person_from_candidates_only(world) -> None:
    rid = new_person(world)
    assert rid in candidates(world, world.a.vacancy, "employer")
    world.http.ok(
        "DELETE",
        f"/skills/v1/returnees/{rid}/consents/shown_to_employers",
        {},
        token=world.tokens["counsellor"],
    )
    elapsed = within_bound(
        lambda: all(
            rid not in candidates(world, vacancy, role)
            for vacancy in (world.a.vacancy, world.b.vacancy)
            for role in ("admin", "counsellor")
        )
        and rid not in candidates(world, world.a.vacancy, "employer")
    )
    print(f"shown_to_employers withdrawal effective after {elapsed:.3f} s")
    # matching for the person themselves goes on: that purpose still holds
    assert status(world, f"/matching/v1/returnees/{rid}/matches") == 200


def test_a_consent_change_repeated_changes_nothing(world) -> None:
    rid = new_person(world)
    path = f"/skills/v1/returnees/{rid}/consents/contact_by_employers"
    token = world.tokens["counsellor"]
    first = world.http.ok("DELETE", path, {}, token=token)["history"]
    second = world.http.ok("DELETE", path, {}, token=token)["history"]
    assert first == second
    unknown = world.http.call(
        "PUT", f"/skills/v1/returnees/{rid}/consents/marketing", {}, token=token
    )
    assert unknown.status_code == 404 and "marketing" in unknown.get_json()["detail"]
