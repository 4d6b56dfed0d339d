"""Settings: read once from the environment into a frozen object and passed down.

Nothing else in the project reads ``os.environ``.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_SECRET = "jisr-dev-signing-key-not-for-production"
DEFAULT_PII_KEY = "ZGV2LXBpaS1rZXktbm90LWZvci1wcm9kdWN0aW9uLTA="  # base64 of 32 dev bytes

EVENT_BUSES = ("inprocess", "kafka")
SEARCH_BACKENDS = ("inprocess", "elasticsearch")
MODES = ("development", "production")


class SettingsError(ValueError):
    """A setting is missing, malformed or unsafe for the chosen mode."""


def _bool(value: str) -> bool:
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off", ""):
        return False
    raise SettingsError(f"not a boolean: {value!r}")


@dataclass(frozen=True)
class Settings:
    """Every knob of a Jisr process. Build with :meth:`from_env` or directly in tests."""

    mode: str = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    var_dir: Path = Path("var")
    database_url: str = ""  # may contain "{service}"; empty means SQLite under var_dir
    auth_database_url: str = ""
    event_bus: str = "inprocess"
    bus_url: str = ""  # in-process bus log; empty means SQLite under var_dir
    search_backend: str = "inprocess"
    kafka_bootstrap: str = "127.0.0.1:9092"
    kafka_topic_prefix: str = "jisr"
    es_url: str = "http://127.0.0.1:9200"
    es_index_prefix: str = "jisr"
    admin_token: str = ""
    signing_keys: tuple[str, ...] = (DEFAULT_SECRET,)  # first signs; all verify
    pii_keys: tuple[str, ...] = (DEFAULT_PII_KEY,)  # first encrypts; all decrypt
    esco_dir: Path | None = None
    seed_demo: bool = True
    max_body_bytes: int = 256 * 1024
    max_page_size: int = 100
    kiosk_rate_limit: int = 120  # requests per window, per token and per client address
    kiosk_rate_window_s: float = 60.0
    default_token_ttl_s: int = 8 * 3600
    relay_interval_s: float = 0.2
    consumer_max_attempts: int = 5
    consumer_group_suffix: str = ""  # a new suffix replays every topic from the start
    extra: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Read the settings from an environment mapping and validate them."""
        get = env.get
        esco = get("JISR_ESCO_DIR", "")
        settings = cls(
            mode=get("JISR_MODE", "development"),
            host=get("JISR_HOST", "127.0.0.1"),
            port=int(get("PORT", "8000")),
            var_dir=Path(get("JISR_VAR", "var")),
            database_url=get("DATABASE_URL", ""),
            auth_database_url=get("AUTH_DATABASE_URL", ""),
            event_bus=get("EVENT_BUS", "inprocess"),
            bus_url=get("JISR_BUS_URL", ""),
            search_backend=get("SEARCH_BACKEND", "inprocess"),
            kafka_bootstrap=get("KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
            kafka_topic_prefix=get("KAFKA_TOPIC_PREFIX", "jisr"),
            es_url=get("ES_URL", "http://127.0.0.1:9200"),
            es_index_prefix=get("ES_INDEX_PREFIX", "jisr"),
            admin_token=get("JISR_ADMIN_TOKEN", ""),
            signing_keys=_keys(get("JISR_SIGNING_KEYS", ""), DEFAULT_SECRET),
            pii_keys=_keys(get("JISR_PII_KEYS", ""), DEFAULT_PII_KEY),
            esco_dir=Path(esco) if esco else None,
            seed_demo=_bool(get("JISR_SEED_DEMO", "1")),
            max_body_bytes=int(get("JISR_MAX_BODY_BYTES", str(256 * 1024))),
            max_page_size=int(get("JISR_MAX_PAGE_SIZE", "100")),
            kiosk_rate_limit=int(get("JISR_KIOSK_RATE_LIMIT", "120")),
            kiosk_rate_window_s=float(get("JISR_KIOSK_RATE_WINDOW_S", "60")),
            consumer_group_suffix=get("JISR_CONSUMER_GROUP_SUFFIX", ""),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        """Refuse unknown adapters and unsafe production settings."""
        if self.mode not in MODES:
            raise SettingsError(f"JISR_MODE must be one of {MODES}, not {self.mode!r}")
        if self.event_bus not in EVENT_BUSES:
            raise SettingsError(f"EVENT_BUS must be one of {EVENT_BUSES}, not {self.event_bus!r}")
        if self.search_backend not in SEARCH_BACKENDS:
            raise SettingsError(
                f"SEARCH_BACKEND must be one of {SEARCH_BACKENDS}, not {self.search_backend!r}"
            )
        if self.host != "127.0.0.1" and self.mode == "development":
            raise SettingsError("development mode binds to 127.0.0.1 only")
        if self.mode == "production":
            if DEFAULT_SECRET in self.signing_keys or not self.signing_keys:
                raise SettingsError("production needs JISR_SIGNING_KEYS (not the default)")
            if DEFAULT_PII_KEY in self.pii_keys or not self.pii_keys:
                raise SettingsError("production needs JISR_PII_KEYS (not the default)")
            if self.admin_token and len(self.admin_token) < 24:
                raise SettingsError("JISR_ADMIN_TOKEN is too short for production")
            if self.event_bus == "inprocess" or not self.database_url:
                raise SettingsError(
                    "production needs Kafka and DATABASE_URL, not embedded adapters"
                )

    def db_url(self, service: str) -> str:
        """The store URL of one service (``{service}`` in DATABASE_URL is replaced)."""
        if self.database_url:
            return self.database_url.replace("{service}", service)
        return f"sqlite:///{self.var_dir / (service + '.db')}"

    def auth_db_url(self) -> str:
        """Where tokens and revocations live (shared by every process of one deployment)."""
        return self.auth_database_url or self.db_url("auth")

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with some fields changed (tests, CLI)."""
        return replace(self, **changes)  # type: ignore[arg-type]


def _keys(raw: str, default: str) -> tuple[str, ...]:
    keys = tuple(k.strip() for k in raw.split(",") if k.strip())
    return keys or (default,)


def random_secret() -> str:
    """A fresh secret, for tests and for operators generating keys."""
    return secrets.token_urlsafe(32)
