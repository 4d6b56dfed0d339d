"""Settings: unknown adapters and unsafe production settings are refused."""

from __future__ import annotations

import pytest

from shared.config import Settings, SettingsError


def test_defaults_are_embedded() -> None:
    s = Settings.from_env({})
    assert (s.event_bus, s.search_backend, s.port, s.host) == (
        "inprocess",
        "inprocess",
        8000,
        "127.0.0.1",
    )
    assert s.db_url("skills").endswith("var/skills.db")


@pytest.mark.parametrize(
    "env", [{"EVENT_BUS": "rabbit"}, {"SEARCH_BACKEND": "solr"}, {"JISR_MODE": "x"}]
)
def test_unknown_names_are_errors(env: dict[str, str]) -> None:
    with pytest.raises(SettingsError):
        Settings.from_env(env)


def test_production_refuses_default_secrets() -> None:
    with pytest.raises(SettingsError, match="SIGNING"):
        Settings.from_env({"JISR_MODE": "production"})
    with pytest.raises(SettingsError, match="PII"):
        Settings.from_env({"JISR_MODE": "production", "JISR_SIGNING_KEYS": "a" * 40})


def test_database_url_template() -> None:
    s = Settings.from_env({"DATABASE_URL": "postgresql+psycopg://jisr@127.0.0.1/jisr_{service}"})
    assert s.db_url("matching").endswith("/jisr_matching")
