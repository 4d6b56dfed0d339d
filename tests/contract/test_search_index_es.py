"""The SearchIndex contract against a real Elasticsearch node, plus what only it shows.

The node is deploy/local's (started by the ``es_url`` fixture when needed; it fails the
tests with the script's output if it cannot start, never skips). Every index gets its
own prefix and is dropped afterwards. Beyond the contract: external versions and
tombstones as stored documents, the alias swap of ``rebuild`` (also two at once),
Unavailable when the node does not answer, Arabic and French normalisation, and the
same matches as the embedded adapter on random documents.
"""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from services.matching.adapters.es_index import ElasticsearchIndex
from services.matching.adapters.inprocess_index import InProcessIndex
from services.matching.domain.model import Profile, Vacancy
from services.matching.ports import SearchIndex, VacancyFilters
from services.matching.testing import (
    ALEXANDRIA,
    CAIRO,
    GIZA,
    NOW,
    OCC_COOK,
    OCC_DEVELOPER,
    OCC_ELECTRICIAN,
    OCC_SHEET,
    OCC_WELDER,
    S_ARC,
    S_BLUEPRINT,
    S_COOKING,
    S_CUT,
    S_HYGIENE,
    S_MIG,
    S_PYTHON,
    S_SAFETY,
    S_WIRING,
)
from shared.errors import Unavailable
from tests.contract.test_search_index import SearchIndexContract, ids, person, vacancy


class _Indices:
    """Creates indices with unique prefixes and drops them all at teardown."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.made: list[ElasticsearchIndex] = []

    def new(self, prefix: str | None = None, **kw: Any) -> ElasticsearchIndex:
        index = ElasticsearchIndex(self.url, prefix or f"jisrtest-{uuid.uuid4().hex[:10]}", **kw)
        self.made.append(index)
        return index

    def drop(self) -> None:
        for index in self.made:
            index.drop()
            index.close()


@pytest.fixture
def indices(es_url: str) -> Iterator[_Indices]:
    made = _Indices(es_url)
    yield made
    made.drop()


class TestElasticsearchIndex(SearchIndexContract):
    """The shared contract on Elasticsearch."""

    @pytest.fixture(autouse=True)
    def _es(self, indices: _Indices) -> None:
        self._indices = indices

    def make_index(self) -> SearchIndex:
        return self._indices.new()


# -- what only Elasticsearch shows ---------------------------------------------------------


def _raw(index: ElasticsearchIndex) -> Elasticsearch:
    return index._client  # the adapter's own client: same node, same settings


def _stored(index: ElasticsearchIndex, kind: str, doc_id: str) -> dict[str, Any]:
    res = _raw(index).get(index=index.aliases[kind], id=doc_id)
    return {"version": res["_version"], **res["_source"]}


def test_writes_carry_the_entity_version_and_late_events_are_ignored(indices: _Indices) -> None:
    index = indices.new()
    assert index.upsert_vacancy(vacancy(version=5, title="Welder five"))
    assert not index.upsert_vacancy(vacancy(version=4, title="Welder four"))  # late
    assert not index.upsert_vacancy(vacancy(version=5, title="Welder again"))  # repeated
    doc = _stored(index, "vacancies", "v1")
    assert doc["version"] == 5 and doc["text"].startswith("welder five")


def test_a_tombstone_holds_the_delete_version(indices: _Indices) -> None:
    index = indices.new()
    index.upsert_profile(person(version=1))
    assert index.delete_profile("r1", 7)
    doc = _stored(index, "profiles", "r1")
    assert doc == {"version": 7, "id": "r1", "deleted": True}
    assert not index.upsert_profile(person(version=6))
    assert index.delete_vacancy("never-seen", 2)  # a delete before any upsert still holds
    assert not index.upsert_vacancy(vacancy("never-seen", version=1))
    counts = index.counts()
    assert (counts.vacancies, counts.profiles) == (0, 0)
    assert counts.extra == {"vacancy_tombstones": 1, "profile_tombstones": 1}


def test_rebuild_swaps_the_alias_and_removes_the_old_index(indices: _Indices) -> None:
    index = indices.new()
    index.upsert_vacancy(vacancy("old"))
    index.delete_vacancy("gone", 3)
    client = _raw(index)
    before = set(client.indices.get_alias(name=index.aliases["vacancies"]).body)
    index.rebuild([vacancy("a", version=2), vacancy("a", version=9), vacancy("b")], [person()])
    after = set(client.indices.get_alias(name=index.aliases["vacancies"]).body)
    assert len(after) == 1 and not before & after
    assert next(iter(after)).startswith(f"{index.prefix}-vacancies-2")
    assert not client.indices.exists(index=",".join(before))
    assert _stored(index, "vacancies", "a")["version"] == 9  # the newest of duplicates
    assert index.counts().extra["vacancy_tombstones"] == 0  # a rebuild forgets tombstones
    assert index.upsert_vacancy(vacancy("gone", version=1))
    mapping = client.indices.get_mapping(index=index.aliases["vacancies"]).body
    assert next(iter(mapping.values()))["mappings"]["dynamic"] == "strict"  # from the template


def test_two_rebuilds_at_once_leave_one_index_per_alias(indices: _Indices) -> None:
    prefix = f"jisrtest-{uuid.uuid4().hex[:10]}"
    first, second = indices.new(prefix), indices.new(prefix)
    first.upsert_vacancy(vacancy("x"))
    errors: list[BaseException] = []

    def rebuild(index: ElasticsearchIndex, name: str) -> None:
        try:
            index.rebuild([vacancy(name)], [])
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=rebuild, args=(first, "from-first")),
        threading.Thread(target=rebuild, args=(second, "from-second")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    client = _raw(first)
    for alias in first.aliases.values():
        assert len(client.indices.get_alias(name=alias).body) == 1
    left = client.indices.get(index=f"{prefix}-vacancies-*").body
    assert len(left) == 1
    assert ids(first.vacancies_for(person(), NOW)) in (["from-first"], ["from-second"])


def test_unreachable_node_raises_unavailable() -> None:
    index = ElasticsearchIndex("http://127.0.0.1:1", "jisrtest-down", request_timeout_s=2)
    assert index.ping() is False
    calls = [
        lambda: index.upsert_vacancy(vacancy()),
        lambda: index.delete_profile("r1", 2),
        lambda: index.vacancies_for(person(), NOW),
        lambda: index.candidates_for(vacancy()),
        lambda: index.search_vacancies("", VacancyFilters(), NOW),
        lambda: index.counts(),
        lambda: index.rebuild([vacancy()], []),
    ]
    for call in calls:
        with pytest.raises(Unavailable):
            call()


def test_arabic_and_french_variants_match(indices: _Indices) -> None:
    index = indices.new()
    index.upsert_vacancy(vacancy("ar", title="إِدارة المَكْتَبة", description=""))
    index.upsert_vacancy(vacancy("fr", title="Plombière qualifiée", description=""))
    assert index.search_vacancies("ادارة المكتبه", VacancyFilters(), NOW).ids == ["ar"]
    assert index.search_vacancies("PLOMBIERE", VacancyFilters(), NOW).ids == ["fr"]
    assert index.search_vacancies("the of", VacancyFilters(), NOW).ids == []  # stop words only


def test_another_process_reach_is_seen(indices: _Indices) -> None:
    prefix = f"jisrtest-{uuid.uuid4().hex[:10]}"
    writer, reader = indices.new(prefix), indices.new(prefix, reach_ttl_s=0.0)
    job = vacancy(location=CAIRO)
    assert ids(reader.candidates_for(job)) == []
    writer.upsert_profile(person("giza-7km", location=GIZA, max_km=7.0))
    writer.upsert_profile(person("giza-3km", location=GIZA, max_km=3.0))
    assert ids(reader.candidates_for(job)) == ["giza-7km"]


# -- the same answers as the embedded adapter, on random documents -------------------------

SKILLS = [S_ARC, S_BLUEPRINT, S_SAFETY, S_CUT, S_MIG, S_WIRING, S_COOKING, S_HYGIENE, S_PYTHON]
OCCUPATIONS = [OCC_WELDER, OCC_SHEET, OCC_ELECTRICIAN, OCC_COOK, OCC_DEVELOPER]
WORDS = "welding soudure cuisine طباخ kitchen hotel steel roof plombière ادارة".split()
PLACES = [CAIRO, GIZA, ALEXANDRIA, None]
LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2", "native"]


def _languages(rng: random.Random) -> list[tuple[str, str]]:
    return [(c, rng.choice(LEVELS)) for c in rng.sample(["ar", "fr", "en"], rng.randint(0, 2))]


def _random_vacancy(rng: random.Random, n: int) -> Vacancy:
    essential = rng.sample(SKILLS, rng.randint(0, 3))
    return vacancy(
        f"v{n:03}",
        title=" ".join(rng.sample(WORDS, rng.randint(1, 3))),
        description=" ".join(rng.sample(WORDS, rng.randint(0, 4))),
        occupation=rng.choice([*OCCUPATIONS, None]),
        isco_group=None,
        essential=essential,
        optional=[s for s in rng.sample(SKILLS, 2) if s not in essential],
        languages=_languages(rng),
        education_level=rng.choice([None, 1, 3, 5]),
        location=rng.choice(PLACES),
        status=rng.choice(["open", "open", "open", "closed"]),
        closes_at=rng.choice([None, NOW + timedelta(days=2), NOW - timedelta(hours=1)]),
        published_at=NOW - timedelta(days=rng.randint(0, 9)),
        fair_ids=rng.sample(["f1", "f2"], rng.randint(0, 2)),
        employer_id=rng.choice(["e1", "e2", "e3"]),
    )


def _random_person(rng: random.Random, n: int) -> Profile:
    consents = ["matching", "shown_to_employers"] if rng.random() < 0.7 else ["matching"]
    return person(
        f"p{n:03}",
        centre_id=rng.choice(["c1", "c2", None]),
        consents=consents,
        skills=rng.sample(SKILLS, rng.randint(0, 4)),
        languages=_languages(rng),
        education_level=rng.choice([None, 0, 2, 4, 6]),
        experience=[(o, 2.0) for o in rng.sample(OCCUPATIONS, rng.randint(0, 2))],
        aspirations=rng.sample(OCCUPATIONS, rng.randint(0, 1)),
        relocate=rng.random() < 0.2,
        max_km=rng.choice([None, 3.0, 10.0, 250.0]),
        location=rng.choice(PLACES),
    )


def _compare(
    embedded: SearchIndex,
    es: SearchIndex,
    vacancies: list[Vacancy],
    people: list[Profile],
    ordered: bool,
) -> None:
    """Same documents for every query; with ``ordered``, the same order too, except where
    embedded scores tie within 1% (Elasticsearch scores are float32)."""
    answers = [
        (
            f"{p.id} {fair}",
            embedded.vacancies_for(p, NOW, 1000, fair),
            es.vacancies_for(p, NOW, 1000, fair),
        )
        for p in people
        for fair in (None, "f1")
    ] + [
        (
            f"{v.id} {centre}",
            embedded.candidates_for(v, 1000, centre),
            es.candidates_for(v, 1000, centre),
        )
        for v in vacancies
        for centre in (None, "c1")
    ]
    for name, want, got in answers:
        assert sorted(ids(got)) == sorted(ids(want)), name
        score = {h.id: h.score for h in want}
        for a, b in zip(got, got[1:], strict=False) if ordered else ():
            assert score[a.id] >= score[b.id] * 0.99, (name, a.id, b.id)
    for q in ("", "welding", "cuisine kitchen", "ادارة"):
        for f in (VacancyFilters(), VacancyFilters(fair_id="f2", city="GIZA")):
            page_a = embedded.search_vacancies(q, f, NOW, 1, 100)
            page_b = es.search_vacancies(q, f, NOW, 1, 100)
            assert (sorted(page_a.ids), page_a.total) == (sorted(page_b.ids), page_b.total)
            assert page_a.ids == page_b.ids or (q and not ordered), (q, f)


@pytest.mark.parametrize("seed", [1, 2])
def test_same_matches_as_the_embedded_adapter(indices: _Indices, seed: int) -> None:
    """Filters agree exactly. Scores agree after a rebuild (same statistics); after
    updates and deletes, BM25's N and average length count replaced documents until
    the engine merges them, which each adapter does at its own moments, so only the
    matched sets are compared then."""
    rng = random.Random(seed)
    vacancies = [_random_vacancy(rng, n) for n in range(60)]
    people = [_random_person(rng, n) for n in range(60)]
    es, embedded = indices.new(), InProcessIndex()
    for index in (es, embedded):
        index.rebuild(vacancies[:40], people[:40])
    _compare(embedded, es, vacancies, people, ordered=True)
    for index in (es, embedded):
        for v in vacancies[40:]:
            index.upsert_vacancy(v)
        for p in people[40:]:
            index.upsert_profile(p)
        for n in range(0, 60, 7):
            index.delete_vacancy(f"v{n:03}", 2)
            index.delete_profile(f"p{n:03}", 2)
    assert (es.counts().vacancies, es.counts().profiles) == (
        embedded.counts().vacancies,
        embedded.counts().profiles,
    )
    _compare(embedded, es, vacancies, people, ordered=False)
