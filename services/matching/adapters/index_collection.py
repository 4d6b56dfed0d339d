"""One side of the embedded index (vacancies or profiles): documents, versions, segments.

Writes are cheap: a changed document is masked out of its segment and queued; the
next read indexes the queue as a small new segment. When small segments pile up they
are merged, and when they grow large next to the first one everything is rebuilt —
the log-structured merge of search engines, in a few lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from services.matching.adapters.index_segment import DocRow, Segment, build_segment
from services.matching.domain.vocab import TOKENS, Interner

MAX_SEGMENTS = 8


class Collection:
    """Documents of one kind with last-write-wins versions and their segments."""

    def __init__(
        self,
        encode: Callable[[Any], DocRow],
        terms: Interner,
        matrices: Sequence[str],
        coo: Sequence[str],
        numbers: Sequence[str],
    ) -> None:
        self._encode = encode
        self._terms = terms
        self._spec = (tuple(matrices), tuple(coo), tuple(numbers))
        self.docs: dict[str, Any] = {}
        self.versions: dict[str, int] = {}
        self._loc: dict[str, tuple[Segment, int]] = {}
        self._segments: list[Segment] = []
        self._pending: dict[str, None] = {}
        self._rows: float | None = None
        self._avgdl: float | None = None  # fixed until everything is rebuilt

    def upsert(self, doc: Any) -> bool:
        """Keep ``doc`` unless a newer or equal version is held (or a tombstone is newer)."""
        if doc.version <= self.versions.get(doc.id, -1):
            return False
        self.versions[doc.id] = doc.version
        self.docs[doc.id] = doc
        self._kill(doc.id)
        self._pending[doc.id] = None
        return True

    def delete(self, doc_id: str, version: int) -> bool:
        """Remove a document, leaving a tombstone at ``version``."""
        if version <= self.versions.get(doc_id, -1):
            return False
        self.versions[doc_id] = version
        self.docs.pop(doc_id, None)
        self._kill(doc_id)
        self._pending.pop(doc_id, None)
        return True

    def rebuild(self, docs: Iterable[Any]) -> None:
        """Forget everything, then index ``docs`` as one segment."""
        self.docs = {}
        self.versions = {}
        self._loc = {}
        self._pending = {}
        for doc in docs:
            if doc.version > self.versions.get(doc.id, -1):
                self.docs[doc.id] = doc
                self.versions[doc.id] = doc.version
        self._segments = [self._build(list(self.docs), full=True)] if self.docs else []
        self._rows = None

    def __len__(self) -> int:
        return len(self.docs)

    def _kill(self, doc_id: str) -> None:
        found = self._loc.pop(doc_id, None)
        if found is not None:
            seg, row = found
            seg.alive[row] = False

    def _build(self, ids: list[str], full: bool = False) -> Segment:
        rows = [self._encode(self.docs[i]) for i in ids]
        if full or self._avgdl is None:
            self._avgdl = sum(len(r.terms) for r in rows) / len(rows) if rows else 1.0
        seg = build_segment(
            rows, *self._spec, n_terms=len(self._terms), n_tokens=len(TOKENS), avgdl=self._avgdl
        )
        for pos, doc_id in enumerate(ids):
            self._loc[doc_id] = (seg, pos)
        return seg

    def segments(self) -> list[Segment]:
        """The segments with every queued change indexed (call under the index lock)."""
        if self._pending:
            ids = [i for i in self._pending if i in self.docs]
            self._pending = {}
            if ids:
                self._segments.append(self._build(ids))
            self._rows = None
        if len(self._segments) > MAX_SEGMENTS:
            self._merge()
        return self._segments

    def _merge(self) -> None:
        base, rest = self._segments[0], self._segments[1:]
        small = [str(i) for s in rest for i in s.ids[s.alive]]
        if len(small) * 4 > int(base.alive.sum()):
            self._segments = [self._build(list(self.docs), full=True)]
        else:
            self._segments = [base, self._build(small)]
        self._rows = None

    def rows(self) -> float:
        """Rows of all segments, masked ones included (as document frequencies count them)."""
        if self._rows is None:
            self._rows = float(sum(s.size for s in self._segments))
        return self._rows

    def idf(self, cols: np.ndarray, matrix: str | None = None) -> np.ndarray:
        """BM25 idf of columns of the text (``matrix`` None) or of a named matrix."""
        rows = self.rows()
        df = np.zeros(cols.size)
        for seg in self._segments:
            if matrix is None:
                counts = seg.df
            else:
                counts = np.diff(seg.matrices[matrix].indptr).astype(np.float64)
            keep = cols < counts.size
            df[keep] += counts[cols[keep]]
        return np.log(1.0 + (rows - df + 0.5) / (df + 0.5)) if rows else np.zeros(cols.size)
