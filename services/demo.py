"""Demo data for ``make run``: a fair, employers in several cities, schemes, vacancies, people.

Seeding goes through the same handlers as the API, so every record emits its events and
the matching service learns about it the normal way. It runs once: a restart keeps the data.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from services.embedded import Platform
from services.employers.adapters.tables import employers as employers_table
from services.employers.service_layer import employers as emp
from services.employers.service_layer import incentives as inc
from services.employers.service_layer import vacancies as vac
from services.skills.demo import CITIES
from services.skills.service_layer import taxonomy as skills_taxonomy
from shared.auth.tokens import Principal
from shared.messages import utcnow
from shared.taxonomy.model import Occupation, Skill
from shared.taxonomy.starter import starter_taxonomy
from shared.taxonomy.taxonomy import Taxonomy

log = logging.getLogger(__name__)
ADMIN = Principal(role="admin", token_id="demo-seed")
CENTRE = "centre-cairo"

SECTORS = (
    "construction",
    "food processing",
    "automotive repair",
    "garment manufacturing",
    "information technology",
    "health care",
    "retail",
    "agriculture",
    "hospitality",
    "logistics",
)
LEVELS = ("manage_closely", "consult", "inform")


def _about(tax: Taxonomy, occupation_uri: str) -> str:
    occ = tax.occupation(occupation_uri)
    return occ.description[:300] if occ and occ.description else ""


def _already_seeded(platform: Platform) -> bool:
    with platform.employers.runtime.engine.connect() as conn:
        return bool(conn.execute(select(func.count()).select_from(employers_table)).scalar())


def seed_demo(platform: Platform) -> dict[str, Any]:
    """Create the demo records once; returns what was created (empty when already there)."""
    if _already_seeded(platform):
        return {}
    c = platform.employers
    tax = platform.taxonomy
    fair = emp.create_fair(
        c,
        {
            "name": "Cairo Reintegration Job Fair",
            "city": "Cairo",
            "starts_on": utcnow().date(),
            "ends_on": (utcnow() + timedelta(days=60)).date(),
        },
    )
    occupations = [o.uri for o in starter_taxonomy().iter_occupations() if tax.occupation(o.uri)]
    subsidy = inc.create_scheme(
        c,
        {
            "name": "Returnee wage subsidy 2026",
            "type": "wage_subsidy",
            "terms": {"share": 0.5, "months": 6, "monthly_cap": 3000},
            "budget_total": 500000,
            "currency": "EGP",
            "eligibility": "returnees_only",
        },
    )
    apprenticeship = inc.create_scheme(
        c,
        {
            "name": "Trades apprenticeship programme",
            "type": "apprenticeship",
            "terms": {"months": 9, "stipend": 1500},
            "occupations": occupations[: len(occupations) // 2],
            "budget_total": 200000,
            "currency": "EGP",
            "eligibility": "returnees_and_community",
        },
    )
    training = inc.create_scheme(
        c,
        {
            "name": "On-the-job training for service jobs",
            "type": "on_the_job_training",
            "terms": {"months": 3, "hours_per_week": 20},
            "occupations": occupations[len(occupations) // 2 :],
            "budget_total": 100000,
            "currency": "EGP",
            "eligibility": "returnees_only",
        },
    )
    schemes = [subsidy["id"], apprenticeship["id"], training["id"]]
    made: dict[str, Any] = {"fair": fair["id"], "employers": [], "vacancies": []}
    # One employer in each demo person's city, hiring for that person's trade and another,
    # so that every demo person has something to look at.
    person_occupations = [occupations[(2 * i) % len(occupations)] for i in range(len(CITIES))]
    for i, (city, region, lat, lon, _country) in enumerate(CITIES):
        employer = emp.register_employer(
            c,
            ADMIN,
            {
                "name": f"{city} {SECTORS[i % len(SECTORS)].title()} Co.",
                "sector": SECTORS[i % len(SECTORS)],
                "size": ("micro", "small", "medium", "large")[i % 4],
                "engagement_level": LEVELS[i % len(LEVELS)],
                "location": {"city": city, "region": region, "lat": lat, "lon": lon},
            },
        )
        made["employers"].append(employer["id"])
        for j in range(2):
            occ = occupations[(2 * i + j) % len(occupations)]
            vacancy = vac.post_vacancy(
                c, ADMIN, employer["id"], _vacancy(tax, occ, employer, i, j, fair["id"], schemes)
            )
            made["vacancies"].append(vacancy["id"])
    made["schemes"] = schemes
    from services.skills.demo import seed as seed_returnees

    made["returnees"] = seed_returnees(
        platform.skills, CENTRE, len(CITIES), occupations=person_occupations
    )
    _arabic_labels(platform)
    log.info(
        "demo seeded", extra={k: len(v) if isinstance(v, list) else v for k, v in made.items()}
    )
    return made


def _vacancy(
    tax: Taxonomy, occ: str, employer: dict[str, Any], i: int, j: int, fair: str, schemes: list[str]
) -> dict[str, Any]:
    loc = employer["location"]
    relations = tax.skills_of(occ)
    return {
        "title": tax.label(occ, "en").capitalize(),
        "description": f"{employer['name']} in {loc['city']} is hiring. {_about(tax, occ)}",
        "occupation": occ,
        "skills": [{"uri": r.skill_uri, "essential": r.essential} for r in relations[:6]],
        "languages": [{"code": "ar", "level": "B1"}] if j == 0 else [],
        "education_level": 1 + (i + j) % 3,
        "experience_years": float(j),
        "location": {**loc, "lat": loc["lat"] + 0.01 * j, "lon": loc["lon"] + 0.01 * j},
        "positions": 1 + j,
        "closes_at": utcnow() + timedelta(days=30 + 10 * j),
        "incentive_ids": [schemes[0]] + ([schemes[1]] if j == 1 else []),
        "fair_ids": [fair] if i % 2 == 0 else [],
        "wage": {"amount": 6000 + 1000 * j, "currency": "EGP", "period": "month"},
        "employment_type": "full_time",
    }


def _arabic_labels(platform: Platform) -> None:
    """The starter's Arabic labels, entered as users would (ESCO has none)."""
    starter = starter_taxonomy()
    concepts: list[Occupation | Skill] = [*starter.iter_occupations(), *starter.iter_skills()]
    for concept in concepts:
        label = concept.labels.get("ar")
        if label and platform.taxonomy.label(concept.uri, "ar") != label:
            skills_taxonomy.add_label(
                platform.skills, ADMIN, {"uri": concept.uri, "lang": "ar", "label": label}
            )
