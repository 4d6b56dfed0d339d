"""Reasons and gaps of one match, in plain words, each stated only when true for the data.

Everything here is computed from the two documents and the incentive schemes, never
from the score: a reason is a fact a counsellor can check and read aloud.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from services.matching.domain import i18n
from services.matching.domain.geo import haversine_one
from services.matching.domain.model import IncentiveRef, Profile, Vacancy
from shared.taxonomy.taxonomy import Taxonomy

Direction = Literal["vacancies", "candidates"]


@dataclass(frozen=True)
class ExplainContext:
    """What explanations look up: labels, the offers a pair qualifies for, training, hires."""

    taxonomy: Taxonomy
    lang: str
    direction: Direction
    offers: Callable[[Profile, Vacancy], list[IncentiveRef]]
    training: Callable[[str, Vacancy], list[str]]
    hires: Callable[[str], int]


@dataclass(frozen=True)
class Gap:
    """A skill the vacancy asks for and the person lacks, with training that would close it."""

    skill: str
    label: str
    essential: bool
    training: list[str]

    def as_dict(self) -> dict[str, Any]:
        """The API shape."""
        return {
            "skill": self.skill,
            "label": self.label,
            "essential": self.essential,
            "training": list(self.training),
        }


@dataclass(frozen=True)
class Explanation:
    """Why a pair fits, what is missing, the incentives it opens, and the distance."""

    reasons: list[str]
    gaps: list[Gap]
    incentives: list[str] = field(default_factory=list)
    distance_km: float | None = None


def label(taxonomy: Taxonomy, uri: str, lang: str) -> str:
    """The label of a concept in ``lang`` (English fallback), or the URI when unknown."""
    try:
        return taxonomy.label(uri, lang) or uri
    except KeyError:
        return uri


def distance(person: Profile, vacancy: Vacancy) -> float | None:
    """Great-circle km between them, None when either place is unknown."""
    if person.lat is None or person.lon is None or vacancy.lat is None or vacancy.lon is None:
        return None
    return haversine_one(person.lat, person.lon, vacancy.lat, vacancy.lon)


def relevant_years(person: Profile, vacancy: Vacancy) -> float:
    """Years in the vacancy's occupation or in its ISCO unit group."""
    return sum(
        e.years
        for e in person.experience
        if (vacancy.occupation and e.occupation == vacancy.occupation)
        or (vacancy.isco_group and e.isco_group == vacancy.isco_group)
    )


def explain(person: Profile, vacancy: Vacancy, ctx: ExplainContext) -> Explanation:
    """The reasons and gaps of one (person, vacancy) pair."""
    lang, tax = i18n.lang_of(ctx.lang), ctx.taxonomy
    side = "vacancy" if ctx.direction == "vacancies" else "candidate"
    has = person.skill_set
    reasons: list[str] = []
    for key, skills in (("essential", vacancy.essential), ("optional", vacancy.optional)):
        have = sum(1 for s in skills if s in has)
        if have:
            reasons.append(i18n.say(lang, key, have=have, total=len(skills)))
    reasons.extend(_experience(person, vacancy, tax, lang))
    for code, rank in vacancy.languages:
        if person.languages.get(code, 0) >= rank:
            reasons.append(i18n.say(lang, "language", language=i18n.language_name(code, lang)))
    if (
        vacancy.education_level is not None
        and person.education_level is not None
        and person.education_level >= vacancy.education_level
    ):
        reasons.append(i18n.say(lang, "education"))
    km = distance(person, vacancy)
    reasons.extend(_distance(person, km, lang))
    if vacancy.occupation and vacancy.occupation in person.aspirations:
        reasons.append(i18n.say(lang, f"aspiration_{side}"))
    wage = vacancy.wage or {}
    if (
        person.min_monthly_wage is not None
        and wage.get("amount") is not None
        and wage.get("period", "month") == "month"
        and float(wage["amount"]) >= person.min_monthly_wage
    ):
        reasons.append(i18n.say(lang, f"wage_{side}"))
    incentives: list[str] = []
    for offer in ctx.offers(person, vacancy):
        phrase = i18n.incentive_phrase(offer.type, offer.terms, offer.eligibility, lang)
        incentives.append(phrase)
        reasons.append(
            i18n.say(
                lang,
                f"incentive_{side}",
                article=i18n.article(offer.type, phrase, lang),
                incentive=phrase,
            )
        )
    hires = ctx.hires(vacancy.employer_id)
    if hires and ctx.direction == "vacancies":
        reasons.append(
            i18n.say(lang, "hires_one") if hires == 1 else i18n.say(lang, "hires", n=hires)
        )
    return Explanation(
        reasons, gaps(person, vacancy, ctx), incentives, None if km is None else round(km, 1)
    )


def _experience(person: Profile, vacancy: Vacancy, tax: Taxonomy, lang: str) -> list[str]:
    out: list[str] = []
    same = [
        e for e in person.experience if vacancy.occupation and e.occupation == vacancy.occupation
    ]
    if same:
        years = sum(e.years for e in same)
        occ = label(tax, vacancy.occupation or "", lang)
        if years == 1:
            out.append(i18n.say(lang, "experience_same_one", occupation=occ))
        elif years > 0:
            out.append(i18n.say(lang, "experience_same", years=i18n.number(years), occupation=occ))
    elif vacancy.isco_group:
        near = [e for e in person.experience if e.isco_group == vacancy.isco_group]
        if near:
            out.append(
                i18n.say(
                    lang, "experience_related", occupation=label(tax, near[0].occupation, lang)
                )
            )
    need = vacancy.experience_years
    if need and relevant_years(person, vacancy) >= need:
        out.append(i18n.say(lang, "experience_met", years=i18n.number(need)))
    return out


def _distance(person: Profile, km: float | None, lang: str) -> list[str]:
    if km is None:
        return [i18n.say(lang, "relocate")] if person.relocate else []
    if km > person.reach_km and person.relocate:
        return [i18n.say(lang, "relocate_far", km=int(round(km)))]
    if km < 1:
        return [i18n.say(lang, "distance_near")]
    return [i18n.say(lang, "distance", km=int(round(km)))]


def gaps(person: Profile, vacancy: Vacancy, ctx: ExplainContext) -> list[Gap]:
    """The vacancy's skills the person lacks: essential first, in the vacancy's order."""
    has = person.skill_set
    return [
        Gap(uri, label(ctx.taxonomy, uri, ctx.lang), essential, ctx.training(uri, vacancy))
        for essential, skills in ((True, vacancy.essential), (False, vacancy.optional))
        for uri in skills
        if uri not in has
    ]
