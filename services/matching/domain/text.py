"""Words of documents and queries for BM25: normalised (shared.taxonomy), stop words dropped.

Concept labels repeat across thousands of documents, so their words are cached;
normalising accented and Arabic text is what costs time.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from shared.taxonomy.normalise import tokens

STOPWORDS = frozenset(
    "a an and are as at be by for from in into is of on or the to with we you our your will "
    "le la les de des du un une et en pour par sur au aux avec dans est nous vous "
    "في من على الى إلى عن مع و".split()
)


def text_terms(text: str) -> list[str]:
    """Normalised words of ``text`` that carry meaning (stop words and 1-letter words dropped)."""
    return [t for t in tokens(text) if len(t) > 1 and t not in STOPWORDS]


@lru_cache(maxsize=200_000)
def _label_terms(label: str) -> tuple[str, ...]:
    return tuple(text_terms(label))


def doc_terms(free_text: str, labels: Iterable[str]) -> tuple[str, ...]:
    """The words of a document: its own text, then the (cached) words of its concept labels."""
    out = text_terms(free_text)
    for label in labels:
        out.extend(_label_terms(label))
    return tuple(out)
