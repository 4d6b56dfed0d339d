"""Value objects of the taxonomy: occupations, skills, ISCO groups and search results.

The shapes follow ESCO (European Skills, Competences, Qualifications and Occupations,
© European Union, CC BY 4.0): every concept has a URI, a preferred label per language
and alternative labels per language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ISCO_URI_PREFIX = "http://data.europa.eu/esco/isco/C"

SKILL_TYPES = ("skill/competence", "knowledge", "language", "transversal")
"""Known values of :attr:`Skill.skill_type` (ESCO uses the first two; empty is allowed)."""


class TaxonomyImportError(Exception):
    """The ESCO files are missing, unreadable or lack a required column."""


@dataclass(frozen=True)
class Occupation:
    """An ESCO occupation, tied to a 4-digit ISCO-08 unit group."""

    uri: str
    isco_group: str
    code: str
    labels: dict[str, str]
    alt_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    description: str = ""


@dataclass(frozen=True)
class Skill:
    """An ESCO skill or knowledge concept."""

    uri: str
    skill_type: str
    reuse_level: str
    labels: dict[str, str]
    alt_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    description: str = ""


@dataclass(frozen=True)
class IscoGroup:
    """An ISCO-08 group: 1 (major) to 4 (unit group) digits, e.g. ``"2654"``."""

    code: str
    labels: dict[str, str]

    @property
    def uri(self) -> str:
        """The ESCO URI of the group, e.g. ``http://data.europa.eu/esco/isco/C2654``."""
        return ISCO_URI_PREFIX + self.code


@dataclass(frozen=True)
class SkillRelation:
    """A skill that an occupation requires (``essential``) or may use (optional)."""

    skill_uri: str
    essential: bool


@dataclass(frozen=True)
class Match:
    """One search hit: the concept, its preferred label in the asked language, 0..1 score."""

    uri: str
    label: str
    score: float


@dataclass(frozen=True)
class Resolution:
    """Outcome of mapping free text to one concept.

    ``uri`` is set only when the text identifies exactly one concept; otherwise it is
    ``None`` and ``candidates`` lists the plausible concepts, best first, so that the
    caller can ask the user to choose (never a silent guess).
    """

    uri: str | None
    candidates: list[Match]

    @property
    def resolved(self) -> bool:
        """True when the text was mapped to exactly one concept."""
        return self.uri is not None
