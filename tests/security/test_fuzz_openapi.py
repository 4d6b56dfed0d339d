"""Schemathesis against each service's own OpenAPI document, on the seeded embedded app,
as an admin: no 5xx, and every response conforms to its documented schema.

Three passes per operation, bounded and derandomised: valid data on real objects
(path parameters are side a's ids), invalid data on real objects, and valid data on
generated ids. Operations that destroy what others need (DELETE, close) run last.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance

from services.matching.adapters.scorers import PRIOR_VERSION
from tests.conftest import ADMIN_TOKEN
from tests.security.world import build_world, settings_for

SERVICES = ("employers", "skills", "matching")
CHECKS = [not_a_server_error, response_schema_conformance]
HEADERS = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
PASSES = (  # (mode, real path parameters, examples per operation)
    (GenerationMode.POSITIVE, True, 15),
    (GenerationMode.NEGATIVE, True, 15),
    (GenerationMode.POSITIVE, False, 5),
)


@pytest.fixture(scope="module")
def world(tmp_path_factory, starter):
    # Fuzzed searches and redemptions come from one admin token and one address.
    settings = settings_for(tmp_path_factory.mktemp("fuzz"), kiosk_rate_limit=0)
    w = build_world(settings, starter)
    yield w
    w.platform.stop()


def real_ids(world) -> dict[str, str]:
    a, http = world.a, world.http
    rid = a.returnee
    record = http.ok("GET", f"/skills/v1/returnees/{rid}/skills")["items"][0]["id"]
    entry = http.ok(
        "POST",
        f"/skills/v1/returnees/{rid}/experience",
        {"occupation": world.occupation, "years": 1},
    )["id"]
    return {
        "employer_id": a.employer,
        "vacancy_id": a.vacancy,
        "scheme_id": a.scheme,
        "partnership_id": a.partnership,
        "fair_id": a.fair,
        "placement_id": a.placement,
        "returnee_id": rid,
        "record_id": record,
        "entry_id": entry,
        "token_id": world.platform.tokens.issue("service", 60).id,
        "code": a.referral,
        "version": PRIOR_VERSION,
        "purpose": "contact_by_employers",
    }


def operations(world) -> list[Any]:
    """Every operation of the three documents; /auth (in each) once; destructive last."""
    found: dict[str, Any] = {}
    for service in SERVICES:
        schema = schemathesis.openapi.from_wsgi(f"/{service}/openapi.json", world.platform.wsgi)
        for result in schema.get_all_operations():
            op = result.ok()
            found.setdefault(op.label, op)

    def last(op: Any) -> tuple[bool, str]:
        return (op.method.upper() == "DELETE" or op.path.endswith("/close"), op.label)

    return sorted(found.values(), key=last)


def test_every_operation_survives_fuzzing(world) -> None:
    ids = real_ids(world)
    stats = {"examples": 0, "statuses": {}}
    failures: dict[str, str] = {}
    unsatisfiable: list[str] = []
    ops = operations(world)
    assert len(ops) >= 60
    for mode, real, examples in PASSES:
        for op in ops:
            names = re.findall(r"{(\w+)}", op.path)
            params = {n: ids[n] for n in names} if real else None
            strategy = op.as_strategy(mode, headers=HEADERS, path_parameters=params)

            label = f"{op.label} ({mode.value}, {'real' if real else 'generated'} ids)"

            @settings(
                max_examples=examples,
                derandomize=True,
                deadline=None,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def run(case: Any) -> None:
                stats["examples"] += 1
                try:
                    resp = case.call_and_validate(headers=HEADERS, checks=CHECKS)
                except (FailureGroup, AssertionError) as exc:
                    failures.setdefault(label, str(exc)[:2000])  # noqa: B023 (run now)
                    return
                code = resp.status_code
                stats["statuses"][code] = stats["statuses"].get(code, 0) + 1

            try:
                run()
            except Unsatisfiable:
                # nothing to make invalid: no body or query, and real path parameters
                unsatisfiable.append(op.label)
    print(
        f"fuzzing: {len(ops)} operations, {stats['examples']} examples, "
        f"statuses {dict(sorted(stats['statuses'].items()))}, "
        f"{len(unsatisfiable)} operations without invalid inputs"
    )
    assert not failures, "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())
    assert stats["examples"] >= 1000
