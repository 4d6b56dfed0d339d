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
import functools
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


_AR_ARTICLES = (
    "\u0648\u0627\u0644",
    "\u0628\u0627\u0644",
    "\u0643\u0627\u0644",
    "\u0641\u0627\u0644",
    "\u0644\u0644",
    "\u0627\u0644",
)
"""وال بال كال فال لل ال: the Arabic article, alone or after a clitic."""


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Light stemming of one normalised word, the same for labels and queries.

    Latin script: plural to singular ("workers" -> "worker", "duties" -> "duty").
    Arabic script: the article and its clitics are dropped ("اللحام" -> "لحام").
    """
    if not word.isascii():
        if "\u0600" <= word[0] <= "\u06ff":
            for article in _AR_ARTICLES:
                if word.startswith(article) and len(word) - len(article) >= 3:
                    return word[len(article) :]
        return word
    if len(word) <= 3 or not word.endswith("s"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


class _Tfidf:
    """Shared weighting: documents are (doc, feature) pairs, one per occurrence."""

    def __init__(self) -> None:
        self.idf = np.zeros(0, dtype=np.float32)
        self.unknown_idf = 1.0

    def _fit(
        self, docs: np.ndarray, cols: np.ndarray, n_docs: int, n_feat: int
    ) -> tuple[sparse.csc_matrix, np.ndarray]:
        """TF-IDF matrix (not normalised) and the L2 norm of each row."""
        ones = np.ones(docs.size, dtype=np.float32)
        matrix = sparse.coo_matrix((ones, (docs, cols)), shape=(n_docs, n_feat)).tocsc()
        matrix.sum_duplicates()
        df = np.diff(matrix.indptr)
        self.idf = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
        self.unknown_idf = float(np.log(1.0 + n_docs) + 1.0)
        col_of = np.repeat(np.arange(n_feat), df)
        data = (1.0 + np.log(matrix.data.astype(np.float64))) * self.idf[col_of]
        norms = np.sqrt(np.bincount(matrix.indices, weights=data**2, minlength=n_docs))
        matrix.data = data.astype(np.float32)
        return matrix, np.maximum(norms, 1e-12).astype(np.float32)

    def _query(self, cols: np.ndarray, tf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``cols`` are feature ids, -1 for unknown features; ``tf`` their counts."""
        known = cols >= 0
        idf = np.where(
            known, self.idf[np.maximum(cols, 0)] if self.idf.size else 0.0, self.unknown_idf
        )
        weights = (1.0 + np.log(tf.astype(np.float64))) * idf
        norm = float(np.sqrt(np.sum(weights**2)))
        if norm == 0.0 or not known.any():
            return _EMPTY
        return cols[known].astype(np.int64), (weights[known] / norm).astype(np.float32)


class CharNgramTfidf(_Tfidf):
    """Character n-gram TF-IDF of the padded text (n-grams may span word boundaries)."""

    def __init__(self, n_min: int = 3, n_max: int = 5, compact: bool = False) -> None:
        """Use n-grams of ``n_min`` to ``n_max`` characters; ``compact`` drops inner spaces
        first, so that "hair stylist" and "hairstylist" share their n-grams."""
        super().__init__()
        self.n_min, self.n_max, self.compact = n_min, n_max, compact
        self.vocab = np.zeros(0, dtype=np.uint64)

    def _prepare(self, texts: Sequence[str]) -> Sequence[str]:
        return [t.replace(" ", "") for t in texts] if self.compact else texts

    def fit_transform(self, texts: Sequence[str]) -> tuple[sparse.csc_matrix, np.ndarray]:
        """Learn vocabulary and IDF of ``texts``; return their TF-IDF matrix and row norms."""
        docs, hashes = char_grams(self._prepare(texts), self.n_min, self.n_max)
        self.vocab = np.unique(hashes)
        cols = np.searchsorted(self.vocab, hashes)
        return self._fit(docs, cols, len(texts), self.vocab.size)

    def transform_one(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Feature indices and weights of one query (unknown n-grams only lower the norm)."""
        _, hashes = char_grams(self._prepare([text]), self.n_min, self.n_max)
        if hashes.size == 0 or self.vocab.size == 0:
            return _EMPTY
        uniq, tf = np.unique(hashes, return_counts=True)
        pos = np.minimum(np.searchsorted(self.vocab, uniq), self.vocab.size - 1)
        cols = np.where(self.vocab[pos] == uniq, pos, -1)
        return self._query(cols, tf)


class WordTfidf(_Tfidf):
    """Word TF-IDF over space-separated (already normalised) texts."""

    def __init__(self, stem: bool = False) -> None:
        """An unfitted vectoriser; ``stem`` folds plurals ("workers" -> "worker")."""
        super().__init__()
        self.use_stem = stem
        self.vocabulary: dict[str, int] = {}
        self.sorted_words: list[str] = []
        self.sorted_cols = np.zeros(0, dtype=np.int64)

    def fit_transform(self, texts: Sequence[str]) -> tuple[sparse.csc_matrix, np.ndarray]:
        """Learn vocabulary and IDF of ``texts``; return their TF-IDF matrix and row norms."""
        vocab: dict[str, int] = {}
        docs: list[int] = []
        cols: list[int] = []
        for i, text in enumerate(texts):
            for word in self.words(text):
                docs.append(i)
                cols.append(vocab.setdefault(word, len(vocab)))
        self.vocabulary = vocab
        words = sorted(vocab)
        self.sorted_words = words
        self.sorted_cols = np.asarray([vocab[w] for w in words], dtype=np.int64)
        return self._fit(
            np.asarray(docs, dtype=np.int64),
            np.asarray(cols, dtype=np.int64),
            len(texts),
            len(vocab),
        )

    def transform_one(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Feature indices and weights of one query (unknown words only lower the norm)."""
        counts: dict[str, int] = {}
        for word in self.words(text):
            counts[word] = counts.get(word, 0) + 1
        if not counts:
            return _EMPTY
        cols = np.asarray([self.vocabulary.get(w, -1) for w in counts], dtype=np.int64)
        return self._query(cols, np.asarray(list(counts.values()), dtype=np.int64))

    def words(self, text: str) -> list[str]:
        """The (possibly stemmed) words of a normalised text."""
        return [stem(w) for w in text.split()] if self.use_stem else text.split()

    def prefix_columns(self, prefix: str, limit: int) -> np.ndarray:
        """Feature indices of the (at most ``limit``) words that start with ``prefix``."""
        if self.use_stem:
            prefix = stem(prefix)
        lo = bisect.bisect_left(self.sorted_words, prefix)
        hi = bisect.bisect_left(self.sorted_words, prefix + "\uffff", lo)
        return self.sorted_cols[lo : min(hi, lo + limit)]
