"""The event envelope that every service writes to its outbox and the bus carries."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def new_id() -> str:
    """A new random identifier (uuid4 hex, no dashes)."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Envelope:
    """One event: ``subject`` is the entity id (the Kafka key), ``version`` the entity version."""

    type: str
    source: str
    subject: str
    version: int
    data: dict[str, Any]
    id: str = field(default_factory=new_id)
    time: str = field(default_factory=lambda: utcnow().isoformat())

    def to_json(self) -> str:
        """Serialise to compact JSON."""
        return json.dumps(asdict(self), separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, raw: str | bytes) -> Envelope:
        """Parse an envelope; raises ``ValueError`` on anything malformed."""
        try:
            obj = json.loads(raw)
            return cls(
                type=str(obj["type"]),
                source=str(obj["source"]),
                subject=str(obj["subject"]),
                version=int(obj["version"]),
                data=dict(obj["data"]),
                id=str(obj["id"]),
                time=str(obj["time"]),
            )
        except (KeyError, TypeError, json.JSONDecodeError) as exc:
            raise ValueError(f"malformed envelope: {exc}") from exc


def topic_for(prefix: str, service: str, entity: str) -> str:
    """Topic naming rule: ``<prefix>.<service>.<entity>``."""
    return f"{prefix}.{service}.{entity}"
