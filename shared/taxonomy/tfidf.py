"""TF-IDF over words and character n-grams, vectorised with numpy.

scikit-learn's ``TfidfVectorizer`` builds n-grams in pure Python (about 4 s for the
99,000 English skill label variants); here the n-grams of all texts are hashed at once
with numpy. Weighting equals ``TfidfVectorizer(sublinear_tf=True, smooth_idf=True,
norm="l2")`` for documents. For a query, features unseen in the documents still count
in its norm (with the highest possible idf), so unknown words lower the cosine instead
of being silently ignored.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import numpy as np
from scipy import sparse

_MULT = np.uint64(0x9E3779B97F4A7C15)
_LEN_SALT = np.uint64(0xC2B2AE3D27D4EB4F)
_EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))


def _codes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    padded = [f" {t} " for t in texts]
    joined = "".join(padded).encode("utf-32-le")
    codes = np.frombuffer(joined, dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter((len(p) for p in padded), dtype=np.int64, count=len(padded))
    return codes, lengths


def char_grams(texts: Sequence[str], n_min: int, n_max: int) -> tuple[np.ndarray, np.ndarray]:
    """(text index, 64-bit hash) of every character n-gram of the space-padded texts."""
    codes, lengths = _codes(texts)
    total = codes.size
    doc_of = np.repeat(np.arange(lengths.size, dtype=np.int64), lengths)
    # texts are normalised (single spaces) and padded: a gram stays inside one text
    # iff it contains no two adjacent spaces
    double = np.concatenate(([0], np.cumsum((codes[:-1] == 32) & (codes[1:] == 32))))
    docs, hashes = [], []
    with np.errstate(over="ignore"):
        for n in range(n_min, n_max + 1):
            count = total - n + 1
            if count <= 0:
                continue
            h = codes[:count].copy()
            for k in range(1, n):
                h = h * _MULT + codes[k : k + count]
            h ^= np.uint64(n) * _LEN_SALT
            h = (h ^ (h >> np.uint64(29))) * _MULT
            valid = double[n - 1 : n - 1 + count] == double[:count]
            docs.append(doc_of[:count][valid])
            hashes.append(h[valid])
    if not docs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    return np.concatenate(docs), np.concatenate(hashes)


class _Tfidf:
    """Shared weighting: documents are (doc, feature) pairs, one per occurrence."""

    def __init__(self) -> None:
        self.idf = np.zeros(0, dtype=np.float32)
        self.unknown_idf = 1.0

    def _fit(
        self, docs: np.ndarray, cols: np.ndarray, n_docs: int, n_feat: int
    ) -> sparse.csc_matrix:
        ones = np.ones(docs.size, dtype=np.float32)
        matrix = sparse.coo_matrix((ones, (docs, cols)), shape=(n_docs, n_feat)).tocsc()
        matrix.sum_duplicates()
        df = np.diff(matrix.indptr)
        self.idf = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
        self.unknown_idf = float(np.log(1.0 + n_docs) + 1.0)
        col_of = np.repeat(np.arange(n_feat), df)
        data = (1.0 + np.log(matrix.data.astype(np.float64))) * self.idf[col_of]
        norms = np.sqrt(np.bincount(matrix.indices, weights=data**2, minlength=n_docs))
        matrix.data = (data / np.maximum(norms[matrix.indices], 1e-12)).astype(np.float32)
        return matrix

    def _query(self, cols: np.ndarray, tf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``cols`` are feature ids, -1 for unknown features; ``tf`` their counts."""
        known = cols >= 0
        idf = np.where(known, self.idf[np.maximum(cols, 0)] if self.idf.size else 0.0,
                       self.unknown_idf)
        weights = (1.0 + np.log(tf.astype(np.float64))) * idf
        norm = float(np.sqrt(np.sum(weights**2)))
        if norm == 0.0 or not known.any():
            return _EMPTY
        return cols[known].astype(np.int64), (weights[known] / norm).astype(np.float32)


class CharNgramTfidf(_Tfidf):
    """Character n-gram TF-IDF (n-grams may span the space between words)."""

    def __init__(self, n_min: int = 3, n_max: int = 5) -> None:
        """Use n-grams of ``n_min`` to ``n_max`` characters."""
        super().__init__()
        self.n_min, self.n_max = n_min, n_max
        self.vocab = np.zeros(0, dtype=np.uint64)

    def fit_transform(self, texts: Sequence[str]) -> sparse.csc_matrix:
        """Learn vocabulary and IDF of ``texts``; return their L2-normalised CSC matrix."""
        docs, hashes = char_grams(texts, self.n_min, self.n_max)
        self.vocab = np.unique(hashes)
        cols = np.searchsorted(self.vocab, hashes)
        return self._fit(docs, cols, len(texts), self.vocab.size)

    def transform_one(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Feature indices and weights of one query (unknown n-grams only lower the norm)."""
        _, hashes = char_grams([text], self.n_min, self.n_max)
        if hashes.size == 0 or self.vocab.size == 0:
            return _EMPTY
        uniq, tf = np.unique(hashes, return_counts=True)
        pos = np.minimum(np.searchsorted(self.vocab, uniq), self.vocab.size - 1)
        cols = np.where(self.vocab[pos] == uniq, pos, -1)
        return self._query(cols, tf)


class WordTfidf(_Tfidf):
    """Word TF-IDF over space-separated (already normalised) texts."""

    def __init__(self) -> None:
        """An empty, unfitted vectoriser."""
        super().__init__()
        self.vocabulary: dict[str, int] = {}
        self.sorted_words: list[str] = []
        self.sorted_cols = np.zeros(0, dtype=np.int64)

    def fit_transform(self, texts: Sequence[str]) -> sparse.csc_matrix:
        """Learn vocabulary and IDF of ``texts``; return their L2-normalised CSC matrix."""
        vocab: dict[str, int] = {}
        docs: list[int] = []
        cols: list[int] = []
        for i, text in enumerate(texts):
            for word in text.split():
                docs.append(i)
                cols.append(vocab.setdefault(word, len(vocab)))
        self.vocabulary = vocab
        words = sorted(vocab)
        self.sorted_words = words
        self.sorted_cols = np.asarray([vocab[w] for w in words], dtype=np.int64)
        return self._fit(np.asarray(docs, dtype=np.int64), np.asarray(cols, dtype=np.int64),
                         len(texts), len(vocab))

    def transform_one(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Feature indices and weights of one query (unknown words only lower the norm)."""
        counts: dict[str, int] = {}
        for word in text.split():
            counts[word] = counts.get(word, 0) + 1
        if not counts:
            return _EMPTY
        cols = np.asarray([self.vocabulary.get(w, -1) for w in counts], dtype=np.int64)
        return self._query(cols, np.asarray(list(counts.values()), dtype=np.int64))

    def prefix_columns(self, prefix: str, limit: int) -> np.ndarray:
        """Feature indices of the (at most ``limit``) words that start with ``prefix``."""
        lo = bisect.bisect_left(self.sorted_words, prefix)
        hi = bisect.bisect_left(self.sorted_words, prefix + "\uffff", lo)
        return self.sorted_cols[lo : min(hi, lo + limit)]
