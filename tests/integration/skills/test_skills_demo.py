"""The demo seed: a dozen consented returnees with skills, idempotent."""

from __future__ import annotations

from services.skills import demo
from services.skills.adapters import tables as t


def test_seed_registers_a_dozen_returnees_once(env):
    ids = demo.seed(env.container, "c1")
    assert len(ids) == 12 and len(set(ids)) == 12
    assert env.count(t.returnees) == 12 and env.count(t.skill_records) > 12
    assert demo.seed(env.container, "c1") == ids and env.count(t.returnees) == 12
    page = env.call("GET", "/returnees?page_size=50").get_json()
    assert page["total"] == 12
    registered = env.events("profile.registered")
    assert all(e["data"]["consents"]["matching"] for e in registered)
    assert {e["data"]["location"]["city"] for e in registered} >= {"Cairo", "Tunis", "Baghdad"}
    assert "Amira" not in env.outbox_text()
