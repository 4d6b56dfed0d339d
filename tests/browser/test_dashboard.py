"""The programme dashboard: indicators drawn as SVG charts in the browser."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import World, shot, sign_in


def _bars(page: Any, chart: str, cls: str = "bar") -> list[tuple[str, float]]:
    return page.evaluate(
        """([chart, cls]) => [...document.querySelectorAll(`#${chart} svg rect.${cls}`)]
            .map((r) => [r.dataset.label, Number(r.dataset.value)])""",
        [chart, cls],
    )


def test_dashboard_draws_indicator_charts(world: World, new_page: Any) -> None:
    world.drain()
    page = new_page()
    page.goto(f"{world.base}/dashboard/")
    sign_in(page, world.tokens["programme_manager"])
    expect(page.locator("body")).to_have_attribute("data-drawn", "yes")
    indicators = world.api("programme_manager").call("GET", "/matching/v1/indicators")
    placements = indicators["placements"]
    expect(page.locator("#total-placements")).to_have_text(str(placements["total"]))
    assert placements["total"] >= 2

    by_month = _bars(page, "chart-month")
    assert sum(v for _, v in by_month) == placements["total"]
    assert len(by_month) == len(placements["by_month"])
    assert dict(_bars(page, "chart-sector")) == {k: v for k, v in placements["by_sector"].items()}
    assert sum(v for _, v in _bars(page, "chart-region")) == placements["total"]
    assert sum(v for _, v in _bars(page, "chart-gender")) == placements["total"]

    committed = dict(_bars(page, "chart-budget", "committed"))
    totals = dict(_bars(page, "chart-budget", "total"))
    assert committed["Returnee wage subsidy"] > 0
    assert totals["Returnee wage subsidy"] == 500000
    retention = _bars(page, "chart-retention")
    assert len(retention) == 3
    assert all(0 <= v <= 100 for _, v in retention)
    assert retention[0][1] == 100  # the year-old placement was still employed at 3 months
    for chart in ("chart-month", "chart-sector", "chart-budget", "chart-retention"):
        svg = page.locator(f"#{chart} svg")
        expect(svg).to_have_attribute("role", "img")
        assert svg.get_attribute("aria-label")
        assert page.locator(f"#{chart} details table tbody tr").count() >= 1
    shot(page, "dashboard")
    page.goto(f"{world.base}/dashboard/?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#chart-budget svg rect.committed").first).to_be_attached()
    shot(page, "dashboard-ar")
