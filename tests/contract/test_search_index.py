"""The SearchIndex contract: what every adapter promises (which documents match, filters,
pagination, ties by id) — never raw scores.

Subclass :class:`SearchIndexContract` per adapter and give ``make_index``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from services.matching.adapters.inprocess_index import InProcessIndex
from services.matching.domain.model import Profile, Vacancy
from services.matching.domain.parse import profile_from_event, vacancy_from_event
from services.matching.ports import SearchIndex, VacancyFilters
from services.matching.testing import (
    ALEXANDRIA,
    CAIRO,
    GIZA,
    NOW,
    OCC_COOK,
    OCC_SHEET,
    S_ARC,
    S_BLUEPRINT,
    S_COOKING,
    S_HYGIENE,
    S_PYTHON,
    S_SAFETY,
    profile_data,
    tiny_taxonomy,
    vacancy_data,
)

TAXONOMY = tiny_taxonomy()


def vacancy(id: str = "v1", version: int = 1, **kw: Any) -> Vacancy:
    return vacancy_from_event(vacancy_data(id, **kw), version, TAXONOMY)


def person(id: str = "r1", version: int = 1, **kw: Any) -> Profile:
    return profile_from_event(profile_data(id, **kw), version, TAXONOMY)


def cook_job(id: str, **kw: Any) -> Vacancy:
    data = dict(
        title="Cook",
        description="Hot kitchen of a hotel.",
        occupation=OCC_COOK,
        isco_group="5120",
        essential=[S_COOKING, S_HYGIENE],
        optional=[],
    )
    return vacancy(id, **(data | kw))


def ids(hits: Any) -> list[str]:
    return [h.id for h in hits]


class SearchIndexContract:
    """Semantics both adapters must keep; ``make_index`` returns an empty index."""

    def make_index(self) -> SearchIndex:
        raise NotImplementedError

    @pytest.fixture
    def index(self) -> SearchIndex:
        return self.make_index()

    def found(self, index: SearchIndex, who: Profile | None = None, **kw: Any) -> list[str]:
        return ids(index.vacancies_for(who or person(), NOW, **kw))

    # -- versions ------------------------------------------------------------------------

    def test_an_older_version_never_overwrites_a_newer_one(self, index: SearchIndex) -> None:
        assert index.upsert_vacancy(vacancy(version=2, status="closed"))
        assert not index.upsert_vacancy(vacancy(version=1))
        assert not index.upsert_vacancy(vacancy(version=2))
        assert self.found(index) == []
        assert index.upsert_vacancy(vacancy(version=3))
        assert self.found(index) == ["v1"]

    def test_a_delete_leaves_a_tombstone(self, index: SearchIndex) -> None:
        index.upsert_profile(person(version=1))
        assert index.delete_profile("r1", 3)
        assert not index.upsert_profile(person(version=2))
        assert ids(index.candidates_for(vacancy())) == []
        assert index.upsert_profile(person(version=4))
        assert ids(index.candidates_for(vacancy())) == ["r1"]
        index.upsert_vacancy(vacancy(version=1))
        assert index.delete_vacancy("v1", 2) and not index.delete_vacancy("v1", 2)
        assert self.found(index) == [] and index.counts().vacancies == 0

    def test_rebuild_replaces_everything(self, index: SearchIndex) -> None:
        index.upsert_vacancy(vacancy("old"))
        index.rebuild([vacancy("a"), vacancy("b")], [person()])
        assert self.found(index) == ["a", "b"]
        assert (index.counts().vacancies, index.counts().profiles) == (2, 1)

    # -- vacancies for a person ----------------------------------------------------------

    def test_only_open_unexpired_vacancies_match(self, index: SearchIndex) -> None:
        for v in (
            vacancy("open"),
            vacancy("closed", status="closed"),
            vacancy("filled", status="filled"),
            vacancy("expired", closes_at=NOW - timedelta(minutes=1)),
            vacancy("closes-now", closes_at=NOW),
            vacancy("no-date", closes_at=None),
        ):
            index.upsert_vacancy(v)
        assert self.found(index) == ["no-date", "open"]

    def test_distance_reach_and_relocation(self, index: SearchIndex) -> None:
        for v in (
            vacancy("cairo", location=CAIRO),
            vacancy("giza", location=GIZA),
            vacancy("alex", location=ALEXANDRIA),
            vacancy("nowhere", location=None),
        ):
            index.upsert_vacancy(v)
        assert sorted(self.found(index)) == ["cairo", "giza", "nowhere"]
        assert sorted(self.found(index, person(max_km=3.0))) == ["cairo", "nowhere"]
        assert sorted(self.found(index, person(max_km=250.0))) == [
            "alex",
            "cairo",
            "giza",
            "nowhere",
        ]
        assert sorted(self.found(index, person(relocate=True))) == [
            "alex",
            "cairo",
            "giza",
            "nowhere",
        ]
        assert sorted(self.found(index, person(location=None))) == [
            "alex",
            "cairo",
            "giza",
            "nowhere",
        ]

    def test_language_levels(self, index: SearchIndex) -> None:
        for v in (
            vacancy("none"),
            vacancy("ar-c2", languages=[("ar", "C2")]),
            vacancy("fr-b1", languages=[("fr", "B1")]),
            vacancy("ar-fr", languages=[("ar", "B1"), ("fr", "A2")]),
            vacancy("fr-c1", languages=[("fr", "C1")]),
        ):
            index.upsert_vacancy(v)
        speaker = person(languages=[("ar", "native"), ("fr", "B2")])
        assert sorted(self.found(index, speaker)) == ["ar-c2", "ar-fr", "fr-b1", "none"]
        assert sorted(self.found(index, person(languages=[]))) == ["none"]

    def test_education_unknown_passes(self, index: SearchIndex) -> None:
        for v in (
            vacancy("any"),
            vacancy("isced3", education_level=3),
            vacancy("isced6", education_level=6),
        ):
            index.upsert_vacancy(v)
        assert sorted(self.found(index, person(education_level=3))) == ["any", "isced3"]
        assert sorted(self.found(index, person(education_level=None))) == [
            "any",
            "isced3",
            "isced6",
        ]

    def test_fair_filter(self, index: SearchIndex) -> None:
        index.upsert_vacancy(vacancy("at-fair", fair_ids=["f1"]))
        index.upsert_vacancy(vacancy("elsewhere", fair_ids=["f2"]))
        assert self.found(index, fair_id="f1") == ["at-fair"]
        assert self.found(index, fair_id="unknown") == []

    def test_a_vacancy_sharing_nothing_does_not_match(self, index: SearchIndex) -> None:
        index.upsert_vacancy(cook_job("cook"))
        index.upsert_vacancy(vacancy("weld"))
        assert self.found(index) == ["weld"]
        coder = person(skills=[S_PYTHON], experience=[])
        assert self.found(index, coder) == []

    def test_shared_occupation_alone_matches(self, index: SearchIndex) -> None:
        index.upsert_vacancy(
            vacancy(
                "sheet",
                title="Tinsmith",
                description="Roofs.",
                occupation=OCC_SHEET,
                isco_group="7213",
                essential=[],
                optional=[],
            )
        )
        assert self.found(index, person(skills=[], experience=[(OCC_SHEET, 2.0)])) == ["sheet"]

    def test_ties_are_broken_by_id_and_k_bounds(self, index: SearchIndex) -> None:
        for v in ("v-c", "v-a", "v-d", "v-b"):
            index.upsert_vacancy(vacancy(v))
        assert self.found(index) == ["v-a", "v-b", "v-c", "v-d"]
        assert self.found(index, k=2) == ["v-a", "v-b"]

    def test_k_keeps_the_best_not_the_first_ids(self, index: SearchIndex) -> None:
        for v in ("a-weak", "b-weak", "c-weak"):
            index.upsert_vacancy(vacancy(v, essential=[S_SAFETY], optional=[S_ARC]))
        index.upsert_vacancy(vacancy("m-mid", essential=[S_ARC], optional=[S_SAFETY]))
        index.upsert_vacancy(vacancy("z-best", essential=[S_ARC, S_BLUEPRINT], optional=[]))
        who = person(skills=[S_ARC, S_BLUEPRINT])
        assert self.found(index, who, k=2) == ["z-best", "m-mid"]
        assert self.found(index, who, k=3) == ["z-best", "m-mid", "a-weak"]

    def test_essential_outranks_optional(self, index: SearchIndex) -> None:
        index.upsert_vacancy(vacancy("as-optional", essential=[S_SAFETY], optional=[S_ARC]))
        index.upsert_vacancy(vacancy("as-essential", essential=[S_ARC], optional=[S_SAFETY]))
        assert self.found(index, person(skills=[S_ARC], experience=[])) == [
            "as-essential",
            "as-optional",
        ]

    # -- candidates for a vacancy --------------------------------------------------------

    def test_candidates_need_both_consents(self, index: SearchIndex) -> None:
        index.upsert_profile(person("both"))
        index.upsert_profile(person("matching-only", consents=["matching"]))
        index.upsert_profile(person("shown-only", consents=["shown_to_employers"]))
        assert ids(index.candidates_for(vacancy())) == ["both"]

    def test_candidate_filters(self, index: SearchIndex) -> None:
        for p in (
            person("near"),
            person("far", location=ALEXANDRIA),
            person("far-mover", location=ALEXANDRIA, relocate=True),
            person("far-wide", location=ALEXANDRIA, max_km=300.0),
            person("no-arabic", languages=[("fr", "C1")]),
            person("low-arabic", languages=[("ar", "A2")]),
            person("low-school", education_level=1),
            person("school-unknown", education_level=None),
            person("other-centre", centre_id="c2"),
            person("unplaced", location=None),
        ):
            index.upsert_profile(p)
        job = vacancy(languages=[("ar", "B1")], education_level=2)
        assert ids(index.candidates_for(job)) == [
            "far-mover",
            "far-wide",
            "near",
            "other-centre",
            "school-unknown",
            "unplaced",
        ]
        assert "other-centre" not in ids(index.candidates_for(job, centre_id="c1"))
        assert ids(index.candidates_for(job, k=1)) == ["far-mover"]

    def test_candidates_share_something(self, index: SearchIndex) -> None:
        index.upsert_profile(person("welder"))
        index.upsert_profile(person("coder", skills=[S_PYTHON], experience=[]))
        assert ids(index.candidates_for(vacancy())) == ["welder"]
        assert ids(index.candidates_for(cook_job("c"))) == []

    # -- kiosk browsing ------------------------------------------------------------------

    def browse(
        self, index: SearchIndex, q: str = "", page: int = 1, size: int = 20, **f: Any
    ) -> Any:
        return index.search_vacancies(q, VacancyFilters(**f), NOW, page, size)

    def test_browse_filters_and_words(self, index: SearchIndex) -> None:
        index.upsert_vacancy(vacancy("weld-cairo", fair_ids=["f1"], employer_id="e1"))
        index.upsert_vacancy(vacancy("weld-giza", location=GIZA, employer_id="e2"))
        index.upsert_vacancy(cook_job("cook-cairo", fair_ids=["f1"], employer_id="e3"))
        index.upsert_vacancy(cook_job("cook-closed", status="closed"))
        index.upsert_vacancy(cook_job("cook-expired", closes_at=NOW - timedelta(days=1)))
        assert sorted(self.browse(index).ids) == ["cook-cairo", "weld-cairo", "weld-giza"]
        assert self.browse(index, "kitchen").ids == ["cook-cairo"]
        assert self.browse(index, "nothing-like-this").ids == []
        assert sorted(self.browse(index, fair_id="f1").ids) == ["cook-cairo", "weld-cairo"]
        assert self.browse(index, city="giza").ids == ["weld-giza"]
        assert self.browse(index, occupation=OCC_COOK).ids == ["cook-cairo"]
        assert sorted(self.browse(index, employer_ids=frozenset({"e1", "e2"})).ids) == [
            "weld-cairo",
            "weld-giza",
        ]
        assert self.browse(index, employer_ids=frozenset()).ids == []

    def test_browse_newest_first_ties_by_id_and_pages(self, index: SearchIndex) -> None:
        for n, id_ in enumerate(["d", "b", "a", "c", "e"]):
            published = NOW - timedelta(days=1 if id_ in "abc" else 5 + n)
            index.upsert_vacancy(vacancy(id_, published_at=published))
        first = self.browse(index, size=2)
        assert first.ids == ["a", "b"] and first.total == 5
        assert self.browse(index, page=2, size=2).ids == ["c", "d"]  # d is newer than e
        assert self.browse(index, page=3, size=2).ids == ["e"]
        assert self.browse(index, page=4, size=2).ids == []
        assert self.browse(index, "welding", size=2).ids == ["a", "b"]  # equal scores: by id
        assert self.browse(index, "welding", size=2).total == 5

    def test_counts_and_ping(self, index: SearchIndex) -> None:
        index.upsert_vacancy(vacancy())
        index.upsert_profile(person())
        index.upsert_profile(person("r2"))
        counts = index.counts()
        assert (counts.vacancies, counts.profiles) == (1, 2)
        assert index.ping()


class TestInProcessIndex(SearchIndexContract):
    """The embedded adapter."""

    def make_index(self) -> SearchIndex:
        return InProcessIndex()

    def test_many_writes_between_reads_merge_segments(self) -> None:
        index = self.make_index()
        for n in range(40):  # one read after each write: a segment each, merged along the way
            index.upsert_vacancy(vacancy(f"v{n:02}", version=1))
            index.upsert_vacancy(
                vacancy(f"v{n:02}", version=2, status="closed" if n % 2 else "open")
            )
            assert len(self.found(index)) == n // 2 + 1
        assert self.found(index, k=3) == ["v00", "v02", "v04"]
