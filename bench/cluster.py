"""Service processes on real Kafka, Elasticsearch and PostgreSQL, for the distributed section.

As ``tests/e2e/conftest.py`` does: each service is a gunicorn process
(``services.distributed:create``) with its own databases, Kafka topic prefix and index
prefix, unique to this run. :meth:`Cluster.cleanup` stops every process started here
and drops every database, index and topic created here.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import create_engine, text

from bench.common import (
    ESCO_DIR,
    REPO_ROOT,
    children,
    clean_env,
    free_port,
    gunicorn_command,
    rss_mb,
    var_dir_with_cache,
)
from tests import realservers

SERVICES = ("employers", "skills", "matching")


@dataclass
class Proc:
    """One gunicorn process: which service, where it listens, its log."""

    service: str
    port: int
    popen: subprocess.Popen[bytes]
    log: Path

    def url(self, path: str) -> str:
        """An absolute URL on this process."""
        return f"http://127.0.0.1:{self.port}{path}"

    def rss(self) -> dict[str, float | None]:
        """VmRSS (MB) of the gunicorn master and of its worker(s)."""
        workers = children(self.popen.pid)
        return {
            "master": rss_mb(self.popen.pid),
            "worker": sum(rss_mb(w) or 0.0 for w in workers) if workers else None,
        }


@dataclass
class Cluster:
    """Processes, databases, prefixes of one benchmark run, and how to remove them."""

    root: Path
    run: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    admin: str = field(default_factory=lambda: "bench-admin-" + uuid.uuid4().hex)
    procs: dict[str, Proc] = field(default_factory=dict)
    databases: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.kafka = realservers.ensure_up("kafka")["KAFKA_BOOTSTRAP"]
        self.es_url = realservers.ensure_up("elasticsearch")["ES_URL"]
        pg = realservers.ensure_up("postgres")["DATABASE_URL"]
        self.pg_template = pg.replace("jisr@", "jisr:jisr@")
        self._pg_admin = create_engine(
            self.pg_template.replace("{service}", "test"), isolation_level="AUTOCOMMIT"
        )

    def db_url(self, group: str, service: str) -> str:
        """The SQLAlchemy URL of one database of ``group``."""
        return self.pg_template.replace(
            "jisr_{service}", f"jisr_bench_{self.run}_{group}_{service}"
        )

    def create_databases(self, group: str, services: tuple[str, ...]) -> None:
        """``jisr_bench_<run>_<group>_<service>`` for each service (dropped by cleanup)."""
        with self._pg_admin.connect() as conn:
            for service in services:
                name = f"jisr_bench_{self.run}_{group}_{service}"
                conn.execute(text(f'CREATE DATABASE "{name}"'))
                self.databases.append(name)

    def env(self, group: str, prefix: str) -> dict[str, str]:
        """Settings of a process of ``group`` on the real servers, under ``prefix``."""
        self.prefixes.append(prefix)
        var = var_dir_with_cache(self.root / group)
        return clean_env(
            EVENT_BUS="kafka",
            SEARCH_BACKEND="elasticsearch",
            KAFKA_BOOTSTRAP=self.kafka,
            KAFKA_TOPIC_PREFIX=prefix,
            ES_URL=self.es_url,
            ES_INDEX_PREFIX=prefix,
            DATABASE_URL=self.db_url(group, "{service}"),
            AUTH_DATABASE_URL=self.db_url(group, "auth"),
            JISR_ADMIN_TOKEN=self.admin,
            JISR_SEED_DEMO="0",
            JISR_KIOSK_RATE_LIMIT="0",  # the search polls below would trip the kiosk limit
            JISR_VAR=str(var),
            JISR_ESCO_DIR=str(ESCO_DIR),
        )

    def start(self, name: str, service: str, env: dict[str, str], timeout_s: float = 180) -> Proc:
        """Start ``service`` as gunicorn and wait until its ``/healthz`` answers."""
        port = free_port()
        log = self.root / f"{name}.log"
        with log.open("ab") as out:
            popen = subprocess.Popen(
                gunicorn_command(f'services.distributed:create("{service}")', port),
                cwd=REPO_ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        proc = self.procs[name] = Proc(service, port, popen, log)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if popen.poll() is not None:
                raise RuntimeError(f"{name} exited: {log.read_text()[-3000:]}")
            try:
                if requests.get(proc.url(f"/{service}/healthz"), timeout=2).ok:
                    return proc
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"{name} not healthy after {timeout_s}s: {log.read_text()[-3000:]}")

    def call(
        self,
        name: str,
        method: str,
        path: str,
        body: Any = None,
        session: requests.Session | None = None,
        token: str | None = None,
    ) -> requests.Response:
        """An HTTP call to process ``name`` (admin token unless ``token``)."""
        headers = {"Authorization": f"Bearer {token or self.admin}"}
        send = session.request if session is not None else requests.request
        return send(method, self.procs[name].url(path), json=body, headers=headers, timeout=30)

    def stop_all(self) -> None:
        """SIGTERM each process group started here, newest first, and wait for it."""
        for name in reversed(list(self.procs)):
            proc = self.procs.pop(name)
            try:
                os.killpg(proc.popen.pid, signal.SIGTERM)
                proc.popen.wait(60)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(proc.popen.pid, signal.SIGKILL)
                proc.popen.wait(30)

    def cleanup(self) -> list[str]:
        """Stop the processes; drop databases, indices and topics; returns the failures."""
        failures: list[str] = []
        self.stop_all()
        try:
            with self._pg_admin.connect() as conn:
                for db in self.databases:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
            self._pg_admin.dispose()
        except Exception as exc:  # reported; the rest still runs
            failures.append(f"postgres: {exc}")
        try:
            from services.matching.adapters.es_index import ElasticsearchIndex

            for prefix in self.prefixes:
                index = ElasticsearchIndex(self.es_url, prefix)
                index.drop()
                index.close()
        except Exception as exc:
            failures.append(f"elasticsearch: {exc}")
        try:
            failures += _drop_kafka(self.kafka, self.prefixes)
        except Exception as exc:
            failures.append(f"kafka: {exc}")
        return failures


def _drop_kafka(bootstrap: str, prefixes: list[str]) -> list[str]:
    """Delete the topics and consumer groups named under ``prefixes``; a group whose
    members have not left yet is retried for up to a minute."""
    from kafka.admin import KafkaAdminClient

    mine = tuple(f"{p}." for p in prefixes)
    if not mine:
        return []
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="jisr-bench-cleanup")
    left: list[str] = []
    try:
        topics = [t for t in admin.list_topics() if t.startswith(mine)]
        if topics:
            admin.delete_topics(topics)
        deadline = time.monotonic() + 60
        while True:
            groups = [g[0] for g in admin.list_consumer_groups() if str(g[0]).startswith(mine)]
            results = admin.delete_consumer_groups(groups) if groups else []
            left = [str(g) for g, err in results if err is not None and err.errno != 0]
            if not left or time.monotonic() > deadline:
                break
            time.sleep(3)
    finally:
        admin.close()
    return [f"kafka: consumer group {g} not deleted" for g in left]


def service_pid(name: str) -> int | None:
    """The pid a deploy/local script recorded for ``kafka``, ``elasticsearch`` or ``postgres``."""
    base = Path(os.environ.get("JISR_VAR") or REPO_ROOT / "var") / "services"
    files = {
        "kafka": base / "kafka" / "kafka.pid",
        "elasticsearch": base / "elasticsearch" / "run" / "elasticsearch.pid",
        "postgres": base / "postgres" / "data" / "postmaster.pid",
    }
    try:
        first = files[name].read_text().splitlines()[0].strip()
        return int(first) if first.isdigit() else None
    except (OSError, IndexError):
        return None
