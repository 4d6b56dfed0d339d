"""Vacancies and people drawn from real ESCO occupations, as event snapshots (docs/events.md).

Every snapshot is built with :mod:`services.matching.testing`, so it has the shape the
employers and skills services publish. :func:`put` parses snapshots into a matching
container's read models and :func:`reindex` rebuilds its index in one go: what the
consumer does one event at a time, in bulk.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from services.matching.bootstrap import MatchingContainer
from services.matching.domain import parse
from services.matching.testing import profile_data, vacancy_data
from shared.taxonomy import Taxonomy

CITIES: tuple[tuple[str, str, float, float], ...] = (
    ("Cairo", "Cairo", 30.04, 31.24),
    ("Giza", "Giza", 30.01, 31.21),
    ("Alexandria", "Alexandria", 31.20, 29.92),
    ("Mansoura", "Dakahlia", 31.04, 31.38),
    ("Tanta", "Gharbia", 30.79, 31.00),
    ("Asyut", "Asyut", 27.18, 31.18),
    ("Aswan", "Aswan", 24.09, 32.90),
    ("Port Said", "Port Said", 31.26, 32.30),
    ("Suez", "Suez", 29.97, 32.55),
    ("Luxor", "Luxor", 25.69, 32.64),
)
"""Ten Egyptian cities; vacancies and people are spread over them (about 10% each)."""


@dataclass(frozen=True)
class OccupationSpec:
    """An ESCO occupation with what a vacancy or a person drawn from it needs."""

    uri: str
    isco: str
    labels: tuple[str, ...]  # the English preferred label, then the alternative labels
    essential: tuple[str, ...]
    optional: tuple[str, ...]
    sentence: str  # the first sentence of the ESCO description (may be empty)


def occupations(tax: Taxonomy, min_essential: int = 3) -> list[OccupationSpec]:
    """Occupations with a 4-digit ISCO group and at least ``min_essential`` essential
    skills, ordered by URI (so a seeded draw is the same on every machine)."""
    out = []
    for occ in sorted(tax.iter_occupations(), key=lambda o: o.uri):
        rels = tax.skills_of(occ.uri)
        essential = tuple(r.skill_uri for r in rels if r.essential)
        if len(essential) < min_essential or len(occ.isco_group) != 4:
            continue
        labels = (occ.labels.get("en", ""), *occ.alt_labels.get("en", ()))
        sentence = occ.description.split(". ")[0].strip()[:200] if occ.description else ""
        out.append(
            OccupationSpec(
                uri=occ.uri,
                isco=occ.isco_group,
                labels=tuple(label for label in labels if label),
                essential=essential,
                optional=tuple(r.skill_uri for r in rels if not r.essential),
                sentence=sentence,
            )
        )
    return out


def place(rng: random.Random) -> dict[str, Any]:
    """A location in one of :data:`CITIES`, jittered by a few km."""
    city, region, lat, lon = rng.choice(CITIES)
    return {
        "city": city,
        "region": region,
        "lat": round(lat + rng.uniform(-0.05, 0.05), 4),
        "lon": round(lon + rng.uniform(-0.05, 0.05), 4),
    }


def vacancy(
    rng: random.Random,
    occ: OccupationSpec,
    vacancy_id: str,
    now: datetime,
    *,
    employer_id: str = "e1",
    drop: float = 0.3,
    n_optional: int = 3,
    realistic: bool = True,
) -> dict[str, Any]:
    """A ``vacancy.published`` snapshot: O's essential skills with each dropped with
    probability ``drop`` (one is always kept), up to ``n_optional`` of its optional skills,
    a title from O's labels and a short text. ``realistic`` adds a place, languages,
    education, experience and a wage; without it those are absent (no filter applies)."""
    essential = [s for s in occ.essential if rng.random() >= drop] or [rng.choice(occ.essential)]
    optional = rng.sample(occ.optional, min(n_optional, len(occ.optional)))
    title = rng.choice(occ.labels)
    text = f"We are hiring: {title}. {occ.sentence}".strip()
    extra: dict[str, Any] = {"location": None}
    if realistic:
        extra = {
            "location": place(rng),
            "languages": [("ar", "B1")] if rng.random() < 0.5 else [],
            "education_level": rng.choice((None, 2, 3, 4, 6)),
            "experience_years": rng.choice((None, 1.0, 2.0, 3.0, 5.0)),
            "wage": {"amount": rng.randrange(4000, 15000, 500), "currency": "EGP"},
        }
    return vacancy_data(
        id=vacancy_id,
        employer_id=employer_id,
        title=title[:1].upper() + title[1:],
        description=text,
        occupation=occ.uri,
        isco_group=occ.isco,
        essential=essential,
        optional=optional,
        closes_at=now + timedelta(days=rng.randint(10, 90)),
        published_at=now - timedelta(hours=rng.uniform(1, 24 * 30)),
        **extra,
    )


def person(
    rng: random.Random,
    occ: OccupationSpec,
    returnee_id: str,
    skill_pool: Sequence[str],
    *,
    keep: float = 0.6,
    keep_optional: float = 0.2,
    noise: int = 3,
    realistic: bool = True,
    centre_id: str = "c1",
) -> dict[str, Any]:
    """A ``profile.registered`` snapshot of someone who worked in ``occ``: each essential
    skill kept with probability ``keep``, each optional one with ``keep_optional``, plus
    ``noise`` random skills from ``skill_pool``; 1-10 years of experience in ``occ``."""
    skills = [s for s in occ.essential if rng.random() < keep]
    skills += [s for s in occ.optional if rng.random() < keep_optional]
    skills += rng.sample(list(skill_pool), noise)
    extra: dict[str, Any] = {"location": None, "education_level": None}
    if realistic:
        extra = {
            "location": place(rng),
            "education_level": rng.choice((2, 3, 4, 6)),
            "languages": [("ar", "native")] + ([("en", "B2")] if rng.random() < 0.4 else []),
        }
    return profile_data(
        id=returnee_id,
        centre_id=centre_id,
        skills=list(dict.fromkeys(skills)),
        experience=((occ.uri, float(rng.randint(1, 10))),),
        gender=rng.choice(("female", "male")),
        **extra,
    )


def put(
    c: MatchingContainer,
    vacancies: Iterable[dict[str, Any]],
    people: Iterable[dict[str, Any]] = (),
) -> None:
    """Parse snapshots (version 1) into the read models, as the consumer's appliers do."""
    tax = c.taxonomy
    for data in vacancies:
        c.reads.put_vacancy(parse.vacancy_from_event(data, 1, tax))
    for data in people:
        c.reads.put_profile(parse.profile_from_event(data, 1, tax))


def reindex(c: MatchingContainer) -> None:
    """Rebuild the index from the read models (as bootstrap does at start)."""
    consented = (p for p in c.reads.profiles.values() if p.consented("matching"))
    c.index.rebuild(c.reads.vacancies.values(), consented)


def skill_pool(specs: Sequence[OccupationSpec]) -> list[str]:
    """Every skill some occupation of ``specs`` lists, sorted (the noise of people)."""
    return sorted({s for o in specs for s in (*o.essential, *o.optional)})
