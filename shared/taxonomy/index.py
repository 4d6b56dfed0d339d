"""Vectorised label search: TF-IDF over words and character n-grams, plus boosts.

A :class:`LabelSegment` indexes the label variants of one language. A concept's score
mixes its best variant (word TF-IDF cosine with exact, prefix and word-coverage boosts)
with the cosine of all its labels joined (words and character 3-5-grams: evidence from
every label, typo-tolerant) and, with a low weight, of its description. All scores come
from sparse column gathers over precomputed matrices, so a query over the 13,896 ESCO
skills costs a few milliseconds. Exact matches score 1 and prefixes are rewarded, so the
same index serves autocomplete ("plumb" finds "plumber") and free-text mapping.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from .normalise import label_variants, normalise
from .tfidf import CharNgramTfidf, WordTfidf

_MAX_PREFIX_WORDS = 3000
DESCRIPTION_LANG = "en"
"""ESCO descriptions are indexed (with a low weight) in this language only."""


@dataclass(frozen=True)
class ScoringWeights:
    """Weights of the score; tuned on the JobBERT development split (see bench/)."""

    variant: float = 0.5
    """Share of the best variant in a concept's score (the rest: the whole-concept cosine)."""
    word: float = 0.5
    """Share of words in the whole-concept cosine (the rest: character n-grams)."""
    description: float = 0.2
    """Weight of the description's word cosine (only where descriptions are indexed)."""
    coverage: float = 0.35
    """Pull towards 1 when every query word (the last one maybe as a prefix) is present."""
    prefix_base: float = 0.8
    """Floor for a variant that starts with the whole query (grows with the typed share)."""
    exact_alt: float = 0.98
    """Score of an exact match of an alternative label (a preferred label scores 1)."""


DEFAULT_WEIGHTS = ScoringWeights()


def _gather(matrix: sparse.csc_matrix, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions (in ``matrix.data``/``indices``) of the entries of ``cols``, and for each
    entry the index of its column within ``cols`` (cheaper than scipy's column slicing)."""
    starts = matrix.indptr[cols].astype(np.int64)
    lengths = matrix.indptr[cols + 1].astype(np.int64) - starts
    total = int(lengths.sum())
    which = np.repeat(np.arange(cols.size), lengths)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
    return offsets + np.arange(total), which


def _dots(matrix: sparse.csc_matrix, query: tuple[np.ndarray, np.ndarray]) -> np.ndarray | None:
    """Dot products of the rows of ``matrix`` with a normalised sparse query."""
    cols, weights = query
    if cols.size == 0:
        return None
    entries, which = _gather(matrix, cols)
    values = matrix.data[entries] * weights[which]
    rows = matrix.indices[entries]
    return np.bincount(rows, weights=values, minlength=matrix.shape[0]).astype(np.float32)


def _concept_matrix(
    vec: WordTfidf | CharNgramTfidf, ids: list[int], docs: list[str], n_concepts: int
) -> sparse.csc_matrix:
    """L2-normalised TF-IDF of ``docs``, one row per concept (zero rows for the others)."""
    matrix, norms = vec.fit_transform(docs)
    lift = sparse.csr_matrix(
        (1.0 / norms, (ids, np.arange(len(ids)))), shape=(n_concepts, len(ids))
    )
    return sparse.csc_matrix(lift @ matrix, dtype=np.float32)


class LabelSegment:
    """Immutable index of normalised label variants, each belonging to a concept index.

    Variants are scored by word TF-IDF plus exact, prefix and coverage boosts; concepts
    also by the word and character n-gram TF-IDF of all their variants joined (with
    concept-level IDF), and optionally of their description.
    """

    def __init__(
        self,
        n_concepts: int,
        concept_ids: Sequence[int],
        texts: Sequence[str],
        preferred: Sequence[bool],
        descriptions: dict[int, str] | None = None,
        weights: ScoringWeights = DEFAULT_WEIGHTS,
    ) -> None:
        """Index ``texts[i]`` (normalised) as a variant of concept ``concept_ids[i]``.

        ``preferred[i]`` tells whether it comes from a preferred label; ``descriptions``
        maps concept indices to normalised description texts to index as well.
        """
        if not len(concept_ids) == len(texts) == len(preferred):
            raise ValueError("concept_ids, texts and preferred differ in length")
        self.weights = weights
        self.n_concepts = n_concepts
        self.size = len(texts)
        self._concepts = np.asarray(concept_ids, dtype=np.int64)
        self._preferred = np.asarray(preferred, dtype=bool)
        order = sorted(range(len(texts)), key=texts.__getitem__)
        self._order = np.asarray(order, dtype=np.int64)
        self._sorted = [texts[i] for i in order]
        self._lengths = np.fromiter((len(t) for t in texts), np.float32, len(texts))
        self._exact: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            self._exact.setdefault(text, []).append(i)
        self._words = WordTfidf(stem=True)
        self._word, self._word_norm = self._words.fit_transform(texts)
        self._n_words = np.fromiter((len(t.split()) for t in texts), np.float32, len(texts))
        self._word_len = np.ones(len(self._words.vocabulary), dtype=np.float32)
        for word, col in self._words.vocabulary.items():
            self._word_len[col] = len(word)
        joined: dict[int, list[str]] = {}
        for concept, text in zip(concept_ids, texts, strict=True):
            joined.setdefault(int(concept), []).append(text)
        ids = sorted(joined)
        docs = [" ".join(joined[i]) for i in ids]
        self._cwords, self._cchars = WordTfidf(stem=True), CharNgramTfidf(3, 5, compact=True)
        self._cword = _concept_matrix(self._cwords, ids, docs, n_concepts)
        self._cchar = _concept_matrix(self._cchars, ids, docs, n_concepts)
        self._desc: tuple[WordTfidf, sparse.csc_matrix] | None = None
        if descriptions:
            vec = WordTfidf(stem=True)
            d_ids = sorted(descriptions)
            d_docs = [descriptions[i] for i in d_ids]
            self._desc = (vec, _concept_matrix(vec, d_ids, d_docs, n_concepts))

    def exact(self, text: str) -> list[tuple[int, bool]]:
        """(concept index, from a preferred label) for each variant equal to ``text``."""
        return [
            (int(self._concepts[i]), bool(self._preferred[i])) for i in self._exact.get(text, ())
        ]

    def _coverage(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per variant: are all query words present, and the mean credit per word.

        A word present as such earns 1; the last query word may also be the prefix of a
        variant word (the user is still typing) and then earns ``len(prefix)/len(word)``.
        """
        credit_sum = np.zeros(self.size, dtype=np.float32)
        present_all = np.ones(self.size, dtype=bool)
        vocab = self._words.vocabulary
        for pos, word in enumerate(self._words.words(" ".join(words))):
            if pos == len(words) - 1 and len(word) >= 2:
                cols = self._words.prefix_columns(word, _MAX_PREFIX_WORDS)
            elif word in vocab:
                cols = np.asarray([vocab[word]], dtype=np.int64)
            else:
                cols = np.zeros(0, dtype=np.int64)
            if cols.size == 0:
                present_all[:] = False
                break
            entries, which = _gather(self._word, cols)
            credit = np.zeros(self.size, dtype=np.float32)
            ratio = np.minimum(len(word) / self._word_len[cols], 1.0).astype(np.float32)
            np.maximum.at(credit, self._word.indices[entries], ratio[which])
            credit_sum += credit
            present_all &= credit > 0
        return present_all, credit_sum / max(len(words), 1)

    def _concept_cosine(self, query: str) -> np.ndarray:
        w = self.weights
        total = np.zeros(self.n_concepts, dtype=np.float32)
        for matrix, vec, share in (
            (self._cword, self._cwords, w.word),
            (self._cchar, self._cchars, 1.0 - w.word),
        ):
            dots = _dots(matrix, vec.transform_one(query))
            if dots is not None:
                total += share * dots
        return total

    def score(self, query: str) -> np.ndarray:
        """Score of every concept (dense, 0..1) for the normalised ``query``."""
        best = np.zeros(self.n_concepts, dtype=np.float32)
        if not query or self.size == 0:
            return best
        w = self.weights
        dots = _dots(self._word, self._words.transform_one(query))
        s = np.zeros(self.size, dtype=np.float32) if dots is None else dots / self._word_norm
        words = query.split()
        if w.coverage > 0:
            full, credit = self._coverage(words)
            if full.any():
                shorter = np.minimum(len(words) / np.maximum(self._n_words, 1.0), 1.0)
                s = np.where(full, s + w.coverage * credit * shorter * (1.0 - s), s)
        lo = bisect.bisect_left(self._sorted, query)
        hi = bisect.bisect_left(self._sorted, query + "\uffff", lo)
        if hi > lo:
            rows = self._order[lo:hi]
            pref = w.prefix_base + (0.97 - w.prefix_base) * (len(query) / self._lengths[rows])
            s[rows] = np.maximum(s[rows], np.minimum(pref, 0.97))
        hit = np.flatnonzero(s > 0)
        np.maximum.at(best, self._concepts[hit], s[hit])
        concept = np.minimum(self._concept_cosine(query), 1.0)
        total = w.variant * best + (1.0 - w.variant) * concept
        if self._desc is not None and w.description > 0:
            vec, matrix = self._desc
            desc = _dots(matrix, vec.transform_one(query))
            if desc is not None:
                total += w.description * desc
        total = np.minimum(total, 0.97)
        for i in self._exact.get(query, ()):
            c = self._concepts[i]
            exact = 1.0 if self._preferred[i] else w.exact_alt + 0.01 * float(concept[c])
            total[c] = max(total[c], exact)
        return np.clip(total, 0.0, 1.0)


class KindIndex:
    """Base segment of one (kind, language) plus a small overlay of labels added later."""

    def __init__(self, n_concepts: int, base: LabelSegment) -> None:
        """Wrap a base segment; labels added later go to ``pending`` (see ``segments``)."""
        self.n_concepts = n_concepts
        self.base = base
        self.pending: list[tuple[int, str, bool]] = []
        self.overlay: LabelSegment | None = None
        self.dirty = False

    @classmethod
    def build(cls, concepts: Sequence[Any], lang: str, weights: ScoringWeights) -> KindIndex:
        """Index the ``lang`` labels of ``concepts`` (row = position in the sequence)."""
        ids: list[int] = []
        texts: list[str] = []
        prefs: list[bool] = []
        descriptions: dict[int, str] = {}
        for pos, concept in enumerate(concepts):
            labels = [(concept.labels.get(lang), True)]
            labels += [(alt, False) for alt in concept.alt_labels.get(lang, ())]
            for raw, is_pref in labels:
                for variant in label_variants(raw) if raw else ():
                    ids.append(pos)
                    texts.append(variant)
                    prefs.append(is_pref)
            if lang == DESCRIPTION_LANG and concept.description:
                descriptions[pos] = normalise(concept.description)
        n = len(concepts)
        return cls(n, LabelSegment(n, ids, texts, prefs, descriptions, weights))

    def segments(self, weights: ScoringWeights) -> list[LabelSegment]:
        """The base segment and, if labels were added, an overlay rebuilt from them."""
        if self.dirty:
            ids = [c for c, _, _ in self.pending]
            texts = [t for _, t, _ in self.pending]
            prefs = [p for _, _, p in self.pending]
            self.overlay = LabelSegment(self.n_concepts, ids, texts, prefs, weights=weights)
            self.dirty = False
        return [self.base] if self.overlay is None else [self.base, self.overlay]


def top_k(best: np.ndarray, limit: int, min_score: float = 0.01) -> list[tuple[int, float]]:
    """Indices and scores of the ``limit`` best concepts; ties broken by index (URI order)."""
    nz = np.flatnonzero(best >= min_score)
    if nz.size == 0 or limit <= 0:
        return []
    scores = np.round(best[nz].astype(np.float64), 6)
    if nz.size > limit * 4:
        cut = np.partition(scores, nz.size - limit)[nz.size - limit]
        sel = scores >= cut
        nz, scores = nz[sel], scores[sel]
    order = np.lexsort((nz, -scores))[:limit]
    return [(int(nz[i]), float(scores[i])) for i in order]
