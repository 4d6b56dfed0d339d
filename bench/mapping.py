"""(b) titles and (c) postings: free text mapped onto ESCO, through :mod:`bench.title_mapping`.

(b) runs on the JobBERT development split (``titles.csv``); the test split is never read.
(c) measures how much of the Egyptian 2025 postings' titles and skills maps onto ESCO.
"""

from __future__ import annotations

from typing import Any

from bench import title_mapping
from bench.common import DATA_ROOT, taxonomy


def titles(sample: int | None = None) -> dict[str, Any]:
    """accuracy@1, accuracy@5, MRR@10 and titles/s of title -> occupation on the dev split."""
    return title_mapping.run(DATA_ROOT, taxonomy(), sample)


def postings(top: int = 5) -> dict[str, Any]:
    """Shares of distinct titles and skills (and of their occurrences) mapped to ESCO."""
    figures = title_mapping.egypt_coverage(DATA_ROOT, taxonomy(), top=top)
    for kind in ("titles", "skills"):
        figures[kind]["top_unmapped"] = [
            {"text": text, "count": count} for text, count in figures[kind]["top_unmapped"]
        ]
    return figures
