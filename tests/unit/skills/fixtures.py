"""Taxonomies and clocks for the skills tests.

``skills_taxonomy`` is a private deep copy of the starter taxonomy, so that labels a test
adds never leak into other tests; until the starter lands, a tiny stand-in is used.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

from shared.taxonomy.model import IscoGroup, Occupation, Skill, SkillRelation
from shared.taxonomy.taxonomy import Taxonomy

ESCO = "http://data.europa.eu/esco"


def tiny_taxonomy() -> Taxonomy:
    """Three occupations and eight skills with English, French and Arabic labels."""

    def skill(key: str, en: str, fr: str, ar: str = "") -> Skill:
        labels = {"en": en, "fr": fr, **({"ar": ar} if ar else {})}
        return Skill(f"{ESCO}/skill/{key}", "skill/competence", "sector-specific", labels)

    skills = [
        skill("weld", "weld metal parts", "souder des pièces métalliques", "لحام القطع المعدنية"),
        skill("mig", "use MIG welding", "utiliser le soudage MIG"),
        skill("blueprints", "read blueprints", "lire des plans"),
        skill("wire", "install electrical wiring", "installer un câblage électrique"),
        skill("safety", "follow health and safety rules", "respecter les règles de sécurité"),
        skill("cook", "prepare meals", "préparer des repas", "إعداد الوجبات"),
        skill("hygiene", "apply food hygiene", "appliquer l'hygiène alimentaire"),
        skill("customers", "serve customers", "servir les clients"),
    ]
    occupations = [
        Occupation(
            f"{ESCO}/occupation/welder",
            "7212",
            "7212.1",
            {"en": "welder", "fr": "soudeur/soudeuse", "ar": "لحام"},
        ),
        Occupation(
            f"{ESCO}/occupation/electrician",
            "7411",
            "7411.1",
            {"en": "building electrician", "fr": "électricien du bâtiment"},
        ),
        Occupation(
            f"{ESCO}/occupation/cook",
            "5120",
            "5120.1",
            {"en": "cook", "fr": "cuisinier/cuisinière", "ar": "طباخ"},
        ),
    ]
    groups = [
        IscoGroup("7212", {"en": "Welders and flamecutters"}),
        IscoGroup("7411", {"en": "Building and related electricians"}),
        IscoGroup("5120", {"en": "Cooks"}),
    ]
    rel = [
        ("welder", "weld", True),
        ("welder", "mig", True),
        ("welder", "blueprints", True),
        ("welder", "safety", False),
        ("electrician", "wire", True),
        ("electrician", "blueprints", True),
        ("electrician", "safety", True),
        ("cook", "cook", True),
        ("cook", "hygiene", True),
        ("cook", "customers", False),
    ]
    relations = [
        (f"{ESCO}/occupation/{o}", SkillRelation(f"{ESCO}/skill/{s}", e)) for o, s, e in rel
    ]
    return Taxonomy(occupations, skills, groups, relations)


_BASE: Taxonomy | None = None


def skills_taxonomy() -> Taxonomy:
    """A fresh copy of the starter taxonomy (or of the tiny stand-in)."""
    global _BASE
    if _BASE is None:
        try:
            from shared.taxonomy.starter import starter_taxonomy  # type: ignore[import-not-found]

            _BASE = starter_taxonomy()
        except ImportError:
            _BASE = tiny_taxonomy()
    return copy.deepcopy(_BASE)


class FakeClock:
    """A clock the test moves by hand; handlers read it through the container.

    Each reading also ticks one microsecond, as a real clock would between two requests,
    so that records made one after the other keep their order.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(microseconds=1)
        return self.now

    def advance(self, **delta: float) -> None:
        """Move time forward, e.g. ``advance(minutes=16)``."""
        self.now += timedelta(**delta)
