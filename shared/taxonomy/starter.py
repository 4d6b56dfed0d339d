"""The starter taxonomy (for the demo when the ESCO files are absent) and the chooser."""

from __future__ import annotations

import logging
from pathlib import Path

from .esco_import import REQUIRED, has_esco_files, load_esco
from .model import IscoGroup, Occupation, Skill, SkillRelation
from .starter_occupations import ISCO_GROUPS, OCCUPATION_URI_PREFIX, OCCUPATIONS
from .starter_skills import RELATIONS, SKILL_TYPES, SKILL_URI_PREFIX, SKILLS
from .taxonomy import Taxonomy

log = logging.getLogger(__name__)


def _alts(**by_lang: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {lang: alts for lang, alts in by_lang.items() if alts}


def starter_taxonomy() -> Taxonomy:
    """A small taxonomy: 15 real ESCO occupations, 69 skills, their relations, in en/fr/ar."""
    occupations = [
        Occupation(
            uri=OCCUPATION_URI_PREFIX + uuid,
            isco_group=isco,
            code=code,
            labels={"en": en, "fr": fr, "ar": ar},
            alt_labels=_alts(en=en_alts, fr=fr_alts, ar=ar_alts),
            description=description,
        )
        for uuid, isco, code, en, fr, ar, en_alts, fr_alts, ar_alts, description in OCCUPATIONS
    ]
    skills = [
        Skill(
            uri=SKILL_URI_PREFIX + uuid,
            skill_type=SKILL_TYPES[kind],
            reuse_level=reuse,
            labels={"en": en, "fr": fr, "ar": ar},
        )
        for uuid, kind, reuse, en, fr, ar in SKILLS
    ]
    groups = [IscoGroup(code, {"en": en, "fr": fr, "ar": ar}) for code, en, fr, ar in ISCO_GROUPS]
    skill_by_prefix = {s.uri.removeprefix(SKILL_URI_PREFIX)[:8]: s.uri for s in skills}
    occ_by_prefix = {o.uri.removeprefix(OCCUPATION_URI_PREFIX)[:8]: o.uri for o in occupations}
    relations = [
        (occ_by_prefix[occ], SkillRelation(skill_by_prefix[prefix], essential))
        for occ, (essential_skills, optional_skills) in RELATIONS.items()
        for essential, listed in ((True, essential_skills), (False, optional_skills))
        for prefix in listed.split()
    ]
    return Taxonomy(occupations, skills, groups, relations)


def taxonomy_for(esco_dir: Path | None, cache_dir: Path | None = None) -> Taxonomy:
    """ESCO from ``esco_dir`` when its CSV files are there, else the starter taxonomy.

    A directory holding only some of the ESCO files is an error
    (:class:`TaxonomyImportError` names the missing one), not a silent fallback.
    """
    if esco_dir is not None and (
        has_esco_files(Path(esco_dir))
        or any((Path(esco_dir) / name).is_file() for name in REQUIRED)
    ):
        return load_esco(Path(esco_dir), cache_dir)
    log.info("ESCO files not found under %s: using the starter taxonomy", esco_dir)
    return starter_taxonomy()
