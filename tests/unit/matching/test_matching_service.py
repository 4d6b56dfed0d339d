"""Matching handlers through bootstrap: consent, scope, filters, ties, gaps, outcomes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from services.matching.service_layer import matching, outcomes
from services.matching.testing import (
    ALEXANDRIA,
    NOW,
    S_ARC,
    S_BLUEPRINT,
    S_CUT,
    S_SAFETY,
    envelope,
    profile_data,
    scheme_data,
    vacancy_data,
)
from shared.auth.tokens import Principal
from shared.errors import Forbidden, NotFound, ValidationFailed

PM = Principal(role="programme_manager")
COUNSELLOR = Principal(role="counsellor", centre_id="c1")


def ids(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.get("vacancy_id") or i.get("returnee_id") for i in result["items"]]


def test_no_matching_consent_or_unknown_person_is_404_alike(container, feed) -> None:  # type: ignore[no-untyped-def]
    feed(envelope("profile.registered", profile_data("r2", consents=["shown_to_employers"])))
    errors = []
    for rid in ("r2", "nobody"):
        with pytest.raises(NotFound) as exc:
            matching.matches_for_returnee(container, PM, rid, 20, "en")
        errors.append(exc.value.detail)
    assert errors[0] == errors[1]  # no hint that r2 exists


def test_counsellor_reaches_only_their_centre_and_a_person_only_themselves(container, feed) -> None:  # type: ignore[no-untyped-def]
    feed(
        envelope("profile.registered", profile_data("r1", centre_id="c1")),
        envelope("profile.registered", profile_data("r2", centre_id="c2")),
    )
    matching.matches_for_returnee(container, COUNSELLOR, "r1", 20, "en")
    with pytest.raises(NotFound):
        matching.matches_for_returnee(container, COUNSELLOR, "r2", 20, "en")
    me = Principal(role="returnee", returnee_id="r2")
    matching.matches_for_returnee(container, me, "r2", 20, "en")
    with pytest.raises(NotFound):
        matching.matches_for_returnee(container, me, "r1", 20, "en")


def test_filtered_vacancies_never_appear(container, feed) -> None:  # type: ignore[no-untyped-def]
    feed(
        envelope("profile.registered", profile_data()),
        envelope("vacancy.published", vacancy_data("ok")),
        envelope("vacancy.closed", vacancy_data("closed", status="closed")),
        envelope("vacancy.published", vacancy_data("expired", closes_at=NOW - timedelta(hours=1))),
        envelope("vacancy.published", vacancy_data("far", location=ALEXANDRIA)),
        envelope("vacancy.published", vacancy_data("french", languages=[("fr", "B1")])),
        envelope("vacancy.published", vacancy_data("degree", education_level=6)),
    )
    assert ids(matching.matches_for_returnee(container, PM, "r1", 20, "en")) == ["ok"]
    feed(envelope("profile.updated", profile_data(relocate=True), version=2))
    # relocation lifts the distance filter; distance still costs a little in the score
    assert ids(matching.matches_for_returnee(container, PM, "r1", 20, "en")) == ["ok", "far"]


def test_equal_scores_are_ranked_by_id(container, feed) -> None:  # type: ignore[no-untyped-def]
    feed(
        envelope("profile.registered", profile_data()),
        *(envelope("vacancy.published", vacancy_data(v)) for v in ("v-c", "v-a", "v-b")),
    )
    result = matching.matches_for_returnee(container, PM, "r1", 20, "en")
    assert ids(result) == ["v-a", "v-b", "v-c"]
    assert len({i["score"] for i in result["items"]}) == 1
    assert [i["rank"] for i in result["items"]] == [1, 2, 3]
    assert ids(matching.matches_for_returnee(container, PM, "r1", 2, "en")) == ["v-a", "v-b"]


def test_candidates_need_shown_to_employers_and_respect_the_employer(container, feed) -> None:  # type: ignore[no-untyped-def]
    feed(
        envelope("vacancy.published", vacancy_data()),
        envelope("profile.registered", profile_data("r1")),
        envelope("profile.registered", profile_data("r2", consents=["matching"])),
        envelope("profile.registered", profile_data("r3", centre_id="c2")),
    )
    owner = Principal(role="employer", employer_id="e1")
    assert ids(matching.candidates_for_vacancy(container, owner, "v1", 20, "en")) == ["r1", "r3"]
    assert ids(matching.candidates_for_vacancy(container, COUNSELLOR, "v1", 20, "en")) == ["r1"]
    with pytest.raises(Forbidden):
        matching.candidates_for_vacancy(
            container, Principal(role="employer", employer_id="e2"), "v1", 20, "en"
        )
    with pytest.raises(NotFound):
        matching.candidates_for_vacancy(container, owner, "nope", 20, "en")


def test_gap_summary_ranks_missing_skills_by_demand(container, feed) -> None:  # type: ignore[no-untyped-def]
    feed(
        envelope("profile.registered", profile_data(skills=[S_ARC])),
        envelope(
            "incentive_scheme.created",
            scheme_data("t1", name="Safety course", type="on_the_job_training", skills=[S_SAFETY]),
        ),
        envelope(
            "vacancy.published", vacancy_data("v1", essential=[S_ARC, S_SAFETY], optional=[S_CUT])
        ),
        envelope(
            "vacancy.published",
            vacancy_data("v2", essential=[S_ARC, S_SAFETY, S_BLUEPRINT], optional=[]),
        ),
    )
    gaps = matching.gap_summary(container, PM, "r1", "en")
    assert [(g["skill"], g["vacancies"], g["essential_in"]) for g in gaps["items"]] == [
        (S_SAFETY, 2, 2),
        (S_BLUEPRINT, 1, 1),
        (S_CUT, 1, 0),
    ]
    assert gaps["items"][0]["training"] == ["Safety course"]
    assert gaps["vacancies_considered"] == 2


def test_outcome_rules(container, feed) -> None:  # type: ignore[no-untyped-def]
    feed(
        envelope("vacancy.published", vacancy_data()),
        envelope("profile.registered", profile_data()),
    )
    body = {"returnee_id": "r1", "vacancy_id": "v1", "stage": "hired"}
    row = outcomes.record_outcome(container, Principal(role="employer", employer_id="e1"), body)
    assert row["model_version"] == "prior-1" and row["at"] == NOW
    with pytest.raises(Forbidden):
        outcomes.record_outcome(
            container, Principal(role="employer", employer_id="e1"), {**body, "stage": "saved"}
        )
    with pytest.raises(Forbidden):
        outcomes.record_outcome(container, Principal(role="employer", employer_id="e9"), body)
    with pytest.raises(NotFound):
        outcomes.record_outcome(container, Principal(role="counsellor", centre_id="c9"), body)
    with pytest.raises(ValidationFailed):
        outcomes.record_outcome(container, PM, {**body, "at": NOW + timedelta(days=1)})
    from services.matching.adapters.tables import outcomes as table

    with container.runtime.engine.connect() as conn:
        stored = conn.execute(select(table.c.features)).scalar_one()
    assert stored["essential_coverage"] == pytest.approx(2 / 3) and stored["retrieval_score"] == 1.0


def test_the_index_adapter_is_chosen_by_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from services.matching.adapters.inprocess_index import InProcessIndex
    from services.matching.bootstrap import make_index
    from shared.config import Settings, SettingsError

    assert isinstance(make_index(Settings(var_dir=tmp_path)), InProcessIndex)
    with pytest.raises(SettingsError):
        make_index(Settings(var_dir=tmp_path, search_backend="solr"))
    with pytest.raises(SettingsError):
        make_index(Settings(var_dir=tmp_path, mode="production"))


def test_no_training_snapshot_without_matching_consent(container, feed) -> None:  # type: ignore[no-untyped-def]
    from services.matching.adapters.tables import outcomes as table

    feed(
        envelope("vacancy.published", vacancy_data()),
        envelope("profile.registered", profile_data(consents=["shown_to_employers"])),
    )
    outcomes.record_outcome(
        container, PM, {"returnee_id": "r1", "vacancy_id": "v1", "stage": "hired"}
    )
    with container.runtime.engine.connect() as conn:
        assert conn.execute(select(table.c.features)).scalar_one() is None
