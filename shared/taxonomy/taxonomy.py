"""The in-memory taxonomy: lookups, ISCO hierarchy, relations, search and resolution."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable, Iterator
from typing import Any, Literal

import numpy as np

from .index import DEFAULT_WEIGHTS, KindIndex, LabelSegment, ScoringWeights, top_k
from .model import ISCO_URI_PREFIX, IscoGroup, Match, Occupation, Resolution, Skill, SkillRelation
from .normalise import label_variants, normalise
from .query import query_forms

Kind = Literal["occupation", "skill"]
Concept = Occupation | Skill

SEARCH_LANGUAGES = ("en", "fr", "ar")
FALLBACK_LANG = "en"
FALLBACK_WEIGHT = 0.8
"""Scores from English labels, when searching another language, are multiplied by this."""
FALLBACK_MIN_SCORE = 0.3
"""A hit in the asked language counts towards "enough hits" above this score."""
RESOLVE_MIN_SCORE = 0.7
"""A fuzzy (non-exact) resolution needs at least this score ..."""
RESOLVE_MARGIN = 0.15
"""... and must beat the second candidate by at least this much."""
RESOLVE_CANDIDATES = 5
_OVERLAY_MAX = 2000


class Taxonomy:
    """Occupations, skills, ISCO groups and occupation-skill relations, with label search.

    Search indexes are built lazily, once per (kind, language), on first use.
    """

    def __init__(
        self,
        occupations: Iterable[Occupation],
        skills: Iterable[Skill],
        isco_groups: Iterable[IscoGroup],
        relations: Iterable[tuple[str, SkillRelation]],
        weights: ScoringWeights = DEFAULT_WEIGHTS,
    ) -> None:
        """Build from concepts and ``(occupation_uri, SkillRelation)`` pairs."""
        self._concepts: dict[Kind, dict[str, Any]] = {
            "occupation": {o.uri: o for o in occupations},
            "skill": {s.uri: s for s in skills},
        }
        self._isco = {g.code: g for g in isco_groups}
        self._relations: dict[str, list[SkillRelation]] = {}
        self._by_skill: dict[str, list[tuple[bool, str]]] = {}
        for occ_uri, rel in relations:
            self._relations.setdefault(occ_uri, []).append(rel)
            self._by_skill.setdefault(rel.skill_uri, []).append((rel.essential, occ_uri))
        for rels in self._relations.values():
            rels.sort(key=lambda r: (not r.essential, r.skill_uri))
        for occs in self._by_skill.values():
            occs.sort(key=lambda e: (not e[0], e[1]))
        self.weights = weights
        self._added: list[tuple[str, str, str]] = []
        self._setup_runtime()

    def _setup_runtime(self) -> None:
        self._order: dict[Kind, list[str]] = {k: sorted(v) for k, v in self._concepts.items()}
        self._pos: dict[Kind, dict[str, int]] = {
            k: {u: i for i, u in enumerate(v)} for k, v in self._order.items()
        }
        self._indexes: dict[tuple[Kind, str], KindIndex] = {}
        self._lock = threading.RLock()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("_lock", None)  # built indexes are kept: a warm cache needs no rebuild
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.RLock()

    def warm(self, languages: Iterable[str] = ("en", "fr")) -> None:
        """Build the search indexes of both kinds for ``languages`` now, not on first use."""
        for lang in languages:
            for kind in ("occupation", "skill"):
                self._segments(kind, lang)  # type: ignore[arg-type]

    # -- lookups -------------------------------------------------------------------------

    def occupation(self, uri: str) -> Occupation | None:
        """The occupation with this URI, or None."""
        return self._concepts["occupation"].get(uri)

    def skill(self, uri: str) -> Skill | None:
        """The skill with this URI, or None."""
        return self._concepts["skill"].get(uri)

    def isco_group(self, code: str) -> IscoGroup | None:
        """The ISCO-08 group with this code (``"2654"``, ``"26"``) or URI, or None."""
        return self._isco.get(code.removeprefix(ISCO_URI_PREFIX))

    def iter_occupations(self) -> Iterator[Occupation]:
        """All occupations, in URI order."""
        return (self._concepts["occupation"][u] for u in self._order["occupation"])

    def concepts(self, kind: Kind) -> list[Concept]:
        """Occupations or skills, in URI order (their position is their index row)."""
        return [self._concepts[kind][u] for u in self._order[kind]]

    def iter_skills(self) -> Iterator[Skill]:
        """All skills, in URI order."""
        return (self._concepts["skill"][u] for u in self._order["skill"])

    @staticmethod
    def isco_ancestors(code: str) -> list[str]:
        """The code and its broader ISCO groups: ``"2654"`` -> ``["2654", "265", "26", "2"]``."""
        code = code.removeprefix(ISCO_URI_PREFIX)
        return [code[:n] for n in range(len(code), 0, -1)]

    def occupations_in_group(self, code: str) -> list[str]:
        """URIs of the occupations whose ISCO unit group lies in group ``code``, sorted."""
        return [o.uri for o in self.iter_occupations() if o.isco_group.startswith(code)]

    def skills_of(self, occupation_uri: str) -> list[SkillRelation]:
        """Skills of an occupation, essential first, then by skill URI."""
        return list(self._relations.get(occupation_uri, ()))

    def occupations_with_skill(self, skill_uri: str) -> list[str]:
        """URIs of the occupations that relate to a skill (essential first, then by URI)."""
        return [occ for _, occ in self._by_skill.get(skill_uri, ())]

    def _find(self, uri: str) -> Concept | IscoGroup:
        for kind in ("occupation", "skill"):
            concept = self._concepts[kind].get(uri)  # type: ignore[index]
            if concept is not None:
                return concept  # type: ignore[no-any-return]
        group = self.isco_group(uri)
        if group is None:
            raise KeyError(uri)
        return group

    def label(self, uri: str, lang: str = "en") -> str:
        """Preferred label of any concept in ``lang``, else English, else any language.

        Raises ``KeyError`` for an unknown URI.
        """
        labels = self._find(uri).labels
        for key in (lang, FALLBACK_LANG):
            if labels.get(key):
                return labels[key]
        return next((v for v in labels.values() if v), "")

    def stats(self) -> dict[str, Any]:
        """Counts of concepts, relations and labels per language."""
        rels = [r for rs in self._relations.values() for r in rs]
        essential = sum(r.essential for r in rels)
        langs: dict[str, int] = {}
        for kind in ("occupation", "skill"):
            for concept in self._concepts[kind].values():  # type: ignore[index]
                for lang in concept.labels:
                    langs[lang] = langs.get(lang, 0) + 1
        return {
            "occupations": len(self._concepts["occupation"]),
            "skills": len(self._concepts["skill"]),
            "isco_groups": len(self._isco),
            "relations": len(rels),
            "essential_relations": essential,
            "optional_relations": len(rels) - essential,
            "preferred_labels": dict(sorted(langs.items())),
            "added_labels": len(self._added),
        }

    # -- labels added by users -----------------------------------------------------------

    def added_labels(self) -> list[tuple[str, str, str]]:
        """``(uri, lang, label)`` of every label added since load, in order (to persist)."""
        return list(self._added)

    def add_label(self, uri: str, lang: str, label: str) -> None:
        """Add a user-entered label (e.g. Arabic); searchable at once.

        The first label of a language becomes the preferred label; later ones are
        alternative labels. Persisting added labels is up to the caller.
        """
        label = " ".join(label.split())
        if not normalise(label):
            raise ValueError("label has no letters or digits")
        with self._lock:
            kind: Kind | None = next((k for k in self._concepts if uri in self._concepts[k]), None)
            if kind is None:
                raise KeyError(uri)
            concept = self._concepts[kind][uri]
            labels = dict(concept.labels)
            alts = dict(concept.alt_labels)
            preferred = not labels.get(lang)
            if preferred:
                labels[lang] = label
            elif label != labels[lang] and label not in alts.get(lang, ()):
                alts[lang] = (*alts.get(lang, ()), label)
            else:
                return
            self._concepts[kind][uri] = dataclasses.replace(concept, labels=labels, alt_labels=alts)
            self._added.append((uri, lang, label))
            index = self._indexes.get((kind, lang))
            if index is None:
                return
            if len(index.pending) >= _OVERLAY_MAX:
                del self._indexes[(kind, lang)]  # rebuilt from all labels on next search
                return
            pos = self._pos[kind][uri]
            index.pending.extend((pos, v, preferred) for v in label_variants(label))
            index.dirty = True

    # -- search --------------------------------------------------------------------------

    def _segments(self, kind: Kind, lang: str) -> list[LabelSegment]:
        with self._lock:
            index = self._indexes.get((kind, lang))
            if index is None:
                index = KindIndex.build(self.concepts(kind), lang, self.weights)
                self._indexes[(kind, lang)] = index
            return index.segments(self.weights)

    def _search(self, kind: Kind, q: str, lang: str, limit: int) -> list[Match]:
        forms = query_forms(q, lang, kind)
        if not forms or limit <= 0:
            return []
        best = np.zeros(len(self._order[kind]), dtype=np.float32)
        for form, weight in forms:
            for seg in self._segments(kind, lang):
                np.maximum(best, weight * seg.score(form), out=best)
        if lang != FALLBACK_LANG and np.count_nonzero(best >= FALLBACK_MIN_SCORE) < limit:
            for form, weight in forms:
                for seg in self._segments(kind, FALLBACK_LANG):
                    np.maximum(best, weight * FALLBACK_WEIGHT * seg.score(form), out=best)
        order = self._order[kind]
        return [Match(order[i], self.label(order[i], lang), s) for i, s in top_k(best, limit)]

    def search_occupations(self, q: str, lang: str = "en", limit: int = 10) -> list[Match]:
        """Occupations whose labels match ``q`` (typed prefix or free text), best first."""
        return self._search("occupation", q, lang, limit)

    def search_skills(self, q: str, lang: str = "en", limit: int = 10) -> list[Match]:
        """Skills whose labels match ``q`` (typed prefix or free text), best first."""
        return self._search("skill", q, lang, limit)

    def _exact(self, kind: Kind, texts: Iterable[str], lang: str) -> dict[int, bool]:
        """Concepts with a variant equal to one of ``texts``: position -> from a preferred."""
        exact: dict[int, bool] = {}
        for text in texts:
            for seg in self._segments(kind, lang):
                for pos, is_pref in seg.exact(text):
                    exact[pos] = exact.get(pos, False) or is_pref
            if exact:
                break
        return exact

    def _resolve(self, kind: Kind, text: str, lang: str) -> Resolution:
        """Exact match (raw or cleaned text) of one concept, or of exactly one concept's
        preferred label, resolves; else a fuzzy best match clearly above the second
        (``RESOLVE_MIN_SCORE``, ``RESOLVE_MARGIN``); else no uri and the candidates.
        The asked language is tried first, then English."""
        query = normalise(text)
        if not query:
            return Resolution(None, [])
        order = self._order[kind]
        texts = list(dict.fromkeys([query] + [f for f, _ in query_forms(text, lang, kind)]))
        for key in dict.fromkeys((lang, FALLBACK_LANG)):
            exact = self._exact(kind, texts, key)
            if not exact:
                continue
            preferred = [p for p, is_pref in exact.items() if is_pref]
            if len(exact) == 1 or len(preferred) == 1:
                uri = order[preferred[0] if preferred else next(iter(exact))]
                return Resolution(uri, [Match(uri, self.label(uri, lang), 1.0)])
            uris = sorted(order[p] for p in exact)
            return Resolution(None, [Match(u, self.label(u, lang), 1.0) for u in uris])
        candidates = self._search(kind, text, lang, RESOLVE_CANDIDATES)
        if (
            candidates
            and candidates[0].score >= RESOLVE_MIN_SCORE
            and (
                len(candidates) == 1 or candidates[0].score - candidates[1].score >= RESOLVE_MARGIN
            )
        ):
            return Resolution(candidates[0].uri, candidates)
        return Resolution(None, candidates)

    def resolve_occupation(self, label: str, lang: str = "en") -> Resolution:
        """Map free text to one occupation, or list candidates when it is ambiguous."""
        return self._resolve("occupation", label, lang)

    def resolve_skill(self, label: str, lang: str = "en") -> Resolution:
        """Map free text to one skill, or list candidates when it is ambiguous."""
        return self._resolve("skill", label, lang)
