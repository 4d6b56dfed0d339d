"""Benchmark: map free-text vacancy titles and skills onto ESCO (figures, not pass/fail).

1. JobBERT development split (``benchmarks/jobbert/titles.csv``, Decorte et al. 2021):
   each vacancy title is tagged with an ESCO occupation; we report accuracy@1,
   accuracy@5 and MRR@10 of ``Taxonomy.search_occupations`` and titles per second.
   The test split (``titles.test.csv``) is never read here.
2. Egyptian postings 2025 (``jobs/egypt-2025``): the share of distinct titles and skills
   (and of their occurrences) whose best ESCO match scores at least a threshold, the
   share that ``resolve_*`` maps unambiguously, and the most frequent unmapped ones.

Run from the repository root::

    python -m bench.title_mapping [--data-root ../shared/data] [--cache-dir var/cache]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from shared.taxonomy import Match, Resolution, Taxonomy, load_esco

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_ROOT = REPO_ROOT.parent / "shared" / "data"
MAPPED_THRESHOLD = 0.6
"""A free-text title or skill counts as mapped when its best ESCO match scores this much."""


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def run(data_root: Path, taxonomy: Taxonomy, sample: int | None = None) -> dict[str, Any]:
    """Evaluate title -> occupation mapping on the JobBERT development split.

    ``sample`` takes a deterministic random sample of that many rows (all rows if None).
    """
    rows = _read_csv(Path(data_root) / "benchmarks" / "jobbert" / "titles.csv")
    if sample is not None and sample < len(rows):
        rows = random.Random(0).sample(rows, sample)
    hits1 = hits5 = 0
    reciprocal = 0.0
    started = time.perf_counter()
    for row in rows:
        uris = [m.uri for m in taxonomy.search_occupations(row["vacancyTitle"], "en", 10)]
        if row["conceptUri"] in uris:
            rank = uris.index(row["conceptUri"])
            hits1 += rank == 0
            hits5 += rank < 5
            reciprocal += 1.0 / (rank + 1)
    elapsed = time.perf_counter() - started
    n = len(rows)
    return {
        "split": "dev (titles.csv)",
        "n": n,
        "accuracy@1": round(hits1 / n, 4) if n else 0.0,
        "accuracy@5": round(hits5 / n, 4) if n else 0.0,
        "mrr@10": round(reciprocal / n, 4) if n else 0.0,
        "titles_per_s": round(n / elapsed, 1) if elapsed > 0 else None,
    }


def _coverage(
    counts: Counter[str],
    search: Callable[[str, str, int], list[Match]],
    resolve: Callable[[str, str], Resolution],
    threshold: float,
    top: int,
) -> dict[str, Any]:
    mapped: dict[str, bool] = {}
    resolved = 0
    for text in counts:
        best = search(text, "en", 1)
        mapped[text] = bool(best) and best[0].score >= threshold
        resolved += resolve(text, "en").uri is not None
    total = sum(counts.values())
    unmapped = [(t, c) for t, c in counts.most_common() if not mapped[t]][:top]
    return {
        "distinct": len(counts),
        "mapped_share": round(sum(mapped.values()) / max(len(counts), 1), 4),
        "mapped_share_of_occurrences": round(
            sum(c for t, c in counts.items() if mapped[t]) / max(total, 1), 4
        ),
        "resolved_share": round(resolved / max(len(counts), 1), 4),
        "top_unmapped": unmapped,
    }


def egypt_coverage(
    data_root: Path, taxonomy: Taxonomy, threshold: float = MAPPED_THRESHOLD, top: int = 15
) -> dict[str, Any]:
    """How much of the Egyptian 2025 postings' titles and skills maps onto ESCO."""
    base = Path(data_root) / "jobs" / "egypt-2025"
    titles = Counter(" ".join(r["Jobs Title"].split()) for r in _read_csv(base / "Jobs.csv"))
    skills = Counter(
        " ".join(r["Skills"].split()) for r in _read_csv(base / "Skills_Cleaned_UnPivot.csv")
    )
    titles.pop("", None)
    skills.pop("", None)
    return {
        "threshold": threshold,
        "titles": _coverage(
            titles, taxonomy.search_occupations, taxonomy.resolve_occupation, threshold, top
        ),
        "skills": _coverage(skills, taxonomy.search_skills, taxonomy.resolve_skill, threshold, top),
    }


def main(argv: list[str] | None = None) -> int:
    """Load ESCO, run both benchmarks and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-root", type=Path, default=DEFAULT_DATA_ROOT)
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--sample", type=int, default=None, help="JobBERT rows to sample")
    args = parser.parse_args(argv)
    esco_dir = args.data_root / "esco" / "v1.1.1"
    started = time.perf_counter()
    taxonomy = load_esco(esco_dir, args.cache_dir)
    loaded = time.perf_counter() - started
    taxonomy.warm(("en",))
    warmed = time.perf_counter() - started
    figures = {
        "load_s": round(loaded, 2),
        "load_and_index_s": round(warmed, 2),
        "jobbert": run(args.data_root, taxonomy, args.sample),
        "egypt_2025": egypt_coverage(args.data_root, taxonomy),
    }
    json.dump(figures, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
