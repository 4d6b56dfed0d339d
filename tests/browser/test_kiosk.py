"""The job-fair kiosk in Arabic: enrol, browse by sector and city, a code on the keypad,
one's own matches with reasons and gaps, and the screen wiping itself when left alone."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import World, shot

ARABIC = re.compile(r"[\u0600-\u06FF]")
IDLE_MS = 5000


def _enrol(page: Any, world: World) -> None:
    page.goto(f"{world.base}/kiosk/enrol?token={world.tokens['kiosk']}")
    expect(page.locator("#enrol-title")).to_be_visible()
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["jisr_kiosk"]["path"] == "/kiosk"
    assert cookies["jisr_kiosk"]["sameSite"] == "Strict"


def _small_targets(page: Any) -> list[str]:
    """Visible buttons and links smaller than 48 x 48 CSS pixels."""
    return page.evaluate(
        """() => [...document.querySelectorAll('button, a, [role=button]')]
            .filter((e) => e.offsetParent !== null && !e.classList.contains('skip'))
            .map((e) => [e.textContent.trim(), e.getBoundingClientRect()])
            .filter(([, r]) => r.width < 48 || r.height < 48)
            .map(([t, r]) => t + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))"""
    )


def _type_code(page: Any, code: str) -> None:
    for ch in code:
        page.locator(f"#keypad [data-key='{ch}']").tap()


def test_kiosk_in_arabic_browse_code_matches_and_wipe(world: World, new_page: Any) -> None:
    counsellor = world.api("counsellor")
    person = world.ids["people"][0]
    code = counsellor.call("POST", f"/skills/v1/returnees/{person}/kiosk-codes", {}, expect=201)[
        "code"
    ]
    page = new_page(has_touch=True, is_mobile=False)
    _enrol(page, world)
    page.goto(f"{world.base}/kiosk/?lang=ar&idle_ms={IDLE_MS}")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.locator("body")).to_have_attribute("data-ready", "yes")
    assert ARABIC.search(page.locator("#start-title").inner_text())
    assert _small_targets(page) == []
    shot(page, "kiosk-ar-start")

    # Browse the fair's vacancies, then narrow them to one sector and one city.
    page.locator("#go-browse").tap()
    jobs = page.locator("#jobs > li")
    expect(jobs.first).to_be_visible()
    total = jobs.count()
    assert total == len(world.ids["vacancies"])
    sector = page.locator("#sector-chips button[data-value='construction']")
    sector.tap()
    expect(sector).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#jobs > li[data-sector='food processing']")).to_have_count(0)
    expect(page.locator("#jobs > li[data-sector='construction']").first).to_be_visible()
    page.locator("#city-chips button[data-value='Alexandria']").tap()
    expect(page.locator("#jobs > li")).to_have_count(0)
    page.locator("#sector-chips button[data-value='']").tap()
    expect(page.locator("#jobs > li[data-city='Alexandria']").first).to_be_visible()
    expect(page.locator("#jobs > li[data-city='Cairo']")).to_have_count(0)
    assert _small_targets(page) == []
    shot(page, "kiosk-ar-browse")

    # A wrong code is refused in Arabic; the right one opens the person's matches.
    page.locator("#screen-browse [data-go='start']").tap()
    page.locator("#go-code").tap()
    wrong = "".join("2" if ch != "2" else "3" for ch in code)
    _type_code(page, wrong)
    page.locator("#key-ok").tap()
    expect(page.locator("#code-error")).not_to_be_empty()
    assert ARABIC.search(page.locator("#code-error").inner_text())
    _type_code(page, code[:3] + "X")
    page.locator("#key-delete").tap()
    _type_code(page, code[3:])
    expect(page.locator("#code-display")).to_have_attribute("data-code", code)
    assert _small_targets(page) == []
    shot(page, "kiosk-ar-keypad")
    page.locator("#key-ok").tap()

    matches = page.locator("#matches > li")
    expect(matches.first).to_be_visible()
    expect(page.locator("body")).to_have_attribute("data-session", "active")
    greeting = page.locator("#greeting").inner_text()
    assert world.ids["first_names"][0] in greeting
    screen = page.locator("#screen-matches").inner_text()
    assert "Hassan" not in screen and "+20" not in screen  # only a first name is shown
    first = matches.first
    assert first.locator(".reasons li").count() >= 1
    assert ARABIC.search(first.locator(".reasons").inner_text())
    assert page.locator("#matches .gaps li").count() >= 1
    vacancy = first.get_attribute("data-vacancy-id")
    assert vacancy in world.ids["vacancies"]
    shot(page, "kiosk-ar-matches")

    # Left alone, the screen clears the person's token and content and returns to start.
    expect(page.locator("body")).to_have_attribute("data-session", "none", timeout=IDLE_MS + 6000)
    expect(page.locator("#screen-start")).to_be_visible()
    expect(page.locator("#screen-matches")).to_be_hidden()
    expect(page.locator("#matches > li")).to_have_count(0)
    expect(page.locator("#greeting")).to_be_empty()
    shot(page, "kiosk-ar-wiped")


def test_kiosk_languages_and_enrolment(world: World, new_page: Any) -> None:
    page = new_page(has_touch=True)
    page.goto(f"{world.base}/kiosk/?lang=fr")
    expect(page.locator("#screen-unenrolled")).to_be_visible()  # no kiosk token yet
    page.goto(f"{world.base}/kiosk/enrol?token=not-a-kiosk-token")
    expect(page.locator(".error")).to_be_visible()
    _enrol(page, world)
    for lang, direction in (("fr", "ltr"), ("en", "ltr"), ("ar", "rtl")):
        page.goto(f"{world.base}/kiosk/?lang={lang}")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("html")).to_have_attribute("dir", direction)
    # The language switch keeps the kiosk's other settings.
    page.goto(f"{world.base}/kiosk/?lang=ar&idle_ms=9000")
    page.locator(".langs a[hreflang='en']").tap()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("body")).to_have_attribute("data-idle-ms", "9000")
    expect(page.locator("#start-title")).to_have_text("Welcome to the job fair")
