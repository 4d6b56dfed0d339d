"""(e) The three services as gunicorn processes on Kafka, Elasticsearch and PostgreSQL.

Real servers come from ``tests/realservers.ensure_up`` (those this run started are
stopped at the end). Figures:

The kiosk rate limit is switched off in these processes (``JISR_KIOSK_RATE_LIMIT=0``):
it applies to every role's searches, and the polling would trip it.

- freshness: a vacancy POSTed to employers until ``POST /matching/v1/search/vacancies``
  with its unique word finds it, polled every 20 ms, one vacancy at a time;
- ingest: ``INGEST_N`` vacancies POSTed by ``INGEST_THREADS`` client threads, until a
  search for their shared word counts all of them (API, outbox relay, Kafka, consumer,
  PostgreSQL read model, Elasticsearch);
- match latency at 100k vacancies in Elasticsearch: 100k vacancy read-model rows are
  bulk-inserted into a separate PostgreSQL database, and a separate matching process
  (own topic and index prefix) bulk-loads them into Elasticsearch at start with
  ``ElasticsearchIndex.rebuild`` (the API path would take too long); then top-20
  matches over HTTP as in the latency section;
- memory: VmRSS of the Kafka, Elasticsearch and PostgreSQL processes (pid files) and of
  each gunicorn master and worker, measured with the 100k index loaded.
"""

from __future__ import annotations

import random
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import create_engine, insert

from bench import corpus
from bench.cluster import SERVICES, Cluster, service_pid
from bench.common import percentiles, rss_mb, taxonomy, timed_calls, tree_rss_mb
from services.matching.adapters import tables
from shared.db.migrate import prepare_schema
from shared.messages import utcnow
from tests import realservers

FRESHNESS_N = 100
INGEST_N = 2000
INGEST_THREADS = 8
BIG_N = 100_000
PEOPLE = 50
REQUESTS = 400
WARMUP = 20
POLL_S = 0.02


def _word(prefix: str, i: int) -> str:
    """A unique word of letters only (survives any tokeniser)."""
    letters = ""
    while True:
        i, r = divmod(i, 26)
        letters += chr(97 + r)
        if i == 0:
            return prefix + letters


def _vacancy_body(rng: random.Random, spec: corpus.OccupationSpec, word: str) -> dict[str, Any]:
    city = corpus.place(rng)
    skills = [{"uri": s, "essential": True} for s in spec.essential[:8]]
    skills += [{"uri": s, "essential": False} for s in spec.optional[:3]]
    return {
        "title": f"{spec.labels[0]} {word}"[:200],
        "description": f"We are hiring. {spec.sentence}",
        "occupation": spec.uri,
        "skills": skills,
        "location": city,
        "closes_at": (utcnow() + timedelta(days=60)).isoformat(),
    }


def _visible(c: Cluster, word: str, session: requests.Session) -> tuple[list[str], int]:
    resp = c.call(
        "matching", "POST", "/matching/v1/search/vacancies", {"q": word, "page_size": 5}, session
    )
    if resp.status_code != 200:
        return [], 0
    body = resp.json()
    return [i["vacancy_id"] for i in body["items"]], int(body["total"])


def freshness(c: Cluster, employer: str, specs: list[corpus.OccupationSpec]) -> dict[str, Any]:
    """Posted -> searchable, one vacancy at a time (``FRESHNESS_N`` samples)."""
    rng = random.Random(11)
    post_s: list[float] = []
    fresh_s: list[float] = []
    missed = 0
    session = requests.Session()
    path = f"/employers/v1/employers/{employer}/vacancies"
    for i in range(FRESHNESS_N):
        if missed >= 5:
            break  # something is broken; the figures say so
        word = _word(f"fresh{c.run[:4]}", i)
        t0 = time.perf_counter()
        resp = c.call(
            "employers", "POST", path, _vacancy_body(rng, rng.choice(specs), word), session
        )
        post_s.append(time.perf_counter() - t0)
        if resp.status_code != 201:
            missed += 1
            continue
        vid = resp.json()["id"]
        while time.perf_counter() - t0 < 20:
            if vid in _visible(c, word, session)[0]:
                fresh_s.append(time.perf_counter() - t0)
                break
            time.sleep(POLL_S)
        else:
            missed += 1
    return {
        "freshness_ms": percentiles(fresh_s, digits=0),
        "post_ms": percentiles(post_s),
        "not_visible_in_20s": missed,
    }


def ingest(c: Cluster, employer: str, specs: list[corpus.OccupationSpec]) -> dict[str, Any]:
    """``INGEST_N`` vacancies through API, bus and index with concurrent client threads."""
    word = _word("ingest", int(c.run[:6], 16))
    rng = random.Random(12)
    bodies = [_vacancy_body(rng, rng.choice(specs), word) for _ in range(INGEST_N)]
    local = threading.local()
    path = f"/employers/v1/employers/{employer}/vacancies"

    def post(body: dict[str, Any]) -> int:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return c.call("employers", "POST", path, body, local.session).status_code

    t0 = time.perf_counter()
    with ThreadPoolExecutor(INGEST_THREADS) as pool:
        codes = list(pool.map(post, bodies))
    api_s = time.perf_counter() - t0
    accepted = sum(code == 201 for code in codes)
    session = requests.Session()
    total = 0
    while time.perf_counter() - t0 < 600:
        total = _visible(c, word, session)[1]
        if total >= accepted:
            break
        time.sleep(0.05)
    all_s = time.perf_counter() - t0
    return {
        "vacancies": INGEST_N,
        "client_threads": INGEST_THREADS,
        "accepted": accepted,
        "searchable": total,
        "api_s": round(api_s, 2),
        "api_per_s": round(accepted / api_s, 1),
        "all_searchable_s": round(all_s, 2),
        "end_to_end_per_s": round(total / all_s, 1),
    }


def _fill_big(
    c: Cluster, group: str, specs: list[corpus.OccupationSpec]
) -> tuple[float, list[str]]:
    """Bulk-insert ``BIG_N`` vacancy and ``PEOPLE`` profile read-model rows."""
    engine = create_engine(c.db_url(group, "matching"))
    prepare_schema("matching", engine, tables.metadata)
    rng = random.Random(13)
    now = utcnow()
    pool = corpus.skill_pool(specs)
    t0 = time.perf_counter()
    with engine.begin() as conn:
        for start in range(0, BIG_N, 5000):
            rows = []
            for i in range(start, min(start + 5000, BIG_N)):
                data = corpus.vacancy(rng, rng.choice(specs), f"v{i:06d}", now, employer_id="e1")
                rows.append({"id": data["id"], "version": 1, "data": data, "updated_at": now})
                rows[-1]["employer_id"] = data["employer_id"]
            conn.execute(insert(tables.vacancies), rows)
        people = [corpus.person(rng, rng.choice(specs), f"r{i:03d}", pool) for i in range(PEOPLE)]
        conn.execute(
            insert(tables.profiles),
            [
                {"id": p["id"], "version": 1, "data": p, "updated_at": now, "centre_id": "c1"}
                for p in people
            ],
        )
    engine.dispose()
    return time.perf_counter() - t0, [p["id"] for p in people]


def es_latency(c: Cluster, specs: list[corpus.OccupationSpec]) -> dict[str, Any]:
    """Top-20 matches over HTTP from a matching process on a 100k-vacancy index."""
    group = "big"
    c.create_databases(group, ("matching", "auth"))
    insert_s, people = _fill_big(c, group, specs)
    t0 = time.perf_counter()
    c.start("matching-100k", "matching", c.env(group, f"bench{c.run}big"), timeout_s=900)
    boot_s = time.perf_counter() - t0
    resp = c.call(
        "matching-100k",
        "POST",
        "/auth/v1/tokens",
        {"role": "counsellor", "centre_id": "c1", "ttl_s": 3600},
    )
    token = resp.json()["token"]
    session = requests.Session()
    order = [random.Random(14).choice(people) for _ in range(REQUESTS + WARMUP)]

    def call(i: int) -> int:
        path = f"/matching/v1/returnees/{order[i]}/matches?limit=20"
        return c.call("matching-100k", "GET", path, None, session, token).status_code

    timed_calls(call, WARMUP)
    times, codes = timed_calls(lambda i: call(i + WARMUP), REQUESTS)
    from elasticsearch import Elasticsearch

    # ElasticsearchIndex.counts() stops at 10,000 (its msearch has no track_total_hits)
    client = Elasticsearch(c.es_url)
    found = client.count(index=f"bench{c.run}big-vacancies", query={"term": {"deleted": False}})
    client.close()
    return {
        "load_path": "PostgreSQL bulk insert of read models, then ElasticsearchIndex.rebuild "
        "(bulk API) at matching start-up, own index prefix",
        "vacancies_indexed": int(found["count"]),
        "insert_read_models_s": round(insert_s, 1),
        "matching_start_with_es_rebuild_s": round(boot_s, 1),
        "latency_ms": percentiles(times),
        "non_200": sum(code != 200 for code in codes),
    }


def memory(c: Cluster) -> dict[str, Any]:
    """VmRSS (MB) of the real servers and of every gunicorn process."""
    out: dict[str, Any] = {}
    for name in ("elasticsearch", "kafka", "postgres"):
        pid = service_pid(name)
        out[name] = {"rss_mb": rss_mb(pid) if pid else None}
        if name == "postgres" and pid:
            out[name]["with_backends_mb"] = tree_rss_mb(pid)
    out["gunicorn"] = {name: proc.rss() for name, proc in c.procs.items()}
    return out


def run() -> dict[str, Any]:
    """Start everything, measure, clean up (also after a failure)."""
    specs = corpus.occupations(taxonomy())
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="jisr-bench-dist-") as tmp:
        c: Cluster | None = None
        try:
            t0 = time.perf_counter()
            c = Cluster(Path(tmp))
            figures["servers_up_s"] = round(time.perf_counter() - t0, 1)
            figures["servers_started_here"] = realservers.started()
            figures.update(_measure(c, specs))
        finally:
            failures = c.cleanup() if c is not None else []
            figures["cleanup_failures"] = failures + realservers.stop_started()
    return figures


def _measure(c: Cluster, specs: list[corpus.OccupationSpec]) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    c.create_databases("main", (*SERVICES, "auth"))
    env = c.env("main", f"bench{c.run}")
    t0 = time.perf_counter()
    for service in SERVICES:
        c.start(service, service, env)
    figures["services_start_s"] = round(time.perf_counter() - t0, 1)
    resp = c.call(
        "employers",
        "POST",
        "/employers/v1/employers",
        {"name": "Bench Builders", "location": corpus.place(random.Random(1))},
    )
    resp.raise_for_status()
    employer = str(resp.json()["id"])
    figures["freshness"] = freshness(c, employer, specs)
    figures["ingest"] = ingest(c, employer, specs)
    figures["es_100k"] = es_latency(c, specs)
    figures["memory"] = memory(c)
    return figures
