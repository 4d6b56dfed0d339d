"""The starter taxonomy: lookups, search in en/fr/ar, resolution, user-added labels."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from shared.taxonomy import Taxonomy, starter_taxonomy, taxonomy_for

OCC = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"
PLUMBER = OCC + "ed3cf43d-c2c1-4c46-82fc-1375e27e0290"
ELECTRICIAN = OCC + "4910419f-b4af-4f59-b544-9dbebc8a74f0"
NURSE_ASSISTANT = OCC + "87d0795a-d41f-47ee-979f-0ab7d73836e7"
SHOP_ASSISTANT = OCC + "0b15375e-dfdd-4047-9efb-096e0aaee7d2"
SOFTWARE_DEVELOPER = OCC + "f2b15a0e-e65a-438a-affb-29b9d50b77d1"
INSTALL_PLUMBING = SKILL + "8755734c-2919-41a3-9ca6-1e3d1f169213"
PYTHON = SKILL + "ccd0a1d9-afda-43d9-b901-96344886e14d"
HEALTH_AND_SAFETY = SKILL + "86df7af2-f9f3-4c06-a500-7f1fba9e78fe"


@pytest.fixture()
def tx() -> Taxonomy:
    return starter_taxonomy()


def test_counts(tx: Taxonomy) -> None:
    stats = tx.stats()
    assert stats["occupations"] == 15
    assert 55 <= stats["skills"] <= 75
    assert stats["relations"] == stats["essential_relations"] + stats["optional_relations"]
    assert stats["optional_relations"] > 0
    assert stats["preferred_labels"]["ar"] == stats["occupations"] + stats["skills"]


def test_every_concept_has_en_fr_ar_labels_and_real_isco_groups(tx: Taxonomy) -> None:
    for kind in ("occupation", "skill"):
        for concept in tx.concepts(kind):
            assert {"en", "fr", "ar"} <= set(concept.labels), concept.uri
    for occupation in tx.iter_occupations():
        assert len(occupation.isco_group) == 4
        for code in tx.isco_ancestors(occupation.isco_group):
            group = tx.isco_group(code)
            assert group is not None and {"en", "fr", "ar"} <= set(group.labels)
        assert tx.skills_of(occupation.uri), occupation.uri


def test_lookups(tx: Taxonomy) -> None:
    plumber = tx.occupation(PLUMBER)
    assert plumber is not None
    assert plumber.labels["en"] == "plumber"
    assert plumber.isco_group == "7126"
    assert tx.occupation("http://example.org/nope") is None
    skill = tx.skill(PYTHON)
    assert skill is not None and skill.skill_type == "knowledge"
    assert tx.isco_ancestors("7126") == ["7126", "712", "71", "7"]
    assert tx.isco_ancestors("2654") == ["2654", "265", "26", "2"]
    assert tx.isco_group("http://data.europa.eu/esco/isco/C7126") == tx.isco_group("7126")
    assert PLUMBER in tx.occupations_in_group("71")


def test_relations_essential_first(tx: Taxonomy) -> None:
    relations = tx.skills_of(SOFTWARE_DEVELOPER)
    flags = [r.essential for r in relations]
    assert flags == sorted(flags, reverse=True)
    assert any(r.skill_uri == PYTHON and not r.essential for r in relations)
    assert any(r.skill_uri == INSTALL_PLUMBING and r.essential for r in tx.skills_of(PLUMBER))
    occupations = tx.occupations_with_skill(HEALTH_AND_SAFETY)
    assert PLUMBER in occupations and ELECTRICIAN in occupations
    assert tx.skills_of("http://example.org/nope") == []


def test_label_falls_back_to_english_then_any(tx: Taxonomy) -> None:
    assert tx.label(PLUMBER, "fr") == "plombier/plombière"
    assert tx.label(PLUMBER, "ar") == "سبّاك"
    assert tx.label(PLUMBER, "de") == "plumber"
    assert tx.label("http://data.europa.eu/esco/isco/C7126", "en") == "Plumbers and pipe fitters"
    with pytest.raises(KeyError):
        tx.label("http://example.org/nope")


@pytest.mark.parametrize(
    ("query", "lang", "expected"),
    [
        ("plumber", "en", PLUMBER),
        ("plumb", "en", PLUMBER),  # autocomplete: prefix of the word being typed
        ("Plombière", "fr", PLUMBER),
        ("plomb", "fr", PLUMBER),
        ("سباك", "ar", PLUMBER),
        ("سبّاك", "ar", PLUMBER),
        ("فني سباكة", "ar", PLUMBER),  # an Arabic alternative label
        ("electrician", "en", ELECTRICIAN),
        ("électricien", "fr", ELECTRICIAN),
        ("programmer", "en", SOFTWARE_DEVELOPER),  # alt label -> preferred label returned
        ("مبرمج", "ar", SOFTWARE_DEVELOPER),
        ("Senior Plumber (Cairo)", "en", PLUMBER),
    ],
)
def test_search_occupations(tx: Taxonomy, query: str, lang: str, expected: str) -> None:
    matches = tx.search_occupations(query, lang)
    assert matches and matches[0].uri == expected
    assert matches[0].label == tx.label(expected, lang)
    assert all(0.0 <= m.score <= 1.0 for m in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_search_skills_in_three_languages(tx: Taxonomy) -> None:
    assert tx.search_skills("install plumbing", "en")[0].uri == INSTALL_PLUMBING
    assert tx.search_skills("plomberie", "fr")[0].uri == INSTALL_PLUMBING
    assert tx.search_skills("السباكة", "ar")[0].uri == INSTALL_PLUMBING
    assert tx.search_skills("pyth", "en")[0].uri == PYTHON
    assert tx.search_skills("", "en") == []
    assert tx.search_skills("plumbing", "en", limit=0) == []
    assert len(tx.search_skills("e", "en", limit=3)) <= 3


def test_french_query_falls_back_to_english_labels(tx: Taxonomy) -> None:
    matches = tx.search_occupations("car mechanic", "fr")
    assert matches[0].uri == OCC + "4ad4024e-d1d3-4dea-b6d1-2c7948111dce"
    assert matches[0].label.startswith("technicien de véhicules")


def test_ties_are_broken_by_uri(tx: Taxonomy) -> None:
    matches = tx.search_skills("hair", "en", limit=10)
    for a, b in zip(matches, matches[1:], strict=False):
        assert a.score > b.score or (a.score == b.score and a.uri < b.uri)


def test_exact_resolution_returns_the_uri(tx: Taxonomy) -> None:
    for text, lang in [("plumber", "en"), ("PLOMBIER", "fr"), ("سباك", "ar"), ("gas fitter", "en")]:
        resolution = tx.resolve_occupation(text, lang)
        assert resolution.uri == PLUMBER, text
        assert resolution.resolved
    assert tx.resolve_skill("Python (computer programming)").uri == PYTHON
    assert tx.resolve_skill("install plumbing systems", "en").uri == INSTALL_PLUMBING


def test_ambiguous_resolution_lists_candidates(tx: Taxonomy) -> None:
    for text, lang in [("assistant", "en"), ("مساعد", "ar")]:
        resolution = tx.resolve_occupation(text, lang)
        assert resolution.uri is None
        uris = [m.uri for m in resolution.candidates]
        assert NURSE_ASSISTANT in uris and SHOP_ASSISTANT in uris


def test_unknown_text_resolves_to_nothing(tx: Taxonomy) -> None:
    assert tx.resolve_occupation("", "en").candidates == []
    resolution = tx.resolve_skill("quantum chromodynamics", "en")
    assert resolution.uri is None


def test_add_label_is_searchable_immediately(tx: Taxonomy) -> None:
    assert tx.search_occupations("plumber", "en")  # indexes built before the addition
    assert not any(m.uri == PLUMBER for m in tx.search_occupations("سمكري", "ar"))
    tx.add_label(PLUMBER, "ar", "سمكري")
    matches = tx.search_occupations("سمكري", "ar")
    assert matches[0].uri == PLUMBER
    assert matches[0].label == "سبّاك"  # the preferred Arabic label stays
    assert tx.resolve_occupation("سمكري", "ar").uri == PLUMBER
    tx.add_label(PLUMBER, "en", "pipe doctor")
    assert tx.search_occupations("pipe doctor", "en")[0].uri == PLUMBER
    assert tx.stats()["added_labels"] == 2


def test_add_label_in_a_new_language_becomes_preferred(tx: Taxonomy) -> None:
    tx.add_label(ELECTRICIAN, "de", "Elektriker")
    assert tx.label(ELECTRICIAN, "de") == "Elektriker"
    assert tx.search_occupations("elektr", "de")[0].uri == ELECTRICIAN


def test_add_label_rejects_unknown_uri_and_empty_label(tx: Taxonomy) -> None:
    with pytest.raises(KeyError):
        tx.add_label("http://example.org/nope", "ar", "شيء")
    with pytest.raises(ValueError):
        tx.add_label(PLUMBER, "ar", " ... ")


def test_pickle_round_trip_keeps_search_and_added_labels(tx: Taxonomy) -> None:
    tx.add_label(PLUMBER, "ar", "سمكري")
    tx.search_occupations("plumber")
    copy = pickle.loads(pickle.dumps(tx))
    assert copy.search_occupations("سمكري", "ar")[0].uri == PLUMBER
    assert copy.stats() == tx.stats()


def test_taxonomy_for_falls_back_to_starter(tmp_path: Path) -> None:
    assert taxonomy_for(None, None).stats()["occupations"] == 15
    assert taxonomy_for(tmp_path / "missing", tmp_path).stats()["occupations"] == 15
