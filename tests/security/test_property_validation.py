"""Property tests of validation: whatever JSON arrives, no 5xx, a problem document that
names the bad fields, and a rejected request writes nothing (rows and outbox alike)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from services.employers.adapters import tables as et
from services.skills.adapters import tables as stt
from tests.security.world import Http, settings_for

EXAMPLES = 200
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
COUNTS: dict[str, int] = {"rejected": 0, "accepted": 0}


def near(keys: list[str], values: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects with mostly the right keys and values that are sometimes right."""
    key = st.sampled_from([*keys, "bogus", "", "id", "version"])
    value = st.one_of(JSON, *[v for v in values.values()])
    return st.dictionaries(key, value, max_size=6) | st.fixed_dictionaries(
        {}, optional={k: st.one_of(v, JSON) for k, v in values.items()}
    )


LOCATION = st.fixed_dictionaries(
    {}, optional={"city": st.text(max_size=130), "lat": st.floats(-100, 100), "lon": st.floats()}
)
EMPLOYER = near(
    ["name", "sector", "isic", "size", "location", "contact", "engagement_level"],
    {
        "name": st.text(max_size=210),
        "size": st.sampled_from(["micro", "small", "huge", ""]),
        "isic": st.text(alphabet="ABC0123456789", max_size=6),
        "location": LOCATION,
        "engagement_level": st.sampled_from(["inform", "consult", "manage_closely", "x"]),
        "contact": st.fixed_dictionaries({}, optional={"email": st.text(max_size=30)}),
    },
)
VALID_EMPLOYER = st.fixed_dictionaries(
    {"name": st.text(min_size=1, max_size=200)},
    optional={
        "sector": st.text(min_size=1, max_size=50),
        "size": st.sampled_from(["micro", "small", "medium", "large"]),
        "location": st.fixed_dictionaries(
            {"city": st.text(min_size=1, max_size=20)},
            optional={"lat": st.floats(-90, 90), "lon": st.floats(-180, 180)},
        ),
    },
)
PERSONAL = st.fixed_dictionaries(
    {},
    optional={
        "name": st.text(max_size=210),
        "phone": st.text(max_size=45),
        "email": st.emails() | st.text(max_size=20),
        "birth_year": st.integers(1800, 2200) | st.text(max_size=4),
        "nickname": st.text(max_size=5),
    },
)
RETURNEE = near(
    ["personal", "centre_id", "location", "languages", "education_level", "consents", "gender"],
    {
        "personal": PERSONAL,
        "location": LOCATION,
        "languages": st.lists(
            st.fixed_dictionaries(
                {
                    "code": st.sampled_from(["ar", "fr", "EN", "x"]),
                    "level": st.sampled_from(["B1", "Z9"]),
                }
            ),
            max_size=3,
        ),
        "education_level": st.integers(-2, 10) | st.sampled_from(["3", 3.5]),
        "consents": st.lists(
            st.sampled_from(["matching", "shown_to_employers", "spam"]), max_size=5
        ),
        "gender": st.sampled_from(["female", "male", "x", None]),
    },
)


@pytest.fixture(scope="module")
def platform(tmp_path_factory, starter):
    from services.embedded import build_platform

    p = build_platform(settings_for(tmp_path_factory.mktemp("props")), taxonomy=starter)
    yield p
    p.bus.close()


def _counts(runtime: Any, tables: list[Any]) -> dict[str, int]:
    with runtime.engine.connect() as conn:
        return {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in [*tables, runtime.outbox]
        }


def _check(http: Http, path: str, body: Any, runtime: Any, tables: list[Any], main: str) -> None:
    before = _counts(runtime, tables)
    resp = http.call("POST", path, body)
    after = _counts(runtime, tables)
    assert resp.status_code < 500, (body, resp.get_json())
    if resp.status_code == 201:
        COUNTS["accepted"] += 1
        assert after[main] == before[main] + 1
        return
    COUNTS["rejected"] += 1
    assert resp.status_code in (400, 403, 404, 409, 413, 422), resp.status_code
    assert resp.content_type == "application/problem+json"
    problem = resp.get_json()
    assert problem["status"] == resp.status_code and problem["title"]
    if resp.status_code == 422:
        assert problem["errors"] and all(isinstance(m, list) for m in problem["errors"].values())
    assert after == before, f"a rejected request wrote {body!r}"


PROPERTY = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY
@given(body=JSON | EMPLOYER | VALID_EMPLOYER)
def test_registering_an_employer(platform, body) -> None:
    runtime = platform.employers.runtime
    _check(
        Http(platform.wsgi), "/employers/v1/employers", body, runtime, [et.employers], "employers"
    )


VALID_RETURNEE = st.fixed_dictionaries(
    {"personal": st.fixed_dictionaries({"name": st.text(min_size=1, max_size=200)})},
    optional={
        "centre_id": st.text(min_size=1, max_size=20),
        "education_level": st.integers(0, 8),
        "consents": st.lists(st.sampled_from(["matching", "shown_to_employers"]), max_size=2),
        "languages": st.lists(
            st.fixed_dictionaries(
                {"code": st.sampled_from(["ar", "fr", "en"]), "level": st.sampled_from(["B1"])}
            ),
            max_size=1,
        ),
    },
)


@PROPERTY
@given(body=JSON | RETURNEE | VALID_RETURNEE)
def test_registering_a_returnee(platform, body) -> None:
    tables = [stt.returnees, stt.personal_details, stt.consent_changes, stt.audit_log]
    _check(
        Http(platform.wsgi),
        "/skills/v1/returnees",
        body,
        platform.skills.runtime,
        tables,
        "returnees",
    )


def test_how_many_bad_inputs_were_tried() -> None:
    # runs after the two properties in this module (pytest keeps file order)
    print(f"validation properties: {COUNTS['rejected']} rejected, {COUNTS['accepted']} accepted")
    assert COUNTS["rejected"] >= EXAMPLES


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/employers/v1/employers", {"name": "Nile\x00Steel"}, "name"),
        ("/employers/v1/employers", {"name": "Ok", "location": {"city": "Gi\x00za"}}, "location"),
        ("/skills/v1/returnees", {"personal": {"name": "A\x00"}}, "personal"),
        ("/skills/v1/taxonomy/labels", {"uri": "u", "lang": "ar", "label": "\x00"}, "label"),
    ],
)
def test_nul_characters_are_422_not_a_500_on_postgresql(platform, path, body, field) -> None:
    resp = Http(platform.wsgi).call("POST", path, body)
    assert resp.status_code == 422 and field in resp.get_json()["errors"]


def test_nul_characters_in_paths_and_queries(platform) -> None:
    http = Http(platform.wsgi)
    assert http.call("GET", "/employers/v1/employers/e%00x").status_code == 404
    resp = http.call("GET", "/employers/v1/vacancies?q=we%00ld")
    assert resp.status_code == 422 and "q" in resp.get_json()["errors"]
