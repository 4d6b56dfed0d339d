"""Taxonomy look-ups and user labels (persisted, re-applied at bootstrap, emitted)."""

from __future__ import annotations

from urllib.parse import quote

from services.skills.adapters import tables as t
from services.skills.bootstrap import bootstrap


def test_search_skills_and_occupations(env, skill, occupation):
    word = skill.labels["en"].split()[0]
    resp = env.call("GET", f"/taxonomy/skills?q={quote(word)}&lang=en&limit=5", "kiosk")
    assert resp.status_code == 200
    items = resp.get_json()["items"]
    assert 1 <= len(items) <= 5 and set(items[0]) == {"uri", "label", "score"}
    scores = [i["score"] for i in items]
    assert scores == sorted(scores, reverse=True)
    resp = env.call("GET", f"/taxonomy/occupations?q={quote(occupation.labels['en'])}")
    assert resp.get_json()["items"][0]["uri"] == occupation.uri


def test_search_needs_a_query_and_a_known_language(env):
    assert "q" in env.call("GET", "/taxonomy/skills").get_json()["errors"]
    assert "lang" in env.call("GET", "/taxonomy/skills?q=a&lang=de").get_json()["errors"]
    assert "limit" in env.call("GET", "/taxonomy/skills?q=a&limit=500").get_json()["errors"]


def test_occupation_and_skill_detail(env, occupation, taxonomy):
    resp = env.call("GET", f"/taxonomy/occupation?uri={quote(occupation.uri, safe='')}")
    assert resp.status_code == 200
    body = resp.get_json()
    related = {r.skill_uri for r in taxonomy.skills_of(occupation.uri)}
    listed = {s["uri"] for s in body["essential_skills"] + body["optional_skills"]}
    assert listed == related and body["isco_group"] == occupation.isco_group
    first = taxonomy.skills_of(occupation.uri)[0].skill_uri
    resp = env.call("GET", f"/taxonomy/skill?uri={quote(first, safe='')}")
    assert occupation.uri in [o["uri"] for o in resp.get_json()["occupations"]]
    assert env.call("GET", "/taxonomy/occupation?uri=nope").status_code == 404


def test_arabic_label_is_persisted_applied_emitted_and_reapplied(env, skill, taxonomy, settings):
    label = "تلحيم المعادن الخاصة"
    resp = env.call(
        "POST", "/taxonomy/labels", json={"uri": skill.uri, "lang": "ar", "label": label}
    )
    assert resp.status_code == 201 and resp.get_json()["created"] is True
    hits = env.call("GET", f"/taxonomy/skills?q={quote(label)}&lang=ar").get_json()["items"]
    assert skill.uri in [h["uri"] for h in hits[:3]]
    assert taxonomy.resolve_skill(label, "ar").uri == skill.uri
    [event] = env.events("taxonomy.label_added")
    assert event["subject"] == skill.uri
    assert event["data"] == {"uri": skill.uri, "lang": "ar", "label": label}
    again = env.call(
        "POST", "/taxonomy/labels", json={"uri": skill.uri, "lang": "ar", "label": label}
    )
    assert again.get_json()["created"] is False and env.count(t.taxonomy_labels) == 1
    # A restart loads the taxonomy from files again; bootstrap puts the stored label back.
    from tests.unit.skills.fixtures import skills_taxonomy

    fresh = skills_taxonomy()

    def arabic(tax):
        concept = tax.skill(skill.uri)
        return {concept.labels.get("ar"), *concept.alt_labels.get("ar", ())}

    assert label not in arabic(fresh)
    bootstrap(settings, fresh, bus=env.container.runtime.bus, tokens=env.container.tokens)
    assert label in arabic(fresh)


def test_label_errors(env, skill):
    resp = env.call("POST", "/taxonomy/labels", json={"uri": "nope", "lang": "ar", "label": "x"})
    assert resp.status_code == 422 and "uri" in resp.get_json()["errors"]
    resp = env.call(
        "POST", "/taxonomy/labels", json={"uri": skill.uri, "lang": "ar", "label": "!!"}
    )
    assert resp.status_code == 422 and "label" in resp.get_json()["errors"]
    resp = env.call("POST", "/taxonomy/labels", json={"uri": skill.uri, "lang": "de", "label": "x"})
    assert resp.status_code == 422 and "lang" in resp.get_json()["errors"]
    assert env.count(t.taxonomy_labels) == 0
