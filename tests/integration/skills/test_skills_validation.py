"""Bad input: problem+json naming the field, never a 500, and nothing written."""

from __future__ import annotations

import pytest

GOOD = {"personal": {"name": "Sami"}}


def named(body: dict, field: str) -> bool:
    """The problem names ``field`` (or a part of it, e.g. ``personal._schema``)."""
    return any(k == field or k.startswith(field + ".") for k in body.get("errors", {}))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "personal"),
        ({"personal": {}}, "personal.name"),
        ({"personal": {"name": "Sami", "ssn": "1"}}, "personal.ssn"),
        ({**GOOD, "education_level": "three"}, "education_level"),
        ({**GOOD, "education_level": "3"}, "education_level"),
        ({**GOOD, "education_level": 9}, "education_level"),
        ({**GOOD, "status": "tourist"}, "status"),
        ({**GOOD, "favourite_colour": "blue"}, "favourite_colour"),
        ({**GOOD, "location": {"lat": 200}}, "location.lat"),
        ({**GOOD, "languages": [{"code": "arabic", "level": "B1"}]}, "languages.0.code"),
        ({**GOOD, "consents": ["marketing"]}, "consents.0"),
        ({"personal": {"name": "Sami", "email": "not-an-email"}}, "personal.email"),
        ({"personal": {"name": "Sami", "birth_year": 2090}}, "personal.birth_year"),
        ({"personal": "Sami"}, "personal"),
    ],
)
def test_bad_returnee_bodies_name_the_field_and_write_nothing(env, body, field):
    before = env.counts()
    resp = env.call("POST", "/returnees", json=body)
    assert resp.status_code == 422, resp.get_json()
    assert resp.content_type == "application/problem+json"
    assert named(resp.get_json(), field), resp.get_json()
    assert env.counts() == before


def test_non_json_and_wrong_shapes_are_problems(env):
    before = env.counts()
    resp = env.call("POST", "/returnees", data="{not json", content_type="application/json")
    assert resp.status_code == 400 and resp.content_type == "application/problem+json"
    resp = env.call("POST", "/returnees", json=[GOOD])
    assert resp.status_code == 422
    assert env.counts() == before


def test_oversize_body_is_413(env):
    before = env.counts()
    big = {"personal": {"name": "x" * (env.container.settings.max_body_bytes + 10)}}
    resp = env.call("POST", "/returnees", json=big)
    assert resp.status_code == 413 and resp.content_type == "application/problem+json"
    assert env.counts() == before


def test_bad_ids_are_404_problems(env):
    for path in ("/returnees/nope", "/returnees/" + "x" * 300, "/returnees/nope/skills"):
        resp = env.call("GET", path)
        assert resp.status_code == 404 and resp.content_type == "application/problem+json"
    rid = env.register()["id"]
    before = env.counts()
    resp = env.call("DELETE", f"/returnees/{rid}/experience/nope")
    assert resp.status_code == 404
    assert env.counts() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"uri": "u", "label": "l"}, "uri"),
        ({"label": "weld", "proficiency": 5}, "proficiency"),
        ({"label": "weld", "evidence": "rumour"}, "evidence"),
        ({"label": "weld", "acquired_in": "Germany"}, "acquired_in"),
        ({"label": "weld", "years": -1}, "years"),
        ({"label": "weld", "lang": "de"}, "lang"),
        ({"label": "weld", "extra": 1}, "extra"),
    ],
)
def test_bad_skill_bodies_name_the_field(env, body, field):
    rid = env.register()["id"]
    before = env.counts()
    resp = env.call("POST", f"/returnees/{rid}/skills", json=body)
    assert resp.status_code == 422 and named(resp.get_json(), field), resp.get_json()
    assert env.counts() == before


def test_page_size_is_limited(env):
    resp = env.call("GET", "/returnees?page_size=1000")
    assert resp.status_code == 422 and "page_size" in resp.get_json()["errors"]
    resp = env.call("GET", "/returnees?page=0")
    assert resp.status_code == 422 and "page" in resp.get_json()["errors"]
