"""The employer's pages: the profile, posting a vacancy with the skills of its ESCO
occupation suggested, consenting candidates shown pseudonymised, and recording a hire."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import World, shot, sign_in, unlabelled


def test_employer_posts_vacancy_sees_candidates_and_records_hire(
    world: World, new_page: Any
) -> None:
    page = new_page()
    page.goto(f"{world.base}/employer/")
    sign_in(page, world.tokens["employer"])
    expect(page.locator("#employer-name")).to_have_text("Nile Build & Repair")
    expect(page.locator("#p-sector")).to_have_value("construction")
    page.select_option("#p-size", "large")
    page.click("#profile-form button[type=submit]")
    expect(page.locator("#employer-status")).to_have_text("Saved.")
    profile = world.admin.call("GET", f"/employers/v1/employers/{world.ids['employers'][0]}")
    assert profile["size"] == "large" and profile["sector"] == "construction"
    expect(page.locator("#vacancies tr[data-vacancy-id]").first).to_be_visible()
    shot(page, "employer-home")

    page.click("a[href='/employer/vacancies/new']")
    expect(page.locator("#vacancy-form")).to_be_visible()
    page.type("#v-occupation", "weld", delay=30)
    option = page.locator("#v-occupation-options [role=option]").first
    expect(option).to_be_visible()
    occupation_uri = option.get_attribute("data-uri")
    option.click()

    # The occupation's skills are suggested: essential ones ticked, optional ones offered.
    detail = world.admin.call("GET", f"/skills/v1/taxonomy/occupation?uri={occupation_uri}")
    essential = {s["uri"] for s in detail["essential_skills"]}
    optional = {s["uri"] for s in detail["optional_skills"]}
    picks = page.locator("#skill-picks li")
    expect(picks).to_have_count(len(essential) + len(optional))
    for uri in essential:
        assert page.locator(f"#skill-picks li[data-uri='{uri}'] input.use").is_checked()
    for uri in optional:
        assert not page.locator(f"#skill-picks li[data-uri='{uri}'] input.use").is_checked()
    expect(page.locator("#v-title")).not_to_have_value("")
    page.fill("#v-description", "Welding of steel frames in our Cairo workshop.")
    page.fill("#v-city", "Cairo")
    page.fill("#v-wage", "7000")
    page.check(f"#schemes-{world.ids['subsidy']}")
    page.check(f"#fairs-{world.ids['fair']}")
    assert unlabelled(page) == []
    shot(page, "employer-new-vacancy")
    page.click("#vacancy-form button[type=submit]")
    page.wait_for_url(re.compile(r"/employer/vacancies/(?!new$)[\w-]+$"))
    vacancy_id = page.url.rsplit("/", 1)[1]
    stored = world.admin.call("GET", f"/employers/v1/vacancies/{vacancy_id}")
    assert {s["uri"] for s in stored["skills"]} == essential
    assert stored["fair_ids"] == [world.ids["fair"]]

    # Candidates who consented to be shown: a rank and a reference, reasons, no names.
    candidate = page.locator("#candidates > li").first
    expect(candidate).to_be_visible(timeout=20_000)
    assert candidate.locator(".reasons li").count() >= 1
    text = page.locator("#candidates").inner_text()
    for name in ("Amira", "Hassan", "Omar", "Farouk", "Layla"):
        assert name not in text
    returnee_id = candidate.get_attribute("data-returnee-id")
    assert returnee_id
    candidate.locator("select[data-id=scheme]").select_option(world.ids["subsidy"])
    candidate.locator(".hire-form button[type=submit]").click()
    expect(candidate.locator(".ok")).to_be_visible()
    expect(page.locator("#hires li[data-placement-id]")).to_have_count(1)
    assert unlabelled(page) == []
    shot(page, "employer-vacancy-hired")
    placements = world.admin.call("GET", f"/employers/v1/placements?vacancy_id={vacancy_id}")
    assert [p["returnee_id"] for p in placements["items"]] == [returnee_id]
    assert placements["items"][0]["scheme_id"] == world.ids["subsidy"]
    assert placements["items"][0]["subsidy_committed"] > 0
