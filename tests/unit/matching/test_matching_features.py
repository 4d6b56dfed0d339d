"""Features of pairs: each one checked against hand-computed values."""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np
import pytest

from services.matching.adapters.scorers import PRIOR_TERMS
from services.matching.domain import features as f
from services.matching.domain.parse import profile_from_event, vacancy_from_event
from services.matching.testing import (
    GIZA,
    NOW,
    OCC_SHEET,
    S_ARC,
    S_BLUEPRINT,
    S_CUT,
    S_SAFETY,
    profile_data,
    vacancy_data,
)


def ctx(hires: int = 0, eligible: bool = False) -> f.PairContext:
    return f.PairContext(now=NOW, hires=lambda _: hires, incentive_eligible=lambda p, v: eligible)


def row(person, vacancy, **kw) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return f.as_dict(f.compute([person], [vacancy], ctx(**kw), np.array([2.0]))[0])


@pytest.fixture
def person(taxonomy):  # type: ignore[no-untyped-def]
    data = profile_data(min_monthly_wage=5000.0, aspirations=[OCC_SHEET])
    return profile_from_event(data, 1, taxonomy)


@pytest.fixture
def welder_job(taxonomy):  # type: ignore[no-untyped-def]
    data = vacancy_data(
        languages=[("ar", "B2")],
        education_level=2,
        experience_years=2.0,
        location=GIZA,
        wage={"amount": 6000, "currency": "EGP", "period": "month"},
    )
    return vacancy_from_event(data, 1, taxonomy)


def test_each_feature_of_a_welder_for_a_welding_job(person, welder_job) -> None:  # type: ignore[no-untyped-def]
    got = row(person, welder_job, hires=3, eligible=True)
    assert got["essential_coverage"] == pytest.approx(2 / 3)  # arc welding, blueprints of 3
    assert got["optional_coverage"] == 0.0  # metal cutting missing
    # safety and cutting are not recorded, but the welder occupation lists both: 2 of 4 skills
    assert got["related_coverage"] == pytest.approx(2 / 4)
    assert got["same_occupation"] == 1.0
    assert got["isco_depth"] == 1.0
    assert got["aspiration_match"] == 0.0  # aspires to sheet metal work
    assert got["aspiration_isco_depth"] == pytest.approx(3 / 4)  # 7213 vs 7212 share 721
    assert got["experience_gap"] == pytest.approx(2.0)  # 4 years as welder, 2 asked
    assert got["education_gap"] == 1.0
    assert got["education_unknown"] == 0.0
    assert got["language_fit"] == 1.0
    assert got["distance_km"] == pytest.approx(4.4, abs=0.1)
    assert got["distance_unknown"] == 0.0
    assert got["wage_fit"] == pytest.approx(0.2)
    assert got["vacancy_age_days"] == pytest.approx(3.0)
    assert got["incentive_eligible"] == 1.0
    assert got["employer_hires"] == pytest.approx(math.log1p(3))
    assert got["retrieval_score"] == 1.0  # the best (only) retrieved pair


def test_related_occupation_counts_isco_depth_not_same_occupation(taxonomy, person) -> None:  # type: ignore[no-untyped-def]
    sheet = vacancy_from_event(
        vacancy_data(
            occupation=OCC_SHEET,
            isco_group="7213",
            essential=[S_CUT, S_BLUEPRINT],
            optional=[S_SAFETY],
            experience_years=1.0,
        ),
        1,
        taxonomy,
    )
    got = row(person, sheet)
    assert got["same_occupation"] == 0.0
    assert got["isco_depth"] == pytest.approx(3 / 4)
    assert got["aspiration_match"] == 1.0
    assert got["experience_gap"] == pytest.approx(-1.0)  # no years in 7213


def test_missing_language_halves_language_fit(taxonomy, person) -> None:  # type: ignore[no-untyped-def]
    job = vacancy_from_event(vacancy_data(languages=[("ar", "B1"), ("fr", "A2")]), 1, taxonomy)
    assert row(person, job)["language_fit"] == 0.5


def test_unknown_education_and_location_are_flagged_not_guessed(taxonomy) -> None:  # type: ignore[no-untyped-def]
    person = profile_from_event(profile_data(education_level=None, location=None), 1, taxonomy)
    job = vacancy_from_event(vacancy_data(education_level=4), 1, taxonomy)
    got = row(person, job)
    assert (got["education_gap"], got["education_unknown"]) == (0.0, 1.0)
    assert (got["distance_km"], got["distance_unknown"]) == (0.0, 1.0)


def test_wage_in_other_periods_is_converted_to_a_month(taxonomy) -> None:  # type: ignore[no-untyped-def]
    person = profile_from_event(profile_data(min_monthly_wage=4000.0), 1, taxonomy)
    job = vacancy_from_event(
        vacancy_data(wage={"amount": 200, "currency": "EGP", "period": "day"}), 1, taxonomy
    )
    assert row(person, job)["wage_fit"] == pytest.approx((200 * 21.75 - 4000) / 4000)


def test_batch_equals_one_pair_at_a_time(taxonomy, person) -> None:  # type: ignore[no-untyped-def]
    jobs = [
        vacancy_from_event(
            vacancy_data(
                f"v{i}",
                essential=ess,
                optional=opt,
                location=loc,
                published_at=NOW - timedelta(days=i),
            ),
            1,
            taxonomy,
        )
        for i, (ess, opt, loc) in enumerate(
            [
                ([S_ARC], [S_CUT], GIZA),
                ([S_CUT, S_SAFETY], [], None),
                ([], [S_ARC, S_BLUEPRINT], GIZA),
            ]
        )
    ]
    batch = f.compute([person] * 3, jobs, ctx())
    single = np.vstack([f.compute([person], [j], ctx()) for j in jobs])
    np.testing.assert_allclose(batch, single)


def test_feature_list_is_the_single_source_of_truth(person, welder_job) -> None:  # type: ignore[no-untyped-def]
    x = f.compute([person, person], [welder_job, welder_job], ctx())
    assert x.shape == (2, len(f.FEATURES))
    assert set(PRIOR_TERMS) == set(f.FEATURES)
    back = f.from_dicts([f.as_dict(x[0])])
    np.testing.assert_allclose(back[0], x[0])
    assert f.compute([], [], ctx()).shape == (0, len(f.FEATURES))
