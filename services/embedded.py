"""The all-in-one platform: three services, one bus, one token store, one port.

This is what a counselling centre runs on a laptop. It keeps the distributed
semantics: each service writes its outbox, a relay per service publishes to the
(durable, in-process) bus, and consumers apply events asynchronously and idempotently.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.employers.bootstrap import EmployersContainer
from services.employers.bootstrap import bootstrap as bootstrap_employers
from services.employers.entrypoints.http.app import create_app as employers_app
from services.matching.bootstrap import MatchingContainer
from services.matching.bootstrap import bootstrap as bootstrap_matching
from services.matching.entrypoints.http.app import create_app as matching_app
from services.router import PrefixRouter
from services.skills.bootstrap import SkillsContainer
from services.skills.bootstrap import bootstrap as bootstrap_skills
from services.skills.entrypoints.http.app import create_app as skills_app
from services.web import WEB_PREFIXES
from services.web.app import create_web_app
from shared.auth.tokens import TokenService
from shared.config import Settings
from shared.eventbus.factory import make_bus
from shared.eventbus.port import EventBus
from shared.taxonomy.starter import taxonomy_for
from shared.taxonomy.taxonomy import Taxonomy

log = logging.getLogger(__name__)


@dataclass
class Platform:
    """The three service containers sharing one bus, token service and taxonomy."""

    settings: Settings
    bus: EventBus
    taxonomy: Taxonomy
    tokens: TokenService
    employers: EmployersContainer
    skills: SkillsContainer
    matching: MatchingContainer
    wsgi: PrefixRouter

    @property
    def runtimes(self) -> list[Any]:
        """Each service's store-and-events runtime."""
        return [self.employers.runtime, self.skills.runtime, self.matching.runtime]

    def start(self) -> None:
        """Start relays and consumers."""
        for runtime in self.runtimes:
            runtime.start()

    def stop(self) -> None:
        """Stop consumers and relays; the bus and stores keep everything accepted."""
        for runtime in reversed(self.runtimes):
            runtime.stop()

    def drain(self, timeout_s: float = 30.0) -> None:
        """Wait until every outbox is published and every consumer has caught up."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            pending = sum(r.relay.pending() for r in self.runtimes)
            lag = sum(max(w.lag(), 0) for r in self.runtimes for w in r.workers)
            unknown = any(w.lag() < 0 for r in self.runtimes for w in r.workers)
            if pending == 0 and lag == 0 and not unknown:
                return
            time.sleep(0.05)
        raise TimeoutError("events did not settle in time")


def build_platform(settings: Settings, taxonomy: Taxonomy | None = None) -> Platform:
    """Compose the embedded platform (nothing starts until :meth:`Platform.start`).

    Settings built in code are validated here too: production refuses default secrets
    before anything is created on disk.
    """
    settings.validate()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    if taxonomy is None:
        taxonomy = taxonomy_for(settings.esco_dir, settings.var_dir / "cache")
    bus = make_bus(settings)
    tokens = TokenService(settings.auth_db_url(), settings.signing_keys, settings.admin_token)
    employers = bootstrap_employers(settings, taxonomy, bus=bus, tokens=tokens)
    skills = bootstrap_skills(settings, taxonomy, bus=bus, tokens=tokens)
    matching = bootstrap_matching(settings, taxonomy, bus=bus, tokens=tokens)
    emp_app = employers_app(employers)
    mat_app = matching_app(matching)
    routes = {
        "employers": emp_app,
        "auth": emp_app,
        "skills": skills_app(skills),
        "matching": mat_app,
    }
    routes.update(dict.fromkeys(WEB_PREFIXES, create_web_app(settings)))
    info = {
        "name": "Jisr",
        "services": ["employers", "skills", "matching"],
        "openapi": [f"/{s}/openapi.json" for s in ("employers", "skills", "matching")],
        "pages": [f"/{p}/" for p in WEB_PREFIXES if p != "static"],
        "taxonomy": taxonomy.stats(),
        "attribution": "ESCO, © European Union, CC BY 4.0",
    }
    return Platform(
        settings, bus, taxonomy, tokens, employers, skills, matching, PrefixRouter(routes, info)
    )


def default_esco_dir(repo_root: Path) -> Path:
    """Where the shared ESCO files sit beside a checkout."""
    return repo_root.parent / "shared" / "data" / "esco" / "v1.1.1"
