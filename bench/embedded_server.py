"""The embedded platform loaded with N vacancies, as a gunicorn app for the latency benchmark.

``gunicorn 'bench.embedded_server:create()'`` with ``BENCH_STATUS`` (a JSON file this
worker writes when ready), ``BENCH_VACANCIES``, ``BENCH_PEOPLE`` and ``BENCH_SEED``.
The platform is the one ``make run`` serves (:func:`services.embedded.build_platform`);
vacancies and people are drawn from real ESCO occupations (:mod:`bench.corpus`), parsed
into matching's read models and indexed with one ``index.rebuild``, the bulk form of
what the consumer does per event. The read-model tables in SQLite are not written.
"""

from __future__ import annotations

import gc
import json
import os
import random
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from bench import corpus
from bench.common import rss_mb
from services.embedded import build_platform
from shared.config import Settings
from shared.logs import configure_logging
from shared.messages import utcnow


def array_bytes(obj: Any, seen: set[int] | None = None) -> int:
    """Bytes of the numpy and scipy arrays reachable from an index adapter's objects
    (segments, masks, columns); read-model documents and Python dicts are not counted."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    if isinstance(obj, np.ndarray):
        return int(obj.nbytes)
    if sparse.issparse(obj):
        parts = (getattr(obj, name, None) for name in ("data", "indices", "indptr", "row", "col"))
        return sum(int(p.nbytes) for p in parts if isinstance(p, np.ndarray))
    if isinstance(obj, dict):
        return sum(array_bytes(v, seen) for v in obj.values())
    if isinstance(obj, list | tuple):
        return sum(array_bytes(v, seen) for v in obj)
    if type(obj).__module__.startswith("services.matching.adapters") and hasattr(obj, "__dict__"):
        return sum(array_bytes(v, seen) for k, v in vars(obj).items() if k != "docs")
    return 0


def _write(path: Path, status: dict[str, Any]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(status))
    tmp.replace(path)


def create() -> object:
    """Build and start the platform, load the benchmark's documents, report, serve."""
    configure_logging()
    env = os.environ
    status_file = Path(env["BENCH_STATUS"])
    n_vacancies = int(env.get("BENCH_VACANCIES", "10000"))
    n_people = int(env.get("BENCH_PEOPLE", "50"))
    rng = random.Random(int(env.get("BENCH_SEED", "7")))
    t0 = time.perf_counter()
    platform = build_platform(Settings.from_env(env))
    platform.start()
    c = platform.matching
    boot_s = time.perf_counter() - t0
    gc.collect()
    rss_boot = rss_mb()
    specs = corpus.occupations(platform.taxonomy)
    pool = corpus.skill_pool(specs)
    now = utcnow()
    t0 = time.perf_counter()
    vacancies = (
        corpus.vacancy(rng, rng.choice(specs), f"v{i:06d}", now, employer_id=f"e{i % 500:03d}")
        for i in range(n_vacancies)
    )
    people = [corpus.person(rng, rng.choice(specs), f"r{i:03d}", pool) for i in range(n_people)]
    corpus.put(c, vacancies, people)
    read_models_s = time.perf_counter() - t0
    gc.collect()
    rss_reads = rss_mb()
    t0 = time.perf_counter()
    corpus.reindex(c)
    c.index.vacancies_for(c.reads.profiles[people[0]["id"]], now)  # index pending segments
    index_s = time.perf_counter() - t0
    gc.collect()
    rss_index = rss_mb()
    token = platform.tokens.issue("counsellor", 6 * 3600, created_by="bench", centre_id="c1")
    _write(
        status_file,
        {
            "pid": os.getpid(),
            "vacancies": len(c.reads.vacancies),
            "people": [p["id"] for p in people],
            "token": token.token,
            "boot_s": round(boot_s, 2),
            "read_models_s": round(read_models_s, 2),
            "index_build_s": round(index_s, 2),
            "rss_mb": {"platform_booted": rss_boot, "read_models": rss_reads, "indexed": rss_index},
            "index_arrays_mb": round(array_bytes(c.index) / 2**20, 1),
        },
    )
    return platform.wsgi
