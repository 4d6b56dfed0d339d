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
from shared.auth.tokens import Principal
from shared.messages import utcnow
from shared.taxonomy.starter import starter_taxonomy
from shared.taxonomy.taxonomy import Taxonomy

log = logging.getLogger(__name__)
ADMIN = Principal(role="admin", token_id="demo-seed")
CENTRE = "centre-cairo"

EMPLOYERS = [
    ("Nile Build & Repair", "construction", "medium", "Cairo", 30.04, 31.24, "manage_closely"),
    ("Delta Foods", "food processing", "large", "Alexandria", 31.20, 29.92, "consult"),
    ("Carthage Motors", "automotive repair", "small", "Tunis", 36.81, 10.18, "consult"),
    ("Atlas Textiles", "garment manufacturing", "medium", "Casablanca", 33.57, -7.59, "inform"),
    ("Erbil Digital", "information technology", "small", "Erbil", 36.19, 44.01, "manage_closely"),
    ("Giza Care Services", "health care", "medium", "Giza", 30.01, 31.21, "inform"),
]


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
    made: dict[str, Any] = {"fair": fair["id"], "employers": [], "vacancies": []}
    for i, (name, sector, size, city, lat, lon, level) in enumerate(EMPLOYERS):
        employer = emp.register_employer(
            c,
            ADMIN,
            {
                "name": name,
                "sector": sector,
                "size": size,
                "engagement_level": level,
                "location": {"city": city, "lat": lat, "lon": lon},
            },
        )
        made["employers"].append(employer["id"])
        for j in range(3):
            occ = occupations[(i * 3 + j) % len(occupations)]
            relations = tax.skills_of(occ)
            skills = [{"uri": r.skill_uri, "essential": r.essential} for r in relations[:8]]
            vacancy = vac.post_vacancy(
                c,
                ADMIN,
                employer["id"],
                {
                    "title": tax.label(occ, "en").capitalize(),
                    "description": f"{name} in {city} is hiring. {_about(tax, occ)}",
                    "occupation": occ,
                    "skills": skills,
                    "languages": [{"code": "ar", "level": "B1"}] if j % 2 == 0 else [],
                    "education_level": 2 + (j % 3),
                    "experience_years": float(j),
                    "location": {"city": city, "lat": lat + 0.01 * j, "lon": lon + 0.01 * j},
                    "positions": 1 + j,
                    "closes_at": utcnow() + timedelta(days=30 + 10 * j),
                    "incentive_ids": [subsidy["id"]] + ([apprenticeship["id"]] if j == 1 else []),
                    "fair_ids": [fair["id"]] if city in ("Cairo", "Giza", "Alexandria") else [],
                    "wage": {"amount": 6000 + 1000 * j, "currency": "EGP", "period": "month"},
                    "employment_type": "full_time",
                },
            )
            made["vacancies"].append(vacancy["id"])
    made["schemes"] = [subsidy["id"], apprenticeship["id"], training["id"]]
    from services.skills.demo import seed as seed_returnees

    made["returnees"] = seed_returnees(platform.skills, CENTRE)
    log.info(
        "demo seeded", extra={k: len(v) if isinstance(v, list) else v for k, v in made.items()}
    )
    return made
