"""The counsellor's pages: sign in, register a returnee with consent purpose by purpose,
record a skill through the ESCO look-up, see matches with reasons and gaps, record an
outcome, and work through the follow-ups that are due."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import World, shot, sign_in, unlabelled


def _pick(page: Any, input_id: str, text: str, lang: str | None = None) -> str:
    """Type into an ESCO combobox and choose its first option; returns the option's label."""
    if lang:
        page.select_option(f"#{input_id}-lang", lang)
    page.fill(f"#{input_id}", "")
    page.type(f"#{input_id}", text, delay=30)
    option = page.locator(f"#{input_id}-options [role=option]").first
    expect(option).to_be_visible()
    label = option.inner_text()
    option.click()
    expect(page.locator(f"#{input_id}")).to_have_attribute("aria-expanded", "false")
    return label


def test_counsellor_registers_records_skill_sees_matches_and_records_outcome(
    world: World, new_page: Any
) -> None:
    page = new_page()
    page.goto(f"{world.base}/counsellor/register")
    expect(page.locator("#signin")).to_be_visible()
    sign_in(page, world.tokens["counsellor"])

    # Consent is asked purpose by purpose, with a plain explanation, and nothing is ticked.
    boxes = page.locator("#consents input[type=checkbox]")
    expect(boxes).to_have_count(4)
    for i in range(4):
        box = boxes.nth(i)
        assert not box.is_checked()
        assert page.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
        assert page.locator(f"#{box.get_attribute('aria-describedby')}").inner_text()
    assert unlabelled(page) == []

    page.fill("#r-name", "Layla Mansour")
    page.fill("#f-city", "Cairo")
    page.select_option("#r-gender", "female")
    page.select_option("#r-education", "3")
    page.select_option("#lang-ar", "native")
    page.check("#c-matching")
    page.check("#c-shown_to_employers")
    shot(page, "counsellor-register")
    page.click("#register-form button[type=submit]")
    page.wait_for_url("**/counsellor/returnees/*")
    returnee_id = page.url.rsplit("/", 1)[1]
    expect(page.locator("#consent-list li[data-purpose='matching']")).to_have_attribute(
        "data-granted", "yes"
    )
    expect(page.locator("#consent-list li[data-purpose='contact_by_employers']")).to_have_attribute(
        "data-granted", "no"
    )

    # The ESCO look-up finds labels in Arabic as well as in English.
    arabic = _pick(page, "skill-q", "لحام", lang="ar")
    assert "لحام" in arabic
    page.click("#skill-form button[type=submit]")
    expect(page.locator("#skills li[data-uri]")).to_have_count(1)
    english = _pick(page, "skill-q", "blueprint", lang="en")
    page.select_option("#skill-evidence", "certified")
    page.fill("#skill-years", "4")
    page.click("#skill-form button[type=submit]")
    expect(page.locator("#skills li[data-uri]")).to_have_count(2)
    expect(page.locator("#skills")).to_contain_text(english)

    # Matches arrive through the events; each says why and what is missing.
    first = page.locator("#matches > li").first
    expect(first).to_be_visible(timeout=20_000)
    assert first.locator(".reasons li").count() >= 1
    assert "essential" in first.locator(".reasons").inner_text()
    assert page.locator("#matches .gaps li").count() >= 1
    vacancy = first.get_attribute("data-vacancy-id")
    first.locator("select").select_option("applied")
    first.locator(".outcome-form button").click()
    expect(page.locator("#outcome-status")).to_contain_text("applied")
    outcome = f"#outcomes li[data-stage='applied'][data-vacancy-id='{vacancy}']"
    expect(page.locator(outcome)).to_be_visible()

    # A kiosk code for the person, shown to be read out or printed.
    page.click("#kiosk-code")
    expect(page.locator("#kiosk-code-value")).to_contain_text("-")
    assert len(page.locator("#kiosk-code-value").get_attribute("data-code") or "") == 8
    assert unlabelled(page) == []
    shot(page, "counsellor-returnee")
    recorded = world.api("counsellor").call("GET", f"/matching/v1/returnees/{returnee_id}/outcomes")
    assert [o["stage"] for o in recorded["items"]] == ["applied"]


def test_counsellor_follow_ups_due(world: World, new_page: Any) -> None:
    page = new_page()
    page.goto(f"{world.base}/counsellor/follow-ups?lang=fr")
    sign_in(page, world.tokens["counsellor"])
    row = page.locator(f"#follow-ups tr[data-placement-id='{world.ids['due_placement']}']")
    expect(row).to_be_visible()
    expect(row).to_have_attribute("data-month", "3")
    # The year-old placement has all its follow-ups: it is not listed.
    expect(page.locator("#follow-ups tr")).to_have_count(1)
    assert unlabelled(page) == []
    shot(page, "counsellor-follow-ups-fr")
    row.locator("select").select_option("employed")
    row.locator("button[type=submit]").click()
    expect(row.locator(".ok")).to_be_visible()
    placement = world.admin.call("GET", f"/employers/v1/placements/{world.ids['due_placement']}")
    assert [f["month"] for f in placement["follow_ups"]] == [3]
    page.reload()
    expect(page.locator("#follow-status")).to_have_text("Aucun suivi à faire.")
