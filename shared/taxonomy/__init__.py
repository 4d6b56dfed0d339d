"""ESCO taxonomy: occupations, skills, ISCO groups, relations, multilingual label search.

ESCO, © European Union, CC BY 4.0.
"""

from .model import (
    IscoGroup,
    Match,
    Occupation,
    Resolution,
    Skill,
    SkillRelation,
    TaxonomyImportError,
)
from .normalise import label_variants, normalise
from .taxonomy import SEARCH_LANGUAGES, Taxonomy
from .esco_import import load_esco

__all__ = [
    "SEARCH_LANGUAGES",
    "IscoGroup",
    "Match",
    "Occupation",
    "Resolution",
    "Skill",
    "SkillRelation",
    "Taxonomy",
    "TaxonomyImportError",
    "label_variants",
    "load_esco",
    "normalise",
]
