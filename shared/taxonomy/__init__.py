"""ESCO taxonomy: occupations, skills, ISCO groups, relations, multilingual label search.

``taxonomy_for(esco_dir, cache_dir)`` loads the official ESCO CSV files when present
(``load_esco``) and otherwise a small handwritten ``starter_taxonomy()``. ESCO, ©
European Union, CC BY 4.0.
"""

from .esco_import import has_esco_files, load_esco
from .index import ScoringWeights
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
from .starter import starter_taxonomy, taxonomy_for
from .taxonomy import SEARCH_LANGUAGES, Taxonomy

__all__ = [
    "SEARCH_LANGUAGES",
    "IscoGroup",
    "Match",
    "Occupation",
    "Resolution",
    "ScoringWeights",
    "Skill",
    "SkillRelation",
    "Taxonomy",
    "TaxonomyImportError",
    "has_esco_files",
    "label_variants",
    "load_esco",
    "normalise",
    "starter_taxonomy",
    "taxonomy_for",
]
