"""A person's rights end to end: the export holds everything the skills service keeps
about them; erasure wipes it there, reaches matching (index, read models, outcomes) and
leaves only anonymised outcomes behind."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import select

from services.matching.adapters import tables as mt
from services.matching.service_layer.readmodels import id_hash
from services.skills.adapters import tables as st
from shared.crypto import Vault
from tests.security.world import build_world, returnee_body, settings_for

BOUND_S = 5.0
# Tables of the skills service that hold nothing about one person.
NOT_ABOUT_A_PERSON = {"outbox", "inbox", "kiosk_failures", "taxonomy_labels"}


@pytest.fixture(scope="module")
def world(tmp_path_factory, starter):
    w = build_world(settings_for(tmp_path_factory.mktemp("rights")), starter)
    yield w
    w.platform.stop()


def full_person(world) -> str:
    """A person with something in every table of the skills service."""
    http, token = world.http, world.tokens["counsellor"]
    body = returnee_body(world.a.centre, name="Karim Nasser", gender="male")
    body["personal"].update(
        phone="+20 111 222 3333", email="k.n@example.org", address="3 Tahrir St", birth_year=1990
    )
    rid = str(http.ok("POST", "/skills/v1/returnees", body, token=token)["id"])
    base = f"/skills/v1/returnees/{rid}"
    for uri in world.skills:
        http.ok("POST", f"{base}/skills", {"uri": uri, "evidence": "certified"}, token=token)
    http.ok("POST", f"{base}/experience", {"occupation": world.occupation, "years": 4}, token=token)
    http.ok("PUT", f"{base}/aspirations", {"occupations": [world.occupation]}, token=token)
    http.ok("DELETE", f"{base}/consents/contact_by_employers", {"note": "by phone"}, token=token)
    code = http.ok("POST", f"{base}/kiosk-codes", {}, token=token)["code"]
    http.ok("POST", "/skills/v1/kiosk/redeem", {"code": code}, token=world.tokens["kiosk"])
    http.ok("POST", f"{base}/kiosk-codes", {}, token=token)  # one used, one open
    http.ok(
        "POST",
        f"{base}/referrals",
        {"provider": "Welding Institute", "purpose": "referral_to_training", "training": "MIG"},
        token=token,
    )
    http.ok("GET", base, token=token, query={"include": "personal", "purpose": "counselling"})
    return rid


def person_columns(table) -> list[str]:
    return [c for c in ("returnee_id", "subject") if c in table.c] or (
        ["id"] if table.name == "returnees" else []
    )


def test_the_export_holds_every_row_about_the_person(world) -> None:
    rid = full_person(world)
    export = world.http.ok(
        "GET", f"/skills/v1/returnees/{rid}/export", token=world.tokens["counsellor"]
    )
    assert export["format"] == "jisr.skills.export/1"
    text = json.dumps(export)
    vault = Vault(world.platform.settings.pii_keys)
    covered = set()
    with world.platform.skills.runtime.engine.connect() as conn:
        for name, table in st.metadata.tables.items():
            links = person_columns(table)
            if name in NOT_ABOUT_A_PERSON:
                assert not set(links) - {"id"}, f"{name} is about a person after all"
                continue
            assert links, f"{name}: neither about a person nor listed as not about one"
            rows = conn.execute(select(table).where(table.c[links[0]] == rid)).mappings().all()
            assert rows, f"the test person has no {name} row: the check proves nothing"
            covered.add(name)
            for row in rows:
                if name == "personal_details":
                    assert export["personal"] == vault.open(row["sealed"])
                    continue
                assert row.get("id") in text, f"{name} row {row.get('id')} is not exported"
    assert covered == set(st.metadata.tables) - NOT_ABOUT_A_PERSON
    assert export["personal"]["birth_year"] == 1990
    assert export["consents"]["current"]["contact_by_employers"] is False
    assert export["consents"]["history"][-1]["note"] == "by phone"
    assert [r["training"] for r in export["referrals"]] == ["MIG"]
    assert {c["used_at"] is None for c in export["kiosk_codes"]} == {True, False}
    assert export["audit"][-1]["action"] == "export"  # the export lists its own disclosure
    assert all("code_hash" not in c for c in export["kiosk_codes"] + export["referrals"])


def test_erasure_reaches_every_service(world) -> None:
    http, platform, a = world.http, world.platform, world.a
    rid = full_person(world)
    referral = http.ok(
        "POST",
        f"/skills/v1/returnees/{rid}/referrals",
        {"provider": "P", "purpose": "referral_to_training"},
        token=world.tokens["counsellor"],
    )["code"]
    http.ok(
        "POST",
        "/employers/v1/placements",
        {"vacancy_id": a.vacancy, "returnee_id": rid, "start_date": "2026-03-01"},
    )
    platform.drain()  # matching knows the person before outcomes are recorded
    for stage, role in (("applied", "counsellor"), ("hired", "employer")):
        http.ok(
            "POST",
            "/matching/v1/outcomes",
            {"returnee_id": rid, "vacancy_id": a.vacancy, "stage": stage},
            token=world.tokens[role],
        )
    platform.drain()
    assert rid in platform.matching.reads.profiles
    assert http.ok("GET", f"/matching/v1/returnees/{rid}/outcomes")["items"]

    resp = http.call("DELETE", f"/skills/v1/returnees/{rid}", token=world.tokens["counsellor"])
    assert resp.status_code == 204

    # skills: nothing but a tombstone and the audit trail
    skills = platform.skills.runtime
    with skills.engine.connect() as conn:
        for name, table in st.metadata.tables.items():
            links = [c for c in person_columns(table) if c != "subject"]
            if name in NOT_ABOUT_A_PERSON or not links or name == "returnees":
                continue
            assert conn.execute(select(table).where(table.c[links[0]] == rid)).all() == []
        tomb = conn.execute(select(st.returnees).where(st.returnees.c.id == rid)).mappings().one()
        kept = {k for k, v in tomb.items() if v is not None}
        assert kept == {"id", "centre_id", "version", "created_at", "updated_at", "erased_at"}
        events = [
            json.loads(p)
            for p in conn.execute(
                select(skills.outbox.c.payload).where(skills.outbox.c.key == rid)
            ).scalars()
        ]
    assert [(e["type"], e["data"]) for e in events] == [("profile.erased", {"id": rid})]
    for path in ("", "/skills", "/consents", "/export"):
        assert http.call("GET", f"/skills/v1/returnees/{rid}{path}").status_code == 404
    assert http.call("GET", f"/skills/v1/referrals/{referral}").status_code == 404
    actions = [e["action"] for e in http.ok("GET", f"/skills/v1/audit?subject={rid}")["items"]]
    assert actions[0] == "erase"

    # matching: gone from the index and read models, outcomes anonymised, within a bound
    start = time.monotonic()
    while rid in platform.matching.reads.profiles:
        assert time.monotonic() - start < BOUND_S, "erasure did not reach matching"
        time.sleep(0.02)
    platform.drain()
    for vacancy in (a.vacancy, world.b.vacancy):
        found = http.ok("GET", f"/matching/v1/vacancies/{vacancy}/candidates?limit=100")
        assert rid not in [c["returnee_id"] for c in found["items"]]
    assert rid not in platform.matching.index._pro.docs  # type: ignore[attr-defined]
    for path in ("matches", "gaps", "outcomes"):
        assert http.call("GET", f"/matching/v1/returnees/{rid}/{path}").status_code == 404
    with platform.matching.runtime.engine.connect() as conn:
        assert conn.execute(select(mt.profiles).where(mt.profiles.c.id == rid)).all() == []
        assert (
            conn.execute(select(mt.erased_profiles.c.id_hash)).scalars().all().count(id_hash(rid))
            == 1
        )
        outcomes = conn.execute(
            select(mt.outcomes.c.returnee_id).where(mt.outcomes.c.vacancy_id == a.vacancy)
        ).scalars()
        aliases = [o for o in outcomes if o.startswith("erased-")]
        assert len(aliases) == 2 and len(set(aliases)) == 1
        assert conn.execute(select(mt.outcomes).where(mt.outcomes.c.returnee_id == rid)).all() == []
        placements = conn.execute(select(mt.placements.c.returnee_id, mt.placements.c.data)).all()
    assert all(r != rid and rid not in json.dumps(d) for r, d in placements)
    assert all(p.returnee_id != rid for p in platform.matching.reads.placements.values())
    # the programme still counts the anonymised hire
    indicators = http.ok("GET", "/matching/v1/indicators")
    assert indicators["outcomes_by_stage"]["hired"] >= 1
