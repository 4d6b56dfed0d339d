"""What every section shares: paths, the ESCO taxonomy, percentiles, process memory, ports."""

from __future__ import annotations

import math
import os
import socket
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from shared.taxonomy import Taxonomy, load_esco

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_ROOT = Path(os.environ.get("JISR_SHARED_DATA") or REPO_ROOT.parent / "shared" / "data")
ESCO_DIR = DATA_ROOT / "esco" / "v1.1.1"
VAR_DIR = REPO_ROOT / "var"
CACHE_DIR = VAR_DIR / "cache"
"""Where the parsed ESCO pickle lives (the same cache ``make run`` uses)."""
OUT_DIR = VAR_DIR / "bench"


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The official ESCO v1.1.1 files, parsed once per process (cached under var/cache)."""
    if not (ESCO_DIR / "en" / "occupations_en.csv").is_file():
        raise FileNotFoundError(f"ESCO v1.1.1 not found under {ESCO_DIR}")
    return load_esco(ESCO_DIR, CACHE_DIR)


def percentiles(values: Sequence[float], scale: float = 1000.0, digits: int = 1) -> dict[str, Any]:
    """n, p50, p95, p99, mean and max of ``values`` (seconds), times ``scale`` (ms)."""
    if not values:
        return {"n": 0}
    ordered = sorted(values)

    def pick(q: float) -> float:
        # nearest rank: the smallest value with at least q of the samples at or below it
        rank = max(math.ceil(q * len(ordered)) - 1, 0)
        return round(ordered[min(rank, len(ordered) - 1)] * scale, digits)

    return {
        "n": len(ordered),
        "p50": pick(0.50),
        "p95": pick(0.95),
        "p99": pick(0.99),
        "mean": round(statistics.fmean(ordered) * scale, digits),
        "max": round(ordered[-1] * scale, digits),
    }


def status_kb(pid: int, field: str = "VmRSS") -> int | None:
    """A ``kB`` field of ``/proc/<pid>/status`` (None when the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def rss_mb(pid: int | None = None) -> float | None:
    """VmRSS of a process (this one by default) in MB."""
    kb = status_kb(pid if pid is not None else os.getpid())
    return round(kb / 1024, 1) if kb is not None else None


def children(pid: int) -> list[int]:
    """Direct children of a process (from every thread's ``children`` list)."""
    out: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            out.extend(int(p) for p in text.split())
    except OSError:
        return out
    return sorted(set(out))


def tree_rss_mb(pid: int) -> float | None:
    """Sum of VmRSS of a process and all its descendants, in MB (shared pages count per
    process, so this over-counts what the tree really holds)."""
    seen: set[int] = set()
    todo = [pid]
    total = 0
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        kb = status_kb(current)
        if kb is not None:
            total += kb
        todo.extend(children(current))
    return round(total / 1024, 1) if seen and status_kb(pid) is not None else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def stopwatch() -> Iterator[dict[str, float]]:
    """``with stopwatch() as t: ...`` then ``t["s"]`` holds the elapsed seconds."""
    box = {"s": 0.0}
    started = time.perf_counter()
    try:
        yield box
    finally:
        box["s"] = time.perf_counter() - started


def var_dir_with_cache(path: Path) -> Path:
    """Create ``path`` as a JISR_VAR whose ``cache`` links to the repository's ESCO cache,
    so every process started there reuses the parsed taxonomy."""
    path.mkdir(parents=True, exist_ok=True)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    link = path / "cache"
    if not link.exists():
        link.symlink_to(CACHE_DIR, target_is_directory=True)
    return path


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without Jisr settings, plus ``extra`` (for servers
    started by a benchmark, so nothing leaks in from the caller's shell)."""
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JISR_", "DATABASE_URL", "AUTH_DATABASE_URL", "BENCH_"))
        and k not in ("EVENT_BUS", "SEARCH_BACKEND", "KAFKA_TOPIC_PREFIX", "ES_INDEX_PREFIX")
    }
    return {**keep, "PYTHONPATH": str(REPO_ROOT), **extra}


def gunicorn_command(app: str, port: int, timeout_s: int = 900) -> list[str]:
    """gunicorn with the deployment's settings (deploy/gunicorn.conf.py: one gthread worker,
    8 threads) on 127.0.0.1:``port``; a long timeout lets a worker load large read models."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(REPO_ROOT / "deploy" / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        str(timeout_s),
        app,
    ]


def timed_calls(call: Callable[[int], int], n: int) -> tuple[list[float], list[int]]:
    """Run ``call(i)`` for i in range(n), one after another; (seconds each, status codes)."""
    times: list[float] = []
    codes: list[int] = []
    for i in range(n):
        t0 = time.perf_counter()
        codes.append(call(i))
        times.append(time.perf_counter() - t0)
    return times, codes
