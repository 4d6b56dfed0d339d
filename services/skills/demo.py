"""Demo returnees for a fresh embedded install (``JISR_SEED_DEMO=1``).

Everything goes through the service layer, so the demo people reach matching by the
same events as real ones. Ids are derived from the centre, so seeding twice adds nothing.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from sqlalchemy import select

from services.skills.adapters.tables import returnees
from services.skills.bootstrap import SkillsContainer
from services.skills.service_layer import profile
from services.skills.service_layer import returnees as ret
from shared.auth.tokens import Principal

log = logging.getLogger(__name__)
_SEEDER = Principal(role="admin", token_id="demo-seed")

# (city, region, lat, lon, country): a few cities of Egypt, Tunisia, Morocco and Iraq.
CITIES = [
    ("Cairo", "Cairo", 30.0444, 31.2357, "EG"),
    ("Alexandria", "Alexandria", 31.2001, 29.9187, "EG"),
    ("Asyut", "Asyut", 27.1783, 31.1859, "EG"),
    ("Tunis", "Tunis", 36.8065, 10.1815, "TN"),
    ("Sfax", "Sfax", 34.7406, 10.7603, "TN"),
    ("Sousse", "Sousse", 35.8256, 10.6084, "TN"),
    ("Casablanca", "Casablanca-Settat", 33.5731, -7.5898, "MA"),
    ("Fes", "Fes-Meknes", 34.0181, -5.0078, "MA"),
    ("Tangier", "Tanger-Tetouan-Al Hoceima", 35.7595, -5.8340, "MA"),
    ("Baghdad", "Baghdad", 33.3152, 44.3661, "IQ"),
    ("Erbil", "Erbil", 36.1911, 44.0092, "IQ"),
    ("Basra", "Basra", 30.5085, 47.7804, "IQ"),
]
# Invented people; none of them exists.
PEOPLE = [
    ("Amira Hassan", "female", 1994),
    ("Omar Farouk", "male", 1988),
    ("Mona Adel", "female", 1999),
    ("Youssef Ben Salah", "male", 1991),
    ("Ines Trabelsi", "female", 1985),
    ("Karim Jlassi", "male", 2001),
    ("Salma El Idrissi", "female", 1996),
    ("Hamza Benali", "male", 1979),
    ("Nadia Chraibi", "female", 1990),
    ("Ali Kadhim", "male", 1983),
    ("Zainab Hussein", "female", 1998),
    ("Mustafa Jabbar", "male", 1972),
]
_EVIDENCE = ("self_declared", "assessed", "certified", "prior_learning_recognised")
_CONSENTS: list[list[str]] = [
    ["matching", "shown_to_employers", "contact_by_employers", "referral_to_training"],
    ["matching", "shown_to_employers"],
    ["matching"],
    ["matching", "shown_to_employers", "referral_to_training"],
]


def _demo_id(centre_id: str, i: int) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"jisr-demo:{centre_id}:{i}").hex


def _occupations(c: SkillsContainer, wanted: int) -> list[str]:
    """Occupations that have related skills, spread over the taxonomy for variety."""
    with_skills = [o.uri for o in c.taxonomy.iter_occupations() if c.taxonomy.skills_of(o.uri)]
    if not with_skills:
        return []
    step = max(1, len(with_skills) // wanted)
    return [with_skills[(i * step) % len(with_skills)] for i in range(wanted)]


def _person(i: int, centre_id: str) -> dict[str, Any]:
    name, gender, born = PEOPLE[i % len(PEOPLE)]
    city, region, lat, lon, _ = CITIES[i % len(CITIES)]
    return {
        "personal": {"name": name, "phone": f"+000 555 01{i:02d}", "birth_year": born},
        "centre_id": centre_id,
        "status": "community_member" if i % 5 == 4 else "returnee",
        "gender": gender,
        "location": {"city": city, "region": region, "lat": lat, "lon": lon},
        "languages": [{"code": "ar", "level": "native"}]
        + ([{"code": "fr", "level": "B2"}] if CITIES[i % len(CITIES)][4] in ("TN", "MA") else [])
        + ([{"code": "en", "level": "B1"}] if i % 3 == 0 else []),
        "education_level": 2 + i % 5,
        "consents": _CONSENTS[i % len(_CONSENTS)],
        "consent_method": "written",
    }


def seed(
    c: SkillsContainer, centre_id: str, count: int = 12, occupations: list[str] | None = None
) -> list[str]:
    """Register ``count`` demo returnees at ``centre_id``; returns their ids (idempotent).

    Person ``i`` lives in ``CITIES[i]`` and, when ``occupations`` is given, has worked as
    ``occupations[i]`` (so a demo can put matching vacancies in the same city).
    """
    occupations = occupations or _occupations(c, count)
    ids: list[str] = []
    for i in range(count):
        rid = _demo_id(centre_id, i)
        ids.append(rid)
        with c.runtime.engine.connect() as conn:
            if conn.execute(select(returnees.c.id).where(returnees.c.id == rid)).first():
                continue
        ret.register_returnee(c, _SEEDER, _person(i, centre_id), returnee_id=rid)
        if not occupations:
            continue
        occupation = occupations[i]
        relations = c.taxonomy.skills_of(occupation)
        for j, rel in enumerate(relations[: 3 + i % 4]):
            profile.add_skill(
                c,
                _SEEDER,
                rid,
                {
                    "uri": rel.skill_uri,
                    "proficiency": 1 + (i + j) % 4,
                    "evidence": _EVIDENCE[(i + j) % len(_EVIDENCE)],
                    "acquired_in": ("DE", "IT", "FR", "LY", "SA")[(i + j) % 5],
                    "years": float(1 + (i + j) % 6),
                },
            )
        country = ("DE", "IT", "FR", "LY", "SA")[i % 5]
        profile.add_experience(
            c,
            _SEEDER,
            rid,
            {"occupation": occupation, "years": float(1 + i % 7), "country": country},
        )
        profile.set_aspirations(
            c,
            _SEEDER,
            rid,
            {
                "occupations": [occupation],
                "regions": [CITIES[i % len(CITIES)][1]],
                "relocate": i % 3 == 0,
                "max_km": 25.0 + 10 * (i % 4),
                "min_monthly_wage": None,
            },
        )
    log.info("demo returnees seeded", extra={"centre_id": centre_id, "count": len(ids)})
    return ids
