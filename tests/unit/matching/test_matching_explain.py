"""Explanations: every reason and gap is checked against the data that produced it."""

from __future__ import annotations

import pytest

from services.matching.domain import i18n
from services.matching.domain.explain import ExplainContext, explain
from services.matching.domain.parse import profile_from_event, scheme_from_event, vacancy_from_event
from services.matching.service_layer.readcache import ReadCache
from services.matching.testing import (
    ALEXANDRIA,
    GIZA,
    NOW,
    OCC_COOK,
    OCC_PIPE_WELDER,
    OCC_SHEET,
    OCC_WELDER,
    S_ARC,
    S_BLUEPRINT,
    S_CUT,
    S_SAFETY,
    incentive_ref,
    profile_data,
    scheme_data,
    vacancy_data,
)


@pytest.fixture
def reads() -> ReadCache:
    cache = ReadCache()
    for data in (
        scheme_data("s1"),  # the wage subsidy the vacancy offers
        scheme_data("t1", name="Safety apprenticeship", type="apprenticeship", skills=[S_SAFETY]),
        scheme_data("t2", name="Kitchen internship", type="internship", occupations=[OCC_COOK]),
        scheme_data(
            "t3",
            name="Paused training",
            type="on_the_job_training",
            skills=[S_SAFETY],
            status="suspended",
        ),
        scheme_data("t4", name="Safety mentoring", type="mentoring", skills=[S_SAFETY]),
    ):
        cache.put_scheme(scheme_from_event(data, 1))
    return cache


def context(
    reads: ReadCache,
    taxonomy,
    lang: str = "en",
    direction: str = "vacancies",  # type: ignore[no-untyped-def]
    hires: int = 2,
) -> ExplainContext:
    today = NOW.date()
    return ExplainContext(
        taxonomy=taxonomy,
        lang=lang,
        direction=direction,  # type: ignore[arg-type]
        offers=lambda p, v: reads.offers(p, v, today),
        training=lambda s, v: reads.training_for(s, v, today),
        hires=lambda _: hires,
    )


def welder_job(taxonomy, **kw):  # type: ignore[no-untyped-def]
    data = dict(
        languages=[("ar", "B2")],
        education_level=2,
        experience_years=2.0,
        location=GIZA,
        wage={"amount": 6000, "currency": "EGP", "period": "month"},
        incentives=[incentive_ref("s1")],
    )
    data.update(kw)
    return vacancy_from_event(vacancy_data(**data), 1, taxonomy)  # type: ignore[arg-type]


def person(taxonomy, **kw):  # type: ignore[no-untyped-def]
    data = dict(min_monthly_wage=5000.0, aspirations=[OCC_WELDER])
    data.update(kw)
    return profile_from_event(profile_data(**data), 1, taxonomy)  # type: ignore[arg-type]


def test_each_reason_and_gap_is_true(taxonomy, reads) -> None:  # type: ignore[no-untyped-def]
    # has arc welding + blueprints (2 of 3 essential), lacks safety (essential) and cutting
    # (optional); 4 years as welder; speaks Arabic natively (B2 asked); ISCED 3 (2 asked);
    # Giza is 4.4 km from Cairo; aspires to welding; 6000 a month >= 5000 asked
    why = explain(person(taxonomy), welder_job(taxonomy), context(reads, taxonomy))
    assert why.reasons == [
        "has 2 of 3 essential skills",
        "has 4 years of experience as welder",
        "has the 2 years of experience the vacancy asks for",
        "speaks Arabic at the required level",
        "meets the education level",
        "4 km away",
        "matches an occupation you aspire to",
        "pays at least your minimum monthly wage",
        "employer offers a 6-month wage subsidy (50% of wage) for returnees",
        "employer has already hired 2 people through the programme",
    ]
    assert [g.as_dict() for g in why.gaps] == [
        {
            "skill": S_SAFETY,
            "label": "follow health and safety procedures",
            "essential": True,
            "training": ["Safety apprenticeship"],
        },  # not the suspended one, not mentoring
        {
            "skill": S_CUT,
            "label": "operate metal cutting machinery",
            "essential": False,
            "training": [],
        },
    ]
    assert why.incentives == ["6-month wage subsidy (50% of wage) for returnees"]
    assert why.distance_km == pytest.approx(4.4, abs=0.05)


def test_no_reason_is_stated_when_it_is_not_true(taxonomy, reads) -> None:  # type: ignore[no-untyped-def]
    someone = person(
        taxonomy,
        skills=[],
        experience=[],
        languages=[("fr", "B1")],
        education_level=None,
        aspirations=[],
        min_monthly_wage=7000.0,
        status="community_member",
        location=None,
    )
    job = welder_job(taxonomy, languages=[("ar", "B2")])
    why = explain(someone, job, context(reads, taxonomy, hires=0))
    assert why.reasons == []  # no skills, Arabic not spoken, education unknown, no place,
    # not an aspiration, wage below the minimum, returnees-only subsidy, no hires yet
    assert why.incentives == []
    assert [g.skill for g in why.gaps] == [S_ARC, S_BLUEPRINT, S_SAFETY, S_CUT]
    assert why.distance_km is None


def test_subsidy_for_returnees_and_community_is_offered_to_a_community_member(
    taxonomy, reads
) -> None:  # type: ignore[no-untyped-def]
    reads.put_scheme(
        scheme_from_event(
            scheme_data(
                "s9",
                eligibility="returnees_and_community",
                terms={"share": 0.4, "months": 8, "monthly_cap": 1},
            ),
            1,
        )
    )
    job = welder_job(
        taxonomy, incentives=[incentive_ref("s9", eligibility="returnees_and_community")]
    )
    why = explain(person(taxonomy, status="community_member"), job, context(reads, taxonomy))
    assert (
        "employer offers an 8-month wage subsidy (40% of wage) for returnees and community "
        "members"
    ) in why.reasons


def test_a_suspended_scheme_is_not_offered(taxonomy, reads) -> None:  # type: ignore[no-untyped-def]
    reads.put_scheme(scheme_from_event(scheme_data("s1", status="suspended"), 2))
    why = explain(person(taxonomy), welder_job(taxonomy), context(reads, taxonomy))
    assert why.incentives == [] and not any("subsidy" in r for r in why.reasons)


def test_distance_relocation_and_reach(taxonomy, reads) -> None:  # type: ignore[no-untyped-def]
    far = welder_job(taxonomy, location=ALEXANDRIA)
    movers = explain(person(taxonomy, relocate=True), far, context(reads, taxonomy)).reasons
    assert "willing to relocate (181 km away)" in movers
    nowhere = welder_job(taxonomy, location=None)
    assert (
        "willing to relocate"
        in explain(person(taxonomy, relocate=True), nowhere, context(reads, taxonomy)).reasons
    )
    wide = explain(person(taxonomy, max_km=300.0), far, context(reads, taxonomy)).reasons
    assert "181 km away" in wide and not any("relocate" in r for r in wide)
    near = explain(person(taxonomy), welder_job(taxonomy, location=None), context(reads, taxonomy))
    assert not any("km" in r or "relocate" in r for r in near.reasons)


def test_related_occupation_experience(taxonomy, reads) -> None:  # type: ignore[no-untyped-def]
    pipe = person(taxonomy, experience=[(OCC_PIPE_WELDER, 3.0)])
    reasons = explain(pipe, welder_job(taxonomy), context(reads, taxonomy)).reasons
    assert "has experience in a related occupation: pipe welder" in reasons
    assert "has the 2 years of experience the vacancy asks for" in reasons  # same ISCO unit group
    sheet = person(taxonomy, experience=[(OCC_SHEET, 3.0)])  # 7213: another unit group
    reasons = explain(sheet, welder_job(taxonomy), context(reads, taxonomy)).reasons
    assert not any("experience" in r for r in reasons)


def test_wage_reason_needs_a_monthly_wage(taxonomy, reads) -> None:  # type: ignore[no-untyped-def]
    daily = welder_job(taxonomy, wage={"amount": 500, "currency": "EGP", "period": "day"})
    reasons = explain(person(taxonomy), daily, context(reads, taxonomy)).reasons
    assert "pays at least your minimum monthly wage" not in reasons


def test_french_and_arabic(taxonomy, reads) -> None:  # type: ignore[no-untyped-def]
    fr = explain(person(taxonomy), welder_job(taxonomy), context(reads, taxonomy, "fr"))
    assert fr.reasons[0] == "possède 2 des 3 compétences essentielles"
    assert "parle arabe au niveau requis" in fr.reasons
    assert "à 4 km" in fr.reasons
    assert (
        "l'employeur propose une subvention salariale de 6 mois (50 % du salaire) pour les "
        "personnes de retour"
    ) in fr.reasons
    ar = explain(person(taxonomy), welder_job(taxonomy), context(reads, taxonomy, "ar"))
    assert ar.reasons[0] == "المهارات الأساسية المتوفرة: 2 من 3"
    assert "اللغة العربية: بالمستوى المطلوب" in ar.reasons
    assert ar.gaps[0].label == "اتباع إجراءات السلامة"  # the Arabic ESCO label
    assert ar.gaps[1].label == "operate metal cutting machinery"  # no Arabic label: English


def test_candidate_direction_speaks_about_the_candidate(taxonomy, reads) -> None:  # type: ignore[no-untyped-def]
    why = explain(
        person(taxonomy), welder_job(taxonomy), context(reads, taxonomy, direction="candidates")
    )
    assert "aspires to work in this occupation" in why.reasons
    assert (
        "hiring this person qualifies for a 6-month wage subsidy (50% of wage) for returnees"
        in why.reasons
    )
    assert not any("hired" in r for r in why.reasons)


@pytest.mark.parametrize(
    ("kind", "terms", "lang", "expected"),
    [
        ("internship", {"months": 3}, "en", "a 3-month internship for returnees"),
        ("apprenticeship", {"months": 11}, "en", "an 11-month apprenticeship for returnees"),
        ("on_the_job_training", {}, "en", "on-the-job training for returnees"),
        ("apprenticeship", {"months": 6}, "ar", "تلمذة مهنية لمدة 6 أشهر للعائدين"),
        ("apprenticeship", {"months": 12}, "ar", "تلمذة مهنية لمدة 12 شهرًا للعائدين"),
    ],
)
def test_incentive_phrases(kind, terms, lang, expected) -> None:  # type: ignore[no-untyped-def]
    phrase = i18n.incentive_phrase(kind, terms, "returnees_only", lang)
    art = i18n.article(kind, phrase, lang)
    assert art + phrase == expected
