"""Builders for tests and demos: a tiny ESCO-shaped taxonomy and event snapshots.

The snapshots have exactly the shape of docs/events.md, so a demo can publish them on
the bus and see matching react as it does to the real services. Nothing runs at import.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from shared import topics
from shared.messages import Envelope
from shared.taxonomy.model import IscoGroup, Occupation, Skill, SkillRelation
from shared.taxonomy.taxonomy import Taxonomy

ESCO = "http://data.europa.eu/esco"
OCC_WELDER, OCC_SHEET, OCC_ELECTRICIAN, OCC_COOK, OCC_DEVELOPER, OCC_PIPE_WELDER = (
    f"{ESCO}/occupation/{n}"
    for n in ("welder", "sheet-metal-worker", "electrician", "cook", "dev", "pipe-welder")
)
S_ARC, S_BLUEPRINT, S_SAFETY, S_CUT, S_MIG = (
    f"{ESCO}/skill/{n}" for n in ("arc-welding", "blueprints", "safety", "cut-metal", "mig")
)
S_WIRING, S_COOKING, S_HYGIENE, S_PYTHON, S_SQL = (
    f"{ESCO}/skill/{n}" for n in ("wiring", "cooking", "hygiene", "python", "sql")
)
CAIRO = {"city": "Cairo", "region": "Cairo", "lat": 30.04, "lon": 31.24}
GIZA = {"city": "Giza", "region": "Giza", "lat": 30.01, "lon": 31.21}
ALEXANDRIA = {"city": "Alexandria", "region": "Alexandria", "lat": 31.20, "lon": 29.92}
NOW = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)

_OCCUPATIONS = [
    (OCC_WELDER, "7212", {"en": "welder", "fr": "soudeur", "ar": "لحام"}),
    (OCC_PIPE_WELDER, "7212", {"en": "pipe welder", "fr": "soudeur de tuyauterie"}),
    (OCC_SHEET, "7213", {"en": "sheet metal worker", "fr": "tôlier"}),
    (OCC_ELECTRICIAN, "7411", {"en": "building electrician", "fr": "électricien du bâtiment"}),
    (OCC_COOK, "5120", {"en": "cook", "fr": "cuisinier", "ar": "طباخ"}),
    (OCC_DEVELOPER, "2512", {"en": "software developer", "fr": "développeur logiciel"}),
]
_SKILLS = [
    (
        S_ARC,
        {"en": "use arc welding techniques", "fr": "utiliser des techniques de soudage à l'arc"},
    ),
    (S_BLUEPRINT, {"en": "read standard blueprints", "fr": "lire des plans standards"}),
    (S_SAFETY, {"en": "follow health and safety procedures", "ar": "اتباع إجراءات السلامة"}),
    (S_CUT, {"en": "operate metal cutting machinery"}),
    (S_MIG, {"en": "perform metal inert gas welding"}),
    (S_WIRING, {"en": "install electrical wiring"}),
    (S_COOKING, {"en": "prepare food dishes"}),
    (S_HYGIENE, {"en": "comply with food safety and hygiene"}),
    (S_PYTHON, {"en": "Python (computer programming)"}),
    (S_SQL, {"en": "SQL"}),
]
_RELATIONS = [
    (OCC_WELDER, S_ARC, True),
    (OCC_WELDER, S_BLUEPRINT, True),
    (OCC_WELDER, S_SAFETY, True),
    (OCC_WELDER, S_CUT, False),
    (OCC_WELDER, S_MIG, False),
    (OCC_PIPE_WELDER, S_ARC, True),
    (OCC_PIPE_WELDER, S_SAFETY, True),
    (OCC_SHEET, S_CUT, True),
    (OCC_SHEET, S_BLUEPRINT, True),
    (OCC_SHEET, S_SAFETY, False),
    (OCC_ELECTRICIAN, S_WIRING, True),
    (OCC_ELECTRICIAN, S_BLUEPRINT, True),
    (OCC_ELECTRICIAN, S_SAFETY, True),
    (OCC_COOK, S_COOKING, True),
    (OCC_COOK, S_HYGIENE, True),
    (OCC_DEVELOPER, S_PYTHON, True),
    (OCC_DEVELOPER, S_SQL, False),
]


def tiny_taxonomy() -> Taxonomy:
    """Six occupations, ten skills and their ISCO groups (not real ESCO URIs)."""
    groups = {code[:n] for _, code, _ in _OCCUPATIONS for n in range(1, 5)}
    return Taxonomy(
        occupations=[Occupation(u, code, code, labels) for u, code, labels in _OCCUPATIONS],
        skills=[Skill(u, "skill/competence", "sector-specific", labels) for u, labels in _SKILLS],
        isco_groups=[IscoGroup(g, {"en": f"ISCO group {g}"}) for g in sorted(groups)],
        relations=[(o, SkillRelation(s, e)) for o, s, e in _RELATIONS],
    )


def iso(value: datetime) -> str:
    """ISO form of an aware datetime."""
    return value.isoformat()


def vacancy_data(
    id: str = "v1",
    employer_id: str = "e1",
    *,
    title: str = "Welder",
    description: str = "Welding of steel frames in a workshop.",
    occupation: str | None = OCC_WELDER,
    isco_group: str | None = "7212",
    essential: Sequence[str] = (S_ARC, S_BLUEPRINT, S_SAFETY),
    optional: Sequence[str] = (S_CUT,),
    languages: Iterable[tuple[str, str]] = (),
    education_level: int | None = None,
    experience_years: float | None = None,
    location: dict[str, Any] | None = CAIRO,
    status: str = "open",
    closes_at: datetime | None = NOW + timedelta(days=30),
    published_at: datetime = NOW - timedelta(days=3),
    incentives: Sequence[dict[str, Any]] = (),
    fair_ids: Sequence[str] = (),
    wage: dict[str, Any] | None = None,
    positions: int = 1,
) -> dict[str, Any]:
    """A ``vacancy.*`` snapshot."""
    return {
        "id": id,
        "employer_id": employer_id,
        "status": status,
        "title": title,
        "description": description,
        "occupation": occupation,
        "isco_group": isco_group,
        "skills": [{"uri": s, "essential": True} for s in essential]
        + [{"uri": s, "essential": False} for s in optional],
        "languages": [{"code": c, "level": lv} for c, lv in languages],
        "education_level": education_level,
        "experience_years": experience_years,
        "location": location,
        "positions": positions,
        "filled": 0,
        "wage": wage,
        "employment_type": "full_time",
        "closes_at": iso(closes_at) if closes_at else None,
        "incentive_ids": [i["id"] for i in incentives],
        "fair_ids": list(fair_ids),
        "published_at": iso(published_at),
        "updated_at": iso(published_at),
        "incentives": list(incentives),
    }


def incentive_ref(
    id: str = "s1",
    type: str = "wage_subsidy",
    eligibility: str = "returnees_only",
    terms: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An incentive as a vacancy snapshot embeds it."""
    terms = terms if terms is not None else {"share": 0.5, "months": 6, "monthly_cap": 3000}
    return {"id": id, "type": type, "eligibility": eligibility, "summary": "", "terms": terms}


def profile_data(
    id: str = "r1",
    *,
    centre_id: str | None = "c1",
    status: str = "returnee",
    consents: Iterable[str] = ("matching", "shown_to_employers"),
    skills: Sequence[str] = (S_ARC, S_BLUEPRINT),
    languages: Iterable[tuple[str, str]] = (("ar", "native"),),
    education_level: int | None = 3,
    experience: Iterable[tuple[str, float]] = ((OCC_WELDER, 4.0),),
    aspirations: Sequence[str] = (),
    relocate: bool = False,
    max_km: float | None = None,
    min_monthly_wage: float | None = None,
    location: dict[str, Any] | None = CAIRO,
    gender: str | None = "female",
) -> dict[str, Any]:
    """A ``profile.*`` snapshot (no personal details, as the skills service sends it)."""
    granted = set(consents)
    purposes = ("matching", "shown_to_employers", "contact_by_employers", "referral_to_training")
    return {
        "id": id,
        "centre_id": centre_id,
        "status": status,
        "consents": {p: p in granted for p in purposes},
        "skills": [
            {"uri": s, "proficiency": 3, "evidence": "assessed", "years": 2.0} for s in skills
        ],
        "languages": [{"code": c, "level": lv} for c, lv in languages],
        "education_level": education_level,
        "experience": [{"occupation": o, "years": y, "country": "DE"} for o, y in experience],
        "aspirations": {
            "occupations": list(aspirations),
            "regions": [],
            "relocate": relocate,
            "max_km": max_km,
            "min_monthly_wage": min_monthly_wage,
        },
        "location": location,
        "gender": gender,
        "age_band": "25-34",
    }


def scheme_data(
    id: str = "s1",
    *,
    name: str = "Returnee wage subsidy",
    type: str = "wage_subsidy",
    employer_id: str | None = None,
    status: str = "active",
    eligibility: str = "returnees_only",
    terms: dict[str, Any] | None = None,
    occupations: Sequence[str] = (),
    skills: Sequence[str] = (),
    budget_total: float | None = 100000.0,
    budget_committed: float = 0.0,
) -> dict[str, Any]:
    """An ``incentive_scheme.*`` snapshot."""
    if terms is None:
        terms = (
            {"share": 0.5, "months": 6, "monthly_cap": 3000}
            if type == "wage_subsidy"
            else {"months": 6}
        )
    return {
        "id": id,
        "name": name,
        "type": type,
        "employer_id": employer_id,
        "status": status,
        "eligibility": eligibility,
        "terms": terms,
        "occupations": list(occupations),
        "skills": list(skills),
        "budget_total": budget_total,
        "budget_committed": budget_committed,
        "currency": "EGP",
        "starts_on": "2025-01-01",
        "ends_on": "2026-12-31",
        "summary": "",
    }


def employer_data(
    id: str = "e1",
    *,
    name: str = "Nile Steel",
    sector: str = "manufacturing",
    location: dict[str, Any] | None = CAIRO,
) -> dict[str, Any]:
    """An ``employer.*`` snapshot."""
    return {
        "id": id,
        "name": name,
        "sector": sector,
        "isic": "C25",
        "size": "medium",
        "location": location,
        "engagement_level": "consult",
    }


def placement_data(
    id: str = "p1",
    *,
    vacancy_id: str = "v1",
    employer_id: str = "e1",
    returnee_id: str = "r1",
    start_date: str = "2025-05-01",
    follow_ups: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """A ``placement.*`` snapshot."""
    return {
        "id": id,
        "vacancy_id": vacancy_id,
        "employer_id": employer_id,
        "returnee_id": returnee_id,
        "start_date": start_date,
        "scheme_id": None,
        "monthly_wage": 5000.0,
        "subsidy_committed": 0.0,
        "status": "active",
        "follow_ups": list(follow_ups),
    }


TOPIC_OF = {
    "vacancy": topics.VACANCY,
    "employer": topics.EMPLOYER,
    "incentive_scheme": topics.INCENTIVE,
    "placement": topics.PLACEMENT,
    "profile": topics.PROFILE,
    "taxonomy": topics.TAXONOMY,
}


def topic_of(envelope: Envelope) -> str:
    """The topic an envelope travels on."""
    return TOPIC_OF[envelope.type.split(".", 1)[0]]


def envelope(type_: str, data: dict[str, Any], version: int = 1, source: str = "") -> Envelope:
    """An envelope for ``data`` (subject = its id; source from the event type)."""
    source = source or ("skills" if type_.startswith(("profile", "taxonomy")) else "employers")
    subject = str(data.get("id") or data.get("uri"))
    return Envelope(type=type_, source=source, subject=subject, version=version, data=data)
