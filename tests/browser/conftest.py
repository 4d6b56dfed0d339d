"""The embedded platform under a real HTTP server, seeded through its APIs, and Chromium.

Debian's Chromium (``/usr/bin/chromium``, installed by ``deploy/local/chromium.sh``) is
driven by Playwright; Playwright never downloads a browser of its own. When the binary is
missing the fixture runs the script; if that fails the tests fail with its output.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from werkzeug.serving import make_server

from shared.config import Settings
from tests.conftest import ADMIN_TOKEN, REPO

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = REPO / "var" / "screenshots"
WEB_PREFIXES = ("kiosk", "counsellor", "employer", "dashboard", "static")
CENTRE = "centre-cairo"
WAIT_MS = 15_000
HTTP_TIMEOUT_S = 15


def _taxonomy() -> Any:
    """The starter taxonomy, or the skills tests' tiny one until the starter lands."""
    try:
        from shared.taxonomy.starter import starter_taxonomy  # type: ignore[import-not-found]

        return starter_taxonomy()
    except ImportError:
        from tests.unit.skills.fixtures import tiny_taxonomy

        return tiny_taxonomy()


class WebRouter:
    """Send the page prefixes to the web app and everything else to the platform, until
    ``services/embedded.py`` mounts the web app itself."""

    def __init__(self, platform_wsgi: Any, web: Any) -> None:
        self.platform = platform_wsgi
        self.web = web

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        segment = (environ.get("PATH_INFO") or "/").lstrip("/").split("/", 1)[0]
        app = self.web if segment in WEB_PREFIXES else self.platform
        return app(environ, start_response)


class Api:
    """JSON calls against the running server as one bearer token."""

    def __init__(self, base: str, token: str) -> None:
        self.base = base
        self.token = token

    def call(self, method: str, path: str, body: Any = None, expect: int | None = None) -> Any:
        resp = requests.request(
            method,
            self.base + path,
            json=body,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=HTTP_TIMEOUT_S,
        )
        if expect is not None:
            assert resp.status_code == expect, (method, path, resp.status_code, resp.text)
        return resp.json() if resp.content else None

    def token_for(self, role: str, **scope: str) -> str:
        """Issue a token of ``role`` bound to ``scope`` (admin only)."""
        body = {"role": role, "ttl_s": 3600, **scope}
        return str(self.call("POST", "/auth/v1/tokens", body, expect=201)["token"])


@dataclass
class World:
    """The running platform, its URL, tokens per role and the records seeded for the tests."""

    base: str
    platform: Any
    admin: Api
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)
    taxonomy: Any = None

    def api(self, role: str) -> Api:
        return Api(self.base, self.tokens[role])

    def drain(self) -> None:
        self.platform.drain(timeout_s=20)


def _months_ago(months: int, extra_days: int = 0) -> str:
    today = date.today()
    month = today.month - months
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return (date(year, month, min(today.day, 28)) - timedelta(days=extra_days)).isoformat()


def _seed(world: World) -> None:
    """A fair, two employers, schemes, vacancies, returnees and placements, via the APIs."""
    api = world.admin
    tax = world.taxonomy
    occupations = [o for o in tax.iter_occupations() if len(tax.skills_of(o.uri)) >= 3][:6]
    fair = api.call(
        "POST", "/employers/v1/fairs", {"name": "Cairo Job Fair", "city": "Cairo"}, expect=201
    )
    subsidy = api.call(
        "POST",
        "/employers/v1/incentive-schemes",
        {
            "name": "Returnee wage subsidy",
            "type": "wage_subsidy",
            "terms": {"share": 0.5, "months": 6, "monthly_cap": 3000},
            "budget_total": 500000,
            "currency": "EGP",
            "eligibility": "returnees_only",
        },
        expect=201,
    )
    employers = []
    for name, sector, city, lat, lon in (
        ("Nile Build & Repair", "construction", "Cairo", 30.04, 31.24),
        ("Delta Foods", "food processing", "Alexandria", 31.20, 29.92),
    ):
        body = {
            "name": name,
            "sector": sector,
            "size": "medium",
            "engagement_level": "consult",
            "location": {"city": city, "region": city, "lat": lat, "lon": lon},
        }
        employers.append(api.call("POST", "/employers/v1/employers", body, expect=201))
    vacancies = []
    for i, occ in enumerate(occupations):
        employer = employers[i % len(employers)]
        loc = employer["location"]
        relations = tax.skills_of(occ.uri)
        body = {
            "title": tax.label(occ.uri, "en").capitalize(),
            "description": f"{employer['name']} is hiring in {loc['city']}.",
            "occupation": occ.uri,
            "skills": [{"uri": r.skill_uri, "essential": r.essential} for r in relations[:8]],
            "languages": [{"code": "ar", "level": "B1"}],
            "location": {**loc, "lat": loc["lat"] + 0.01, "lon": loc["lon"] + 0.01},
            "positions": 5,
            "closes_at": "2099-01-01T00:00:00+00:00",
            "incentive_ids": [subsidy["id"]],
            "fair_ids": [fair["id"]],
            "wage": {"amount": 6000, "currency": "EGP", "period": "month"},
        }
        path = f"/employers/v1/employers/{employer['id']}/vacancies"
        vacancies.append(api.call("POST", path, body, expect=201))
    first = occupations[0]
    people = []
    for name, gender in (("Amira Hassan", "female"), ("Omar Farouk", "male")):
        person = api.call(
            "POST",
            "/skills/v1/returnees",
            {
                "personal": {"name": name, "phone": "+20 100 555 0100"},
                "centre_id": CENTRE,
                "gender": gender,
                "location": {"city": "Cairo", "region": "Cairo", "lat": 30.04, "lon": 31.23},
                "languages": [{"code": "ar", "level": "native"}],
                "education_level": 3,
                "consents": ["matching", "shown_to_employers"],
                "consent_method": "written",
            },
            expect=201,
        )
        for rel in tax.skills_of(first.uri)[:2]:
            api.call(
                "POST",
                f"/skills/v1/returnees/{person['id']}/skills",
                {"uri": rel.skill_uri, "proficiency": 3, "evidence": "assessed"},
                expect=201,
            )
        people.append(person)
    # A placement a year old with its follow-ups (retention), and one whose 3-month
    # follow-up is due (the counsellor's list); both commit subsidy budget.
    second = vacancies[1]
    old = api.call(
        "POST",
        "/employers/v1/placements",
        {
            "vacancy_id": second["id"],
            "returnee_id": people[1]["id"],
            "start_date": _months_ago(13),
            "scheme_id": subsidy["id"],
            "monthly_wage": 6000,
        },
        expect=201,
    )
    for month, status in ((3, "employed"), (6, "employed"), (12, "left_job")):
        api.call(
            "POST",
            f"/employers/v1/placements/{old['id']}/follow-ups",
            {"month": month, "status": status, "at": _months_ago(13 - month)},
            expect=201,
        )
    due = api.call(
        "POST",
        "/employers/v1/placements",
        {
            "vacancy_id": second["id"],
            "returnee_id": people[0]["id"],
            "start_date": _months_ago(4),
            "scheme_id": subsidy["id"],
            "monthly_wage": 5000,
        },
        expect=201,
    )
    world.ids.update(
        fair=fair["id"],
        subsidy=subsidy["id"],
        employers=[e["id"] for e in employers],
        vacancies=[v["id"] for v in vacancies],
        people=[p["id"] for p in people],
        first_names=["Amira", "Omar"],
        due_placement=due["id"],
        occupation=first.uri,
    )
    world.tokens.update(
        kiosk=api.token_for("kiosk", fair_id=fair["id"]),
        counsellor=api.token_for("counsellor", centre_id=CENTRE),
        employer=api.token_for("employer", employer_id=employers[0]["id"]),
        programme_manager=api.token_for("programme_manager"),
    )
    world.drain()


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The embedded platform on a temporary var dir, served on 127.0.0.1 at a free port."""
    from services.embedded import build_platform
    from services.web.app import create_web_app

    var = tmp_path_factory.mktemp("browser-var")
    settings = Settings(
        var_dir=var, admin_token=ADMIN_TOKEN, seed_demo=False, relay_interval_s=0.05
    )
    taxonomy = _taxonomy()
    platform = build_platform(settings, taxonomy=taxonomy)
    mounted = "counsellor" in getattr(platform.wsgi, "_routes", {})
    app = platform.wsgi if mounted else WebRouter(platform.wsgi, create_web_app(settings))
    platform.start()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="browser-tests-http", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        w = World(base, platform, Api(base, ADMIN_TOKEN), taxonomy=taxonomy)
        _seed(w)
        yield w
    finally:
        server.shutdown()
        thread.join(timeout=10)
        platform.stop()


def _ensure_chromium() -> None:
    if CHROMIUM.exists():
        return
    script = REPO / "deploy" / "local" / "chromium.sh"
    done = subprocess.run(
        ["bash", str(script)], capture_output=True, text=True, timeout=900, check=False
    )
    if done.returncode != 0 or not CHROMIUM.exists():
        pytest.fail(f"Chromium could not be installed:\n{done.stdout}\n{done.stderr}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium through Playwright."""
    _ensure_chromium()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, timeout=60_000
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """A factory of pages in fresh browser contexts (own cookies and storage), closed after."""
    contexts: list[Any] = []
    errors: list[str] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def shot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under var/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page: Any, token: str) -> None:
    """Paste a token into a staff page's sign-in form."""
    page.fill("#signin-token", token)
    page.click("#signin-form button[type=submit]")
    page.wait_for_selector("#app:not([hidden])")


def unlabelled(page: Any) -> list[str]:
    """Inputs, selects and text areas on the page that no label names."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('input, select, textarea')]
                .filter((e) => e.type !== 'hidden' && !(e.labels && e.labels.length)
                    && !e.getAttribute('aria-label'))
                .map((e) => e.id || e.name || e.outerHTML.slice(0, 60))"""
        )
    )
