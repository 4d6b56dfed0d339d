"""Skill records with evidence, languages, education, experience and aspirations."""

from __future__ import annotations

from services.skills.adapters import tables as t


def _rid(env) -> str:
    return str(env.register()["id"])


def test_skill_by_uri_then_by_label(env, skill, taxonomy):
    rid = _rid(env)
    resp = env.call(
        "POST",
        f"/returnees/{rid}/skills",
        json={
            "uri": skill.uri,
            "proficiency": 3,
            "evidence": "certified",
            "acquired_in": "DE",
            "years": 2.5,
        },
    )
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["uri"] == skill.uri and resp.get_json()["evidence"] == "certified"
    other = next(
        s
        for s in taxonomy.iter_skills()
        if s.uri != skill.uri and taxonomy.resolve_skill(s.labels["en"], "en").uri == s.uri
    )
    resp = env.call("POST", f"/returnees/{rid}/skills", json={"label": other.labels["en"]})
    assert resp.status_code == 201 and resp.get_json()["uri"] == other.uri
    assert resp.get_json()["proficiency"] == 2 and resp.get_json()["evidence"] == "self_declared"
    items = env.call("GET", f"/returnees/{rid}/skills").get_json()["items"]
    assert [i["uri"] for i in items] == [skill.uri, other.uri]
    last = env.events("profile.updated")[-1]
    assert last["version"] == 3
    assert {s["uri"]: s["years"] for s in last["data"]["skills"]} == {
        skill.uri: 2.5,
        other.uri: None,
    }


def test_ambiguous_label_is_422_listing_candidates(env, taxonomy):
    a, b = list(taxonomy.iter_skills())[:2]
    taxonomy.add_label(a.uri, "en", "jisr ambiguous craft")
    taxonomy.add_label(b.uri, "en", "jisr ambiguous craft")
    rid = _rid(env)
    resp = env.call("POST", f"/returnees/{rid}/skills", json={"label": "jisr ambiguous craft"})
    assert resp.status_code == 422
    message = resp.get_json()["errors"]["label"][0]
    assert "candidates" in message and a.uri in message and b.uri in message
    assert env.count(t.skill_records) == 0


def test_unknown_uri_is_422_naming_uri(env):
    rid = _rid(env)
    resp = env.call(
        "POST", f"/returnees/{rid}/skills", json={"uri": "http://data.europa.eu/esco/skill/nope"}
    )
    assert resp.status_code == 422 and "uri" in resp.get_json()["errors"]
    resp = env.call("POST", f"/returnees/{rid}/skills", json={"proficiency": 2})
    assert resp.status_code == 422 and "uri" in resp.get_json()["errors"]
    assert env.count(t.skill_records) == 0


def test_same_skill_twice_is_409_and_patch_changes_it(env, skill):
    rid = _rid(env)
    first = env.call("POST", f"/returnees/{rid}/skills", json={"uri": skill.uri}).get_json()
    resp = env.call("POST", f"/returnees/{rid}/skills", json={"uri": skill.uri, "proficiency": 4})
    assert resp.status_code == 409 and first["id"] in resp.get_json()["detail"]
    resp = env.call(
        "PATCH",
        f"/returnees/{rid}/skills/{first['id']}",
        json={"proficiency": 4, "evidence": "assessed"},
    )
    assert resp.status_code == 200 and resp.get_json()["proficiency"] == 4
    assert env.events("profile.updated")[-1]["data"]["skills"][0]["evidence"] == "assessed"
    assert (
        env.call("PATCH", f"/returnees/{rid}/skills/nope", json={"proficiency": 1}).status_code
        == 404
    )


def test_delete_skill_record(env, skill):
    rid = _rid(env)
    rec = env.call("POST", f"/returnees/{rid}/skills", json={"uri": skill.uri}).get_json()
    assert env.call("DELETE", f"/returnees/{rid}/skills/{rec['id']}").status_code == 204
    assert env.call("GET", f"/returnees/{rid}/skills").get_json()["items"] == []
    assert env.events("profile.updated")[-1]["data"]["skills"] == []
    assert env.call("DELETE", f"/returnees/{rid}/skills/{rec['id']}").status_code == 404


def test_languages_education_experience_aspirations(env, occupation):
    rid = _rid(env)
    langs = [{"code": "ar", "level": "native"}, {"code": "fr", "level": "B2"}]
    resp = env.call("PUT", f"/returnees/{rid}/languages", json=langs)
    assert resp.status_code == 200 and resp.get_json() == langs
    resp = env.call("PUT", f"/returnees/{rid}/education", json={"level": 3, "field": "mechanics"})
    assert resp.get_json() == {"level": 3, "field": "mechanics"}
    resp = env.call(
        "POST",
        f"/returnees/{rid}/experience",
        json={"occupation": occupation.uri, "years": 4, "country": "IT"},
    )
    assert resp.status_code == 201, resp.get_json()
    entry = resp.get_json()
    resp = env.call(
        "POST", f"/returnees/{rid}/experience", json={"label": occupation.labels["en"], "years": 1}
    )
    assert resp.status_code == 201 and resp.get_json()["occupation"] == occupation.uri
    resp = env.call(
        "PUT",
        f"/returnees/{rid}/aspirations",
        json={
            "occupations": [occupation.uri],
            "regions": ["Giza"],
            "relocate": True,
            "max_km": 40,
            "min_monthly_wage": 6000,
        },
    )
    assert resp.status_code == 200 and resp.get_json()["relocate"] is True
    data = env.events("profile.updated")[-1]["data"]
    assert data["languages"] == langs and data["education_level"] == 3
    assert data["experience"] == [
        {"occupation": occupation.uri, "years": 4.0, "country": "IT"},
        {"occupation": occupation.uri, "years": 1.0, "country": None},
    ]
    assert data["aspirations"] == {
        "occupations": [occupation.uri],
        "regions": ["Giza"],
        "relocate": True,
        "max_km": 40.0,
        "min_monthly_wage": 6000.0,
    }
    assert data["version"] == 6
    full = env.call("GET", f"/returnees/{rid}").get_json()
    assert full["version"] == 6 and len(full["experience"]) == 2
    assert env.call("DELETE", f"/returnees/{rid}/experience/{entry['id']}").status_code == 204
    assert len(env.call("GET", f"/returnees/{rid}/experience").get_json()["items"]) == 1


def test_profile_part_errors_name_their_fields(env):
    rid = _rid(env)
    resp = env.call(
        "PUT",
        f"/returnees/{rid}/languages",
        json=[{"code": "ar", "level": "B1"}, {"code": "ar", "level": "C1"}],
    )
    assert resp.status_code == 422 and "1.code" in resp.get_json()["errors"]
    resp = env.call(
        "PUT",
        f"/returnees/{rid}/aspirations",
        json={"occupations": ["http://data.europa.eu/esco/occupation/nope"]},
    )
    assert resp.status_code == 422 and "occupations.0" in resp.get_json()["errors"]
    resp = env.call(
        "POST",
        f"/returnees/{rid}/experience",
        json={"occupation": "http://data.europa.eu/esco/occupation/nope", "years": 1},
    )
    assert resp.status_code == 422 and "occupation" in resp.get_json()["errors"]
    resp = env.call("PUT", f"/returnees/{rid}/education", json={"level": 9})
    assert resp.status_code == 422 and "level" in resp.get_json()["errors"]
    assert env.events("profile.updated") == []
