"""(d) Top-20 matches over HTTP on the embedded platform at 10k and 100k open vacancies.

For each size a gunicorn process (deploy/gunicorn.conf.py: one gthread worker) serves
:mod:`bench.embedded_server`, which loads that many vacancies drawn from real ESCO
occupations across ten Egyptian cities and 50 consented people. This process is the
client: one keep-alive ``requests.Session``, requests one after another, each
``GET /matching/v1/returnees/{id}/matches?limit=20`` with a counsellor token, cycling
over the people in a seeded order; the first ``WARMUP`` are not counted.
Memory is VmRSS of the worker from ``/proc/<pid>/status``.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

from bench.common import (
    ESCO_DIR,
    REPO_ROOT,
    clean_env,
    free_port,
    gunicorn_command,
    percentiles,
    rss_mb,
    taxonomy,
    timed_calls,
    var_dir_with_cache,
)

SIZES = (10_000, 100_000)
REQUESTS = 400
WARMUP = 20
PEOPLE = 50
START_TIMEOUT_S = 900.0


def _wait_ready(
    proc: subprocess.Popen[bytes], status: Path, port: int, log: Path
) -> dict[str, Any]:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}): {log.read_text()[-2000:]}")
        if status.exists():
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                    found: dict[str, Any] = json.loads(status.read_text())
                    return found
            except requests.RequestException:
                pass
        time.sleep(0.2)
    raise TimeoutError(f"embedded server not ready after {START_TIMEOUT_S}s")


def measure(n_vacancies: int, n_requests: int = REQUESTS, seed: int = 7) -> dict[str, Any]:
    """Start a server with ``n_vacancies``, time ``n_requests`` match requests, stop it."""
    taxonomy()  # the parsed ESCO cache exists before the server looks for it
    with tempfile.TemporaryDirectory(prefix="jisr-bench-latency-") as tmp:
        var = var_dir_with_cache(Path(tmp) / "var")
        status, log = Path(tmp) / "status.json", Path(tmp) / "server.log"
        port = free_port()
        env = clean_env(
            JISR_VAR=str(var),
            JISR_ESCO_DIR=str(ESCO_DIR),
            JISR_SEED_DEMO="0",
            BENCH_STATUS=str(status),
            BENCH_VACANCIES=str(n_vacancies),
            BENCH_PEOPLE=str(PEOPLE),
            BENCH_SEED=str(seed),
        )
        started = time.perf_counter()
        with log.open("ab") as out:
            proc = subprocess.Popen(
                gunicorn_command("bench.embedded_server:create()", port),
                cwd=REPO_ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            ready = _wait_ready(proc, status, port, log)
            startup_s = time.perf_counter() - started
            people = list(ready["people"])
            order = [random.Random(seed).choice(people) for _ in range(n_requests + WARMUP)]
            session = requests.Session()
            session.headers["Authorization"] = f"Bearer {ready['token']}"
            base = f"http://127.0.0.1:{port}/matching/v1/returnees"
            sizes: list[int] = []

            def call(i: int) -> int:
                resp = session.get(f"{base}/{order[i]}/matches", params={"limit": 20}, timeout=30)
                if resp.ok:
                    sizes.append(len(resp.json()["items"]))
                return resp.status_code

            timed_calls(call, WARMUP)
            sizes.clear()
            times, codes = timed_calls(lambda i: call(i + WARMUP), n_requests)
            worker = int(ready["pid"])
            rss_served = rss_mb(worker)
            master_rss = rss_mb(proc.pid)
            session.close()
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(60)
    return {
        "vacancies": ready["vacancies"],
        "people": len(people),
        "latency_ms": percentiles(times),
        "non_200": sum(code != 200 for code in codes),
        "mean_items": round(sum(sizes) / len(sizes), 1) if sizes else 0,
        "startup_s": round(startup_s, 1),
        "platform_boot_s": ready["boot_s"],
        "read_models_s": ready["read_models_s"],
        "index_build_s": ready["index_build_s"],
        "rss_mb": {**ready["rss_mb"], "after_requests": rss_served, "gunicorn_master": master_rss},
        "index_arrays_mb": ready["index_arrays_mb"],
    }


def run(sizes: tuple[int, ...] = SIZES) -> dict[str, Any]:
    """Latency and memory at each size (keys ``10k``, ``100k``)."""
    return {f"{n // 1000}k": measure(n) for n in sizes}
