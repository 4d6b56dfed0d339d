"""Start the real servers of deploy/local for tests, and stop only what this session started.

``ensure_up("kafka")`` runs ``bash deploy/local/kafka.sh up`` unless the server is already
healthy, remembers whether this process started it, and returns its connection settings.
A server that cannot be started raises :class:`ServerError` carrying the script's output:
tests that need it fail with that output, they are never skipped.
"""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "deploy" / "local"
ALIASES = {"es": "elasticsearch", "pg": "postgres", "postgresql": "postgres"}
NAMES = ("kafka", "elasticsearch", "postgres")
UP_TIMEOUT_S = float(os.environ.get("JISR_UP_TIMEOUT", "120")) + 180  # a first fetch downloads

_started: list[str] = []
_lock = threading.Lock()


class ServerError(RuntimeError):
    """A deploy/local script failed; the message holds its output."""


def canonical(name: str) -> str:
    """``es`` -> ``elasticsearch``, ``pg`` -> ``postgres``; unknown names are an error."""
    name = ALIASES.get(name, name)
    if name not in NAMES:
        raise ValueError(f"unknown server {name!r} (one of {NAMES})")
    return name


def settings(name: str) -> dict[str, str]:
    """The connection settings of one server (ports from the same variables the scripts read)."""
    env = os.environ
    name = canonical(name)
    if name == "kafka":
        return {"KAFKA_BOOTSTRAP": f"127.0.0.1:{env.get('KAFKA_PORT', '9092')}"}
    if name == "elasticsearch":
        return {"ES_URL": f"http://127.0.0.1:{env.get('ES_PORT', '9200')}"}
    port = env.get("PG_PORT", "5432")
    return {"DATABASE_URL": f"postgresql+psycopg://jisr@127.0.0.1:{port}/jisr_{{service}}"}


def run_script(name: str, command: str, timeout_s: float = UP_TIMEOUT_S) -> tuple[int, str]:
    """Run ``bash deploy/local/<name>.sh <command>``; returns (exit code, stdout+stderr)."""
    script = SCRIPTS / f"{canonical(name)}.sh"
    try:
        done = subprocess.run(
            ["bash", str(script), command],
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout_s,
        )
    except subprocess.TimeoutExpired as exc:
        out = (_text(exc.stdout) + _text(exc.stderr)).strip()
        return 124, f"{script.name} {command} timed out after {timeout_s:.0f}s\n{out}"
    return done.returncode, (done.stdout + done.stderr).strip()


def _text(value: bytes | str | None) -> str:
    if value is None:
        return ""
    return value.decode(errors="replace") if isinstance(value, bytes) else value


def is_up(name: str) -> bool:
    """The script's status says healthy (exit 0)."""
    return run_script(name, "status", 30)[0] == 0


def ensure_up(name: str) -> dict[str, str]:
    """Make sure the server runs; start it if needed and remember that this session did."""
    name = canonical(name)
    with _lock:
        if not is_up(name):
            code, out = run_script(name, "up")
            if code != 0:
                raise ServerError(f"deploy/local/{name}.sh up failed (exit {code}):\n{out}")
            if name not in _started:
                _started.append(name)
    return settings(name)


def started() -> list[str]:
    """The servers this session started (oldest first)."""
    return list(_started)


def stop_started() -> list[str]:
    """Stop, newest first, only the servers this session started; returns the failures."""
    failures: list[str] = []
    with _lock:
        while _started:
            name = _started.pop()
            code, out = run_script(name, "down", 120)
            if code != 0:
                failures.append(f"{name}: exit {code}: {out}")
    return failures
