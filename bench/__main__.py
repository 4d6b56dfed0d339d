"""``python -m bench [quality|titles|postings|latency|distributed ...]`` (all by default).

Prints a table of figures and writes ``var/bench/<timestamp>.json`` and
``var/bench/latest.json``. Figures, never pass/fail: the exit code is 1 only when a
section could not run at all (its error is in the table and the JSON).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bench import report
from bench.common import OUT_DIR


def _sections() -> dict[str, Callable[[], dict[str, Any]]]:
    from bench import distributed, latency, mapping, quality

    return {
        "quality": quality.run,
        "titles": mapping.titles,
        "postings": mapping.postings,
        "latency": latency.run,
        "distributed": distributed.run,
    }


NAMES = ("quality", "titles", "postings", "latency", "distributed")


def main(argv: list[str] | None = None) -> int:
    """Run the chosen sections in order, print the table, write the JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="*", metavar="SECTION", help=" | ".join(NAMES))
    args = parser.parse_args(argv)
    chosen = args.sections or list(NAMES)
    unknown = [s for s in chosen if s not in NAMES]
    if unknown:
        parser.error(f"unknown section(s) {unknown}; choose from {NAMES}")
    sections = _sections()
    started = time.perf_counter()
    results: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "sections": {},
    }
    all_rows: list[report.Row] = []
    failed = False
    for name in chosen:
        print(f"== {name} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            figures = sections[name]()
        except Exception as exc:  # a section that cannot run is reported, the rest still run
            traceback.print_exc()
            figures = {"error": f"{type(exc).__name__}: {exc}"}
            failed = True
        figures["section_s"] = round(time.perf_counter() - t0, 1)
        results["sections"][name] = figures
        rows = report.rows(name, figures)
        all_rows += rows
        print(report.table(rows), file=sys.stderr, flush=True)
    results["total_s"] = round(time.perf_counter() - started, 1)
    path = report.write(results, OUT_DIR)
    print(report.table(all_rows))
    print(f"total {results['total_s']} s; figures in {path} and {OUT_DIR / 'latest.json'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
