"""The consumer: each message once, last write wins, erasure wins, bad input dead-lettered."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from services.matching.adapters import tables as t
from services.matching.service_layer import matching, outcomes
from services.matching.testing import (
    envelope,
    placement_data,
    profile_data,
    scheme_data,
    vacancy_data,
)
from shared import topics
from shared.auth.tokens import Principal
from shared.errors import NotFound

PM = Principal(role="programme_manager")


def rows(c, table) -> list[dict]:  # type: ignore[no-untyped-def]
    with c.runtime.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(table))]


def test_a_published_vacancy_becomes_matchable(container, feed) -> None:  # type: ignore[no-untyped-def]
    assert (
        feed(
            envelope("vacancy.published", vacancy_data()),
            envelope("profile.registered", profile_data()),
        )
        == 2
    )
    found = matching.matches_for_returnee(container, PM, "r1", 20, "en")
    assert [i["vacancy_id"] for i in found["items"]] == ["v1"]


def test_redelivered_event_changes_nothing(container, feed) -> None:  # type: ignore[no-untyped-def]
    first = envelope("vacancy.published", vacancy_data(title="Welder"), version=1)
    feed(first)
    before = rows(container, t.vacancies)
    newer = envelope("vacancy.updated", vacancy_data(title="Senior welder"), version=2)
    feed(newer)
    feed(first)  # the same message again (same id): the inbox knows it
    after = rows(container, t.vacancies)
    assert after[0]["version"] == 2 and after[0]["data"]["title"] == "Senior welder"
    assert container.reads.vacancies["v1"].title == "Senior welder"
    feed(newer)
    assert rows(container, t.vacancies) == after
    with container.runtime.engine.connect() as conn:
        inbox = container.runtime.inbox
        assert conn.execute(select(func.count()).select_from(inbox)).scalar() == 2
    assert before[0]["version"] == 1
    assert container.runtime.workers[0].applied == 4  # delivered four times, applied twice


def test_older_or_equal_version_is_ignored(container, feed) -> None:  # type: ignore[no-untyped-def]
    feed(envelope("vacancy.updated", vacancy_data(title="Third"), version=3))
    feed(envelope("vacancy.updated", vacancy_data(title="Second"), version=2))
    feed(envelope("vacancy.updated", vacancy_data(title="Also third"), version=3))
    assert rows(container, t.vacancies)[0]["data"]["title"] == "Third"
    assert container.reads.vacancies["v1"].title == "Third"
    feed(envelope("profile.updated", profile_data(skills=[]), version=5))
    feed(envelope("profile.updated", profile_data(), version=4))
    assert container.reads.profiles["r1"].skills == ()


def test_consent_withdrawn_removes_from_candidates_and_matches(container, feed) -> None:  # type: ignore[no-untyped-def]
    feed(
        envelope("vacancy.published", vacancy_data()),
        envelope("profile.registered", profile_data()),
    )
    assert [
        i["returnee_id"]
        for i in matching.candidates_for_vacancy(container, PM, "v1", 20, "en")["items"]
    ] == ["r1"]
    feed(envelope("profile.consent_changed", profile_data(consents=["matching"]), version=2))
    assert matching.candidates_for_vacancy(container, PM, "v1", 20, "en")["items"] == []
    assert matching.matches_for_returnee(container, PM, "r1", 20, "en")["items"]
    feed(envelope("profile.consent_changed", profile_data(consents=[]), version=3))
    with pytest.raises(NotFound):
        matching.matches_for_returnee(container, PM, "r1", 20, "en")
    assert container.index.counts().profiles == 0


def test_erasure_wins_removes_the_person_and_anonymises_outcomes(container, feed) -> None:  # type: ignore[no-untyped-def]
    feed(
        envelope("vacancy.published", vacancy_data()),
        envelope("profile.registered", profile_data(), version=5),
        envelope("placement.recorded", placement_data()),
    )
    for stage in ("shown", "applied"):
        outcomes.record_outcome(
            container, PM, {"returnee_id": "r1", "vacancy_id": "v1", "stage": stage}
        )
    feed(envelope("profile.erased", {"id": "r1"}, version=1))  # a lower version still wins
    assert "r1" not in container.reads.profiles
    assert rows(container, t.profiles) == []
    assert container.index.counts().profiles == 0
    assert matching.candidates_for_vacancy(container, PM, "v1", 20, "en")["items"] == []
    aliases = {r["returnee_id"] for r in rows(container, t.outcomes)}
    assert len(aliases) == 1 and aliases.pop().startswith("erased-")
    placement = rows(container, t.placements)[0]
    assert placement["returnee_id"].startswith("erased-")
    assert placement["data"]["returnee_id"] == placement["returnee_id"]
    assert container.reads.placements["p1"].returnee_id == placement["returnee_id"]
    assert "r1" not in str(rows(container, t.erased_profiles))  # a hash, not the id
    # late events about the erased person are ignored, placements are anonymised on arrival
    feed(
        envelope("profile.updated", profile_data(), version=9),
        envelope("placement.followed_up", placement_data(), version=2),
    )
    assert "r1" not in container.reads.profiles and rows(container, t.profiles) == []
    assert container.reads.placements["p1"].returnee_id.startswith("erased-")


def test_malformed_message_is_dead_lettered_and_writes_nothing(container, feed, bus) -> None:  # type: ignore[no-untyped-def]
    bad = envelope("vacancy.published", {**vacancy_data(), "skills": "welding"})
    feed(
        bad, envelope("vacancy.published", vacancy_data("v2", closes_at=None) | {"status": "gone"})
    )
    worker = container.runtime.workers[0]
    assert worker.dead_lettered == 2
    assert rows(container, t.vacancies) == []
    dlq = bus.consumer("probe", [topics.dead_letter("matching")]).poll(0.0)
    assert [r.envelope.id for r in dlq][0] == bad.id


def test_unknown_event_types_are_ignored(container, feed) -> None:  # type: ignore[no-untyped-def]
    feed(envelope("vacancy.archived", vacancy_data()), envelope("employer.merged", {"id": "e1"}))
    assert container.runtime.workers[0].dead_lettered == 0
    assert rows(container, t.vacancies) == [] and rows(container, t.employers) == []


def test_restart_rebuilds_the_index_from_the_read_models(
    make_container, container, feed, taxonomy
) -> None:  # type: ignore[no-untyped-def]
    feed(
        envelope("vacancy.published", vacancy_data()),
        envelope("vacancy.published", vacancy_data("v2")),
        envelope("profile.registered", profile_data()),
        envelope("incentive_scheme.created", scheme_data()),
    )
    before = matching.matches_for_returnee(container, PM, "r1", 20, "en")
    again = make_container()
    assert again.index.counts().vacancies == 2 and again.index.counts().profiles == 1
    assert matching.matches_for_returnee(again, PM, "r1", 20, "en") == before


def test_user_labels_are_kept_and_restored(make_container, container, feed) -> None:  # type: ignore[no-untyped-def]
    from services.matching.testing import S_CUT, tiny_taxonomy

    feed(envelope("taxonomy.label_added", {"uri": S_CUT, "lang": "ar", "label": "قص المعادن"}))
    assert container.taxonomy.label(S_CUT, "ar") == "قص المعادن"
    fresh = tiny_taxonomy()
    make_container(fresh)
    assert fresh.label(S_CUT, "ar") == "قص المعادن"
