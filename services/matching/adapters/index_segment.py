"""Immutable segments of the embedded index: sparse matrices and numeric columns.

A segment is built once from a batch of documents (a Python loop over the batch), and
queried with column gathers and numpy masks over all its rows (no loop per document).
Only its ``alive`` mask changes after it is built: a replaced or deleted document is
masked out, and the collection merges segments now and then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from services.matching.domain.text import STOPWORDS, text_terms
from services.matching.domain.vocab import Interner

# text_terms and STOPWORDS live in domain/text.py; re-exported for the index adapters
__all__ = ["STOPWORDS", "DocRow", "Segment", "bm25", "build_segment", "gather", "text_terms"]
BM25_K1 = 1.2
BM25_B = 0.75


@dataclass
class DocRow:
    """One document as the index stores it (built by the collection's encoder)."""

    id: str
    version: int
    terms: list[int]
    sparse: dict[str, list[tuple[int, float]]]
    numbers: dict[str, float]


@dataclass
class Segment:
    """Columns of a batch of documents; row ``i`` is ``ids[i]``."""

    ids: np.ndarray
    alive: np.ndarray
    text: sparse.csc_matrix  # BM25 term weights (without idf)
    lengths: np.ndarray  # words per document
    df: np.ndarray  # documents per term (over this segment's rows, live or not)
    matrices: dict[str, sparse.csc_matrix]
    coo: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]  # rows, cols, values
    numbers: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Rows, live or not."""
        return int(self.ids.size)


def build_segment(
    rows: Sequence[DocRow],
    matrix_names: Sequence[str],
    coo_names: Sequence[str],
    number_names: Sequence[str],
    n_terms: int,
    n_tokens: int,
    avgdl: float,
) -> Segment:
    """Build the columns of ``rows``: CSC matrices for gathers, COO triples for filters.

    Text entries hold BM25's term-frequency part, normalised by ``avgdl``, the mean words
    per document that the collection fixes for all its segments (so equal documents score
    the same in any segment); a query multiplies them by the idf of its words.
    """
    n = len(rows)
    t_rows: list[int] = []
    t_cols: list[int] = []
    for i, row in enumerate(rows):
        t_rows.extend([i] * len(row.terms))
        t_cols.extend(row.terms)
    text = sparse.csc_matrix(
        (np.ones(len(t_rows)), (np.asarray(t_rows, np.int64), np.asarray(t_cols, np.int64))),
        shape=(n, max(n_terms, 1)),
    )
    text.sum_duplicates()
    df = np.diff(text.indptr).astype(np.float64)
    lengths = np.fromiter((len(r.terms) for r in rows), np.float64, n)
    tf = text.data
    norm = BM25_K1 * (1.0 - BM25_B + BM25_B * lengths[text.indices] / max(avgdl, 1e-9))
    text.data = tf * (BM25_K1 + 1.0) / (tf + norm)
    matrices: dict[str, sparse.csc_matrix] = {}
    coo: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for name in (*matrix_names, *coo_names):
        r, c, v = _triples(rows, name)
        if name in coo_names:
            coo[name] = (r, c, v)
        else:
            m = sparse.csc_matrix((v, (r, c)), shape=(n, max(n_tokens, 1)))
            m.sum_duplicates()
            matrices[name] = m
    numbers = {
        name: np.fromiter((r.numbers[name] for r in rows), np.float64, n) for name in number_names
    }
    return Segment(
        ids=np.asarray([r.id for r in rows], dtype=str),
        alive=np.ones(n, dtype=bool),
        text=text,
        lengths=lengths,
        df=df,
        matrices=matrices,
        coo=coo,
        numbers=numbers,
    )


def _triples(rows: Sequence[DocRow], name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r: list[int] = []
    c: list[int] = []
    v: list[float] = []
    for i, row in enumerate(rows):
        for col, val in row.sparse.get(name, ()):
            r.append(i)
            c.append(col)
            v.append(val)
    return np.asarray(r, np.int64), np.asarray(c, np.int64), np.asarray(v, np.float64)


def gather(matrix: sparse.csc_matrix, cols: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``matrix[:, cols] @ weights`` for the columns the matrix has (others score 0)."""
    keep = cols < matrix.shape[1]
    if not keep.any():
        return np.zeros(matrix.shape[0])
    return np.asarray(matrix[:, cols[keep]] @ weights[keep]).ravel()


def bm25(seg: Segment, cols: np.ndarray, idf: np.ndarray) -> np.ndarray:
    """BM25 of every row of ``seg`` for the query terms ``cols`` (with their ``idf``)."""
    return gather(seg.text, cols, idf)


def term_ids(vocab: Interner, words: Sequence[str]) -> np.ndarray:
    """Known term ids of query words (unknown words cannot match), deduplicated."""
    ids = {vocab.get(w) for w in words}
    ids.discard(-1)
    return np.asarray(sorted(ids), dtype=np.int64)


def rows_with(seg: Segment, name: str, col: int) -> np.ndarray:
    """Rows whose COO ``name`` holds column ``col`` (e.g. a fair)."""
    r, c, _ = seg.coo[name]
    out = np.zeros(seg.size, dtype=bool)
    out[r[c == col]] = True
    return out
