"""Interning of concept keys (skill and occupation URIs, ISCO groups, languages) to ints.

Matrices and feature arrays need integer columns; one process-wide, append-only table
keeps those ints equal between the search index and the feature code. The ints are
never stored or sent anywhere: they live as long as the process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import numpy as np


class Interner:
    """Maps strings to dense ints (0, 1, 2, ...) in first-seen order; thread-safe."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._lock = threading.Lock()

    def id(self, key: str) -> int:
        """The int of ``key``, assigning the next one if it is new."""
        found = self._ids.get(key)
        if found is not None:
            return found
        with self._lock:
            return self._ids.setdefault(key, len(self._ids))

    def ids(self, keys: Iterable[str]) -> np.ndarray:
        """The ints of ``keys`` as an int64 array (new keys are assigned)."""
        items = keys if isinstance(keys, list | tuple) else list(keys)
        known = self._ids
        found = [known.get(k, -1) for k in items]
        if -1 in found:  # rare once warm: assign the new ones
            found = [self.id(k) for k in items]
        return np.asarray(found, dtype=np.int64)

    def get(self, key: str) -> int:
        """The int of ``key``, or -1 when it was never seen (nothing is assigned)."""
        return self._ids.get(key, -1)

    def __len__(self) -> int:
        return len(self._ids)


TOKENS = Interner()
"""The table shared by documents, the index and the features of this process."""


def isco_token(code: str) -> str:
    """The key of one ISCO group (any level), e.g. ``isco:7126``."""
    return f"isco:{code}"


def isco_prefixes(code: str | None) -> list[str]:
    """``"7126"`` -> ``["7126", "712", "71", "7"]``; empty for no code."""
    if not code:
        return []
    return [code[:n] for n in range(len(code), 0, -1)]


def lang_token(code: str) -> str:
    """The key of a language, e.g. ``lang:ar``."""
    return f"lang:{code}"


def isco_level_ids(code: str | None) -> np.ndarray:
    """``"7126"`` -> interned ids of ``[7, 71, 712, 7126]``; -1 where a level is missing."""
    out = np.full(4, -1, dtype=np.int64)
    for depth in range(1, min(len(code or ""), 4) + 1):
        out[depth - 1] = TOKENS.id(isco_token(str(code)[:depth]))
    return out
