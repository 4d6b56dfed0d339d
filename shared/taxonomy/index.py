"""Vectorised label search: TF-IDF over words and character n-grams, plus boosts.

One :class:`LabelSegment` indexes the label variants of one language: each variant is a
row of two sparse TF-IDF matrices (word unigrams, and ``char_wb`` 3-5-grams). A query is
scored against all variants with a few sparse column gathers; the score of a concept is
the best score of its variants. Boosts make exact matches score 1 and reward prefixes so
the same index serves autocomplete ("plumb" finds "plumber") and free-text mapping.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .tfidf import CharNgramTfidf, WordTfidf

_MAX_PREFIX_WORDS = 3000


@dataclass(frozen=True)
class ScoringWeights:
    """Weights of the variant score; tuned on the JobBERT development split."""

    word: float = 0.5
    """Share of the word TF-IDF cosine (the rest is the character n-gram cosine)."""
    coverage: float = 0.35
    """Pull towards 1 when every query word (the last one maybe as a prefix) is present."""
    prefix_base: float = 0.8
    """Floor for a variant that starts with the whole query (grows with the typed share)."""
    exact_alt: float = 0.98
    """Score of an exact match of an alternative label (a preferred label scores 1)."""
    min_score: float = 0.05
    """Variants scoring below this are not returned."""


DEFAULT_WEIGHTS = ScoringWeights()


class LabelSegment:
    """Immutable index of normalised label variants, each belonging to a concept index."""

    def __init__(
        self,
        concept_ids: Sequence[int],
        texts: Sequence[str],
        weights: ScoringWeights = DEFAULT_WEIGHTS,
        preferred: Sequence[bool] | None = None,
    ) -> None:
        """Index ``texts[i]`` (already normalised) as a variant of concept ``concept_ids[i]``.

        ``preferred[i]`` tells whether the variant comes from a preferred label.
        """
        if len(concept_ids) != len(texts):
            raise ValueError("concept_ids and texts differ in length")
        self.weights = weights
        self.size = len(texts)
        self._preferred = np.asarray(
            [True] * len(texts) if preferred is None else list(preferred), dtype=bool
        )
        self._concepts = np.asarray(concept_ids, dtype=np.int64)
        order = sorted(range(len(texts)), key=texts.__getitem__)
        self._order = np.asarray(order, dtype=np.int64)
        self._sorted = [texts[i] for i in order]
        self._lengths = np.fromiter((len(t) for t in texts), np.float32, len(texts))
        self._exact: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            self._exact.setdefault(text, []).append(i)
        self._words = WordTfidf()
        self._chars = CharNgramTfidf(3, 5)
        self._word = self._words.fit_transform(texts)
        self._char = self._chars.fit_transform(texts)
        self._n_words = np.fromiter((len(t.split()) for t in texts), np.float32, len(texts))
        self._word_len = np.ones(len(self._words.vocabulary), dtype=np.float32)
        for word, col in self._words.vocabulary.items():
            self._word_len[col] = len(word)

    def exact(self, text: str) -> list[tuple[int, bool]]:
        """(concept index, from a preferred label) for each variant equal to ``text``."""
        return [(int(self._concepts[i]), bool(self._preferred[i])) for i in self._exact.get(text, ())]

    @staticmethod
    def _cosine(matrix: sparse.csc_matrix, query: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        cols, weights = query
        if cols.size == 0:
            return np.zeros(matrix.shape[0], dtype=np.float32)
        return np.asarray(matrix[:, cols] @ weights, dtype=np.float32).ravel()

    def _coverage(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per variant: are all query words present, and the mean credit per word.

        A word present as such earns 1; the last query word may also be the prefix of a
        variant word (the user is still typing) and then earns ``len(prefix)/len(word)``.
        """
        credit_sum = np.zeros(self.size, dtype=np.float32)
        present_all = np.ones(self.size, dtype=bool)
        vocab = self._words.vocabulary
        for pos, word in enumerate(words):
            if pos == len(words) - 1 and len(word) >= 2:
                cols = self._words.prefix_columns(word, _MAX_PREFIX_WORDS)
            elif word in vocab:
                cols = np.asarray([vocab[word]], dtype=np.int64)
            else:
                cols = np.zeros(0, dtype=np.int64)
            if cols.size == 0:
                present_all[:] = False
                break
            sub = sparse.csr_matrix(self._word[:, cols])
            sub.data = (len(word) / self._word_len[cols])[sub.indices]
            credit = np.asarray(sub.max(axis=1).todense(), dtype=np.float32).ravel()
            credit_sum += credit
            present_all &= credit > 0
        return present_all, credit_sum / max(len(words), 1)

    def score(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        """Score normalised ``query``; return (concept indices, scores) of matching variants."""
        if not query or self.size == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        w = self.weights
        s_word = self._cosine(self._word, self._words.transform_one(query))
        s_char = self._cosine(self._char, self._chars.transform_one(query))
        s = w.word * s_word + (1.0 - w.word) * s_char
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
        for i in self._exact.get(query, ()):
            s[i] = 1.0 if self._preferred[i] else w.exact_alt
        keep = np.flatnonzero(s >= w.min_score)
        return self._concepts[keep], np.clip(s[keep], 0.0, 1.0)


def best_per_concept(
    n_concepts: int, parts: Sequence[tuple[np.ndarray, np.ndarray, float]]
) -> np.ndarray:
    """Dense array of the best (weighted) score per concept over several segment results."""
    best = np.zeros(n_concepts, dtype=np.float32)
    for concepts, scores, weight in parts:
        if concepts.size:
            np.maximum.at(best, concepts, (scores * weight).astype(np.float32))
    return best


def top_k(best: np.ndarray, rank: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """Indices and scores of the ``limit`` best concepts; ties broken by ``rank`` (uri order)."""
    nz = np.flatnonzero(best > 0)
    if nz.size == 0 or limit <= 0:
        return []
    scores = np.round(best[nz].astype(np.float64), 6)
    if nz.size > limit * 4:
        cut = np.partition(scores, nz.size - limit)[nz.size - limit]
        sel = scores >= cut
        nz, scores = nz[sel], scores[sel]
    order = np.lexsort((rank[nz], -scores))[:limit]
    return [(int(nz[i]), float(scores[i])) for i in order]
