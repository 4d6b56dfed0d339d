"""The three services as separate gunicorn processes on real Kafka, Elasticsearch, PostgreSQL.

Each test session gets its own databases, Kafka topic prefix and index prefix, so runs
never see each other's data; everything started here is stopped here.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.conftest import REPO

ADMIN = "e2e-admin-token-0123456789abcdef"
PORTS = {"employers": 8111, "skills": 8112, "matching": 8113}


@dataclass
class Cluster:
    """Running service processes and how to reach them."""

    env: dict[str, str]
    log_dir: Path
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    ports: dict[str, int] = field(default_factory=lambda: dict(PORTS))
    run: str = ""

    def url(self, service: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}{path}"

    def call(self, method: str, service: str, path: str, body: Any = None, token: str = ADMIN):
        return requests.request(
            method,
            self.url(service, path),
            json=body,
            timeout=30,
            headers={"Authorization": f"Bearer {token}"},
        )

    def start(self, service: str, name: str | None = None, **env: str) -> None:
        """Start ``service`` as process ``name`` (default: the service), with extra env."""
        name = name or service
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        self.procs[name] = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "deploy/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.ports[name]}",
                f'services.distributed:create("{service}")',
            ],
            cwd=REPO,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: _ok(self.url(name, f"/{service}/healthz")), 90, f"{name} up")

    def kill(self, service: str, sig: int = signal.SIGKILL) -> None:
        proc = self.procs.pop(service)
        os.killpg(proc.pid, sig)
        proc.wait(30)

    def stop_all(self) -> None:
        for service in list(self.procs):
            self.kill(service, signal.SIGTERM)


def _ok(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def wait_for(check, timeout_s: float, what: str, every: float = 0.2):  # type: ignore[no-untyped-def]
    """Poll ``check`` until truthy; fail naming ``what`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")


def _drop_es_and_topics(es_url: str, bootstrap: str, prefix: str) -> None:
    """Remove this run's indices and topics (best effort: a leftover costs only disk)."""
    requests.delete(f"{es_url}/{prefix}*", timeout=30)
    from kafka.admin import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
    try:
        mine = [t for t in admin.list_topics() if t.startswith(prefix + ".")]
        if mine:
            admin.delete_topics(mine)
    finally:
        admin.close()


@pytest.fixture(scope="session")
def cluster(
    kafka_bootstrap: str, es_url: str, postgres_url_template: str, tmp_path_factory
) -> Iterator[Cluster]:
    run = uuid.uuid4().hex[:8]
    base = postgres_url_template.replace("jisr@", "jisr:jisr@")
    admin = create_engine(base.replace("{service}", "test"), isolation_level="AUTOCOMMIT")
    dbs = [f"jisr_e2e_{run}_{s}" for s in ("employers", "skills", "matching", "auth")]
    dbs.append(f"jisr_e2e_{run}r_matching")  # an empty store for the replay test
    with admin.connect() as conn:
        for db in dbs:
            conn.execute(text(f'CREATE DATABASE "{db}"'))
    var = tmp_path_factory.mktemp("e2e-var")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("JISR_", "DATABASE_URL"))},
        "EVENT_BUS": "kafka",
        "SEARCH_BACKEND": "elasticsearch",
        "KAFKA_BOOTSTRAP": kafka_bootstrap,
        "KAFKA_TOPIC_PREFIX": f"e2e{run}",
        "ES_URL": es_url,
        "ES_INDEX_PREFIX": f"e2e{run}",
        "DATABASE_URL": base.replace("jisr_{service}", f"jisr_e2e_{run}_{{service}}"),
        "AUTH_DATABASE_URL": base.replace("jisr_{service}", f"jisr_e2e_{run}_auth"),
        "JISR_ADMIN_TOKEN": ADMIN,
        "JISR_SEED_DEMO": "0",
        "JISR_VAR": str(var),
        "PYTHONPATH": str(REPO),
    }
    cluster = Cluster(env, var, run=run)
    try:
        for service in PORTS:
            cluster.start(service)
        yield cluster
    finally:
        cluster.stop_all()
        _drop_es_and_topics(es_url, kafka_bootstrap, f"e2e{run}")
        with admin.connect() as conn:
            for db in dbs:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
        admin.dispose()
