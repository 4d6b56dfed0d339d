"""The declared access policy, walked cell by cell against the running embedded platform.

For every route of every service app (from the Flask url maps) there must be a policy
entry; for every entry, every role and, where the role is scoped, both an object of its
own (side "a") and another's (side "b"), the answer must be what the table says:

- allowed: 2xx, or 409 where repeating a call meets the state an earlier cell left;
- another's object for an ``own`` role: exactly the declared status, or for
  ``FILTERED`` lists a 2xx that names none of side b's ids while an admin's identical
  request does (so the filter is real, not an empty answer);
- denied: exactly the declared status (403).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from services.employers.policy import POLICY as EMPLOYERS
from services.matching.adapters.scorers import PRIOR_VERSION
from services.matching.policy import POLICY as MATCHING
from services.skills.policy import POLICY as SKILLS
from shared.auth.policy import POLICY as AUTH
from shared.auth.tokens import ROLES
from shared.policy import ANY, FILTERED, OWN, Rule, merged
from tests.security.world import (
    World,
    build_world,
    returnee_body,
    settings_for,
    text_of,
    vacancy_body,
)

SERVICE_PREFIXES = ("employers", "skills", "matching", "auth")
NOT_API = ("/healthz", "/readyz", "/openapi.json")
ALLOWED_STATUSES = {200, 201, 204, 409}
POLICY = merged(AUTH, EMPLOYERS, SKILLS, MATCHING)


def platform_routes(world: World) -> set[tuple[str, str]]:
    """Every (method, rule) the router sends to a service app, health and docs excepted."""
    out: set[tuple[str, str]] = set()
    for prefix, app in world.platform.wsgi.routes.items():
        if prefix not in SERVICE_PREFIXES:
            continue  # web pages
        for r in app.url_map.iter_rules():  # type: ignore[attr-defined]
            if r.endpoint == "static" or not r.rule.startswith(f"/{prefix}/"):
                continue
            if r.rule.endswith(NOT_API):
                continue
            out.update((m, r.rule) for m in r.methods - {"HEAD", "OPTIONS"})
    return out


@pytest.fixture(scope="module")
def world(tmp_path_factory, starter):
    w = build_world(settings_for(tmp_path_factory.mktemp("policy")), starter)
    yield w
    w.platform.stop()


# --- what each cell sends -------------------------------------------------------------

Req = dict[str, Any]


class Walk:
    """Builds the request of one cell; makes fresh objects where a call consumes one."""

    def __init__(self, w: World, taxonomy: Any) -> None:
        self.w = w
        self.http = w.http
        self.n = 0
        used = set(w.skills)
        # one skill for POST .../skills, then one per fresh record (a record that a denied
        # role failed to delete stays, so the next one needs another skill)
        self.extra_skills = [s.uri for s in taxonomy.iter_skills() if s.uri not in used][:40]
        self.record = {
            side.name: self.http.ok("GET", f"/skills/v1/returnees/{side.returnee}/skills")["items"][
                0
            ]["id"]
            for side in (w.a, w.b)
        }

    def unique(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}-{self.n}"

    # fresh objects, made as admin
    def fresh_returnee(self, side: Any) -> str:
        return str(self.http.ok("POST", "/skills/v1/returnees", returnee_body(side.centre))["id"])

    def fresh_record(self, side: Any) -> str:
        path = f"/skills/v1/returnees/{side.returnee}/skills"
        return str(self.http.ok("POST", path, {"uri": self.extra_skills.pop()})["id"])

    def fresh_entry(self, side: Any) -> str:
        path = f"/skills/v1/returnees/{side.returnee}/experience"
        return str(self.http.ok("POST", path, {"occupation": self.w.occupation, "years": 1})["id"])

    def fresh_vacancy(self, side: Any) -> str:
        body = vacancy_body(self.w.occupation, self.w.skills, side.fair)
        return str(
            self.http.ok("POST", f"/employers/v1/employers/{side.employer}/vacancies", body)["id"]
        )

    def fresh_token(self) -> str:
        return self.w.platform.tokens.issue("service", 60).id

    def fresh_code(self, fair: str | None) -> str:
        path = f"/skills/v1/returnees/{self.w.a.returnee}/kiosk-codes"
        return str(self.http.ok("POST", path, {"fair_id": fair} if fair else {})["code"])

    def path_params(self, rule: str, side: Any) -> dict[str, str]:
        values = {
            "employer_id": side.employer,
            "vacancy_id": side.vacancy,
            "scheme_id": side.scheme,
            "partnership_id": side.partnership,
            "fair_id": side.fair,
            "placement_id": side.placement,
            "returnee_id": side.returnee,
            "purpose": "contact_by_employers",
            "code": side.referral,
            "version": PRIOR_VERSION,
            "record_id": self.record[side.name],
        }
        return values


def _sub(rule: str, params: dict[str, str]) -> str:
    path = rule
    for key, value in params.items():
        path = path.replace(f"<{key}>", value)
    assert "<" not in path, f"no value for a parameter of {rule}"
    return path


STAGE = {"employer": "interviewed", "returnee": "saved"}


def _bodies(walk: Walk) -> dict[tuple[str, str], Callable[..., Req]]:
    """Per endpoint: (side, role, variant) -> {"body", "query", "path": overrides}."""
    w = walk.w
    E, S, M = "/employers/v1", "/skills/v1", "/matching/v1"
    R = f"{S}/returnees/<returnee_id>"

    def filter_for(role: str, side: Any, fairs: bool = False) -> dict[str, str] | None:
        # side b's objects asked for explicitly: a scoped role must still see its own only
        if side is w.a:
            return None
        if fairs and role in ("kiosk", "returnee"):
            return {"fair_id": side.fair}
        return {"employer_id": side.employer}

    def code_for(side: Any, role: str) -> Req:
        # kiosk: a code for its own fair, or for the other fair; admin (no fair): an
        # unbound code, or one bound to the other fair; others are refused before.
        own_fair = w.a.fair if role == "kiosk" else None
        return {"body": {"code": walk.fresh_code(w.b.fair if side is w.b else own_fair)}}

    return {
        ("POST", f"{E}/employers"): lambda s, r: {"body": {"name": walk.unique("Employer")}},
        ("PATCH", f"{E}/employers/<employer_id>"): lambda s, r: {"body": {"sector": "metal"}},
        ("POST", f"{E}/employers/<employer_id>/vacancies"): lambda s, r: {
            "body": vacancy_body(w.occupation, w.skills, s.fair)
        },
        ("GET", f"{E}/vacancies"): lambda s, r: {"query": filter_for(r, s, fairs=True)},
        ("PATCH", f"{E}/vacancies/<vacancy_id>"): lambda s, r: {
            "body": {"description": "Updated."}
        },
        ("POST", f"{E}/vacancies/<vacancy_id>/close"): lambda s, r: {
            "path": {"vacancy_id": walk.fresh_vacancy(s)}
        },
        ("POST", f"{E}/incentive-schemes"): lambda s, r: {
            "body": {"name": walk.unique("Scheme"), "type": "mentoring", "terms": {"months": 3}}
        },
        ("PATCH", f"{E}/incentive-schemes/<scheme_id>"): lambda s, r: {"body": {"name": "New"}},
        ("POST", f"{E}/partnerships"): lambda s, r: {
            "body": {"employer_id": s.employer, "kind": "mou"}
        },
        ("GET", f"{E}/partnerships"): lambda s, r: {"query": filter_for(r, s)},
        ("PATCH", f"{E}/partnerships/<partnership_id>"): lambda s, r: {
            "body": {"notes": "Reviewed."}
        },
        ("POST", f"{E}/fairs"): lambda s, r: {"body": {"name": walk.unique("Fair")}},
        ("POST", f"{E}/placements"): lambda s, r: {
            "body": {
                "vacancy_id": s.vacancy,
                "returnee_id": walk.unique("person"),
                "start_date": "2026-02-01",
            }
        },
        ("GET", f"{E}/placements"): lambda s, r: {"query": filter_for(r, s)},
        ("POST", f"{E}/placements/<placement_id>/follow-ups"): lambda s, r: {
            "body": {"month": 3, "status": "employed", "at": "2026-05-01"}
        },
        ("POST", "/auth/v1/tokens"): lambda s, r: {
            "body": {"role": "employer", "employer_id": s.employer, "ttl_s": 60}
            if s is w.a
            else {"role": "admin", "ttl_s": 60}
        },
        ("DELETE", "/auth/v1/tokens/<token_id>"): lambda s, r: {
            "path": {"token_id": walk.fresh_token()}
        },
        ("POST", f"{S}/returnees"): lambda s, r: {"body": returnee_body(s.centre)},
        ("GET", f"{S}/returnees"): lambda s, r: {
            "query": {"centre_id": s.centre, "page_size": 100} if s is w.b else None
        },
        ("PATCH", R): lambda s, r: {"body": {"education_field": "metalwork"}},
        ("DELETE", R): lambda s, r: {"path": {"returnee_id": walk.fresh_returnee(s)}},
        ("PUT", f"{R}/consents/<purpose>"): lambda s, r: {"body": {"method": "verbal"}},
        ("DELETE", f"{R}/consents/<purpose>"): lambda s, r: {"body": {"method": "verbal"}},
        ("POST", f"{R}/skills"): lambda s, r: {"body": {"uri": walk.extra_skills[0]}},
        ("PATCH", f"{R}/skills/<record_id>"): lambda s, r: {"body": {"proficiency": 3}},
        ("DELETE", f"{R}/skills/<record_id>"): lambda s, r: {
            "path": {"record_id": walk.fresh_record(s)}
        },
        ("PUT", f"{R}/languages"): lambda s, r: {"body": [{"code": "ar", "level": "native"}]},
        ("PUT", f"{R}/education"): lambda s, r: {"body": {"level": 3}},
        ("POST", f"{R}/experience"): lambda s, r: {
            "body": {"occupation": w.occupation, "years": 2}
        },
        ("DELETE", f"{R}/experience/<entry_id>"): lambda s, r: {
            "path": {"entry_id": walk.fresh_entry(s)}
        },
        ("PUT", f"{R}/aspirations"): lambda s, r: {"body": {"occupations": [w.occupation]}},
        ("POST", f"{R}/kiosk-codes"): lambda s, r: {"body": {}},
        ("POST", f"{R}/referrals"): lambda s, r: {
            "body": {"provider": "Training Centre", "purpose": "referral_to_training"}
        },
        ("GET", f"{S}/taxonomy/occupations"): lambda s, r: {"query": {"q": "weld"}},
        ("GET", f"{S}/taxonomy/skills"): lambda s, r: {"query": {"q": "weld"}},
        ("GET", f"{S}/taxonomy/occupation"): lambda s, r: {"query": {"uri": w.occupation}},
        ("GET", f"{S}/taxonomy/skill"): lambda s, r: {"query": {"uri": w.skills[0]}},
        ("POST", f"{S}/taxonomy/labels"): lambda s, r: {
            "body": {"uri": w.skills[0], "lang": "ar", "label": "مهارة اختبار"}
        },
        ("POST", f"{S}/kiosk/redeem"): lambda s, r: code_for(s, r),
        ("GET", f"{S}/audit"): lambda s, r: {"query": {"subject": s.returnee}},
        ("POST", f"{M}/search/vacancies"): lambda s, r: {
            "body": {"filters": {"fair_id": s.fair}} if s is w.b else {"q": ""}
        },
        ("POST", f"{M}/outcomes"): lambda s, r: {
            "body": {
                "returnee_id": s.returnee,
                "vacancy_id": s.vacancy,
                "stage": STAGE.get(r, "applied"),
            }
        },
        ("POST", f"{M}/models/train"): lambda s, r: {"body": {}},
    }


def _request(walk: Walk, bodies: dict, key: tuple[str, str], side: Any, role: str) -> Req:
    method, rule = key
    extra = bodies.get(key, lambda s, r: {})(side, role)
    params = {**walk.path_params(rule, side), **(extra.get("path") or {})}
    return {
        "method": method,
        "path": _sub(rule, params),
        "body": extra.get("body"),
        "query": extra.get("query"),
    }


def _has_scope(rule: str, key: tuple[str, str], bodies: dict) -> bool:
    # An endpoint whose request does not differ between the sides has one cell per role.
    return "<" in rule or key in bodies


def _send(w: World, role: str, req: Req) -> Any:
    return w.http.call(
        req["method"], req["path"], req["body"], token=w.tokens[role], query=req["query"]
    )


def _check_filtered(w: World, role: str, req: Req, resp: Any) -> str | None:
    if resp.status_code >= 300:
        return f"expected a filtered 2xx, got {resp.status_code}"
    body = text_of(resp)
    leaked = [i for i in w.b.ids() if i in body]
    if leaked:
        return f"shows side b's {leaked}"
    admin = text_of(_send(w, "admin", req))
    if not any(i in admin for i in w.b.ids()):
        return "the admin's identical request shows nothing of side b: the check proves nothing"
    return None


def test_every_route_has_a_policy_entry(world) -> None:
    routes = platform_routes(world)
    missing = sorted(routes - set(POLICY))
    stale = sorted(set(POLICY) - routes)
    assert not missing, f"routes without a policy entry: {missing}"
    assert not stale, f"policy entries without a route: {stale}"
    assert len(routes) >= 60


def test_the_whole_table(world, starter) -> None:
    walk = Walk(world, starter)
    bodies = _bodies(walk)
    failures: list[str] = []
    cells = 0
    for key in sorted(POLICY):
        rule: Rule = POLICY[key]
        method, path_rule = key
        sides = (world.a, world.b) if _has_scope(path_rule, key, bodies) else (world.a,)
        for role in ROLES:
            access = rule.of(role)
            for side in sides:
                req = _request(walk, bodies, key, side, role)
                resp = _send(world, role, req)
                cells += 1
                where = f"{method} {path_rule} as {role} on side {side.name}"
                own = side is world.a
                if access == ANY or (access == OWN and own):
                    if resp.status_code not in ALLOWED_STATUSES:
                        failures.append(f"{where}: allowed, got {resp.status_code} {text_of(resp)}")
                elif access == OWN:
                    expected = rule.other_for(role)
                    if expected == FILTERED:
                        problem = _check_filtered(world, role, req, resp)
                        if problem:
                            failures.append(f"{where}: {problem}")
                    elif resp.status_code != expected:
                        failures.append(
                            f"{where}: another's object, expected {expected}, "
                            f"got {resp.status_code}"
                        )
                elif resp.status_code != rule.denied:
                    failures.append(
                        f"{where}: denied, expected {rule.denied}, got {resp.status_code}"
                    )
    print(f"policy walk: {len(POLICY)} endpoints, {cells} cells")
    assert not failures, "\n".join(failures)
    assert cells >= 7 * len(POLICY)


def test_without_a_token_every_route_answers_401(world) -> None:
    for method, rule in sorted(POLICY):
        path = rule.replace("<", "x").replace(">", "")
        resp = world.http.call(method, path, {}, token="")
        assert resp.status_code == 401, (method, rule, resp.status_code)
        assert resp.content_type == "application/problem+json"
