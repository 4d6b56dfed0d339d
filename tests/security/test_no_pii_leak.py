"""Personal details never leave the vault: not in events, the index, read models or logs.

A person with unique personal details and every consent goes through everything that
touches them (registration, change, audited read, export, matches and candidates, a kiosk
session, a referral packet); then every outbox of every service, the bus log, matching's
read models (tables and memory), the in-memory index, every store file on disk and every
log line are searched for each planted string.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import MetaData, create_engine, select

from shared.logs import JsonFormatter
from shared.taxonomy.taxonomy import Taxonomy
from tests.security.world import build_world, returnee_body, settings_for

PLANTED = {
    "name": "Zaphirella Quonsetworth",
    "phone": "+20 177 4242 9191",
    "email": "zaphirella.q7@example.org",
    "address": "77 Quonsetworth Lane, Giza",
}
# Each word on its own too: an index tokenises and lowercases what it is given.
NEEDLES = sorted(
    {v.lower() for v in PLANTED.values()}
    | {"zaphirella", "quonsetworth", "4242 9191", "zaphirella.q7"}
)


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    """Every log record of every logger, as the JSON lines shared.logs writes."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


def strings_in(obj: Any, seen: set[int] | None = None, depth: int = 0) -> Iterator[str]:
    """Every string reachable from ``obj`` (containers, attributes, numpy arrays)."""
    seen = set() if seen is None else seen
    if id(obj) in seen or depth > 40 or isinstance(obj, Taxonomy):
        return  # the taxonomy holds ESCO labels only; walking it would take long
    seen.add(id(obj))
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, bytes):
        yield obj.decode("utf-8", "replace")
    elif isinstance(obj, np.ndarray):
        if obj.dtype.kind in "OUS":
            for item in obj.ravel().tolist():
                yield from strings_in(item, seen, depth + 1)
    elif isinstance(obj, dict):
        for key, value in list(obj.items()):
            yield from strings_in(key, seen, depth + 1)
            yield from strings_in(value, seen, depth + 1)
    elif isinstance(obj, list | tuple | set | frozenset):
        for item in list(obj):
            yield from strings_in(item, seen, depth + 1)
    elif hasattr(obj, "__dict__") or hasattr(obj, "__slots__"):
        if callable(obj) and not hasattr(obj, "__dict__"):
            return
        attrs = dict(getattr(obj, "__dict__", {}))
        for slot in getattr(type(obj), "__slots__", ()):
            if hasattr(obj, slot):
                attrs[slot] = getattr(obj, slot)
        for value in attrs.values():
            if not callable(value) or hasattr(value, "__dict__"):
                yield from strings_in(value, seen, depth + 1)


def table_texts(url: str) -> dict[str, str]:
    """Every row of every table of one store, as text, by table name."""
    engine = create_engine(url)
    meta = MetaData()
    meta.reflect(engine)
    out = {}
    with engine.connect() as conn:
        for name, table in meta.tables.items():
            out[name] = "\n".join(str(tuple(r)) for r in conn.execute(select(table)))
    engine.dispose()
    return out


def found_in(text: str) -> list[str]:
    lowered = text.lower()
    return [n for n in NEEDLES if n in lowered]


def test_planted_personal_details_appear_nowhere(tmp_path, starter, captured_logs) -> None:
    world = build_world(settings_for(tmp_path), starter)
    http, platform, a = world.http, world.platform, world.a
    try:
        body = returnee_body(a.centre, name=PLANTED["name"])
        body["personal"].update(phone=PLANTED["phone"], address=PLANTED["address"])
        person = http.ok("POST", "/skills/v1/returnees", body)["id"]
        counsellor = world.tokens["counsellor"]
        for uri in world.skills:
            http.ok("POST", f"/skills/v1/returnees/{person}/skills", {"uri": uri}, token=counsellor)
        http.ok(
            "PATCH",
            f"/skills/v1/returnees/{person}",
            {"personal": {"email": PLANTED["email"]}},
            token=counsellor,
        )
        read = http.ok(
            "GET",
            f"/skills/v1/returnees/{person}",
            token=counsellor,
            query={"include": "personal", "purpose": "job counselling"},
        )
        assert read["personal"]["email"] == PLANTED["email"]  # the planting worked
        export = http.ok("GET", f"/skills/v1/returnees/{person}/export", token=counsellor)
        assert export["personal"]["phone"] == PLANTED["phone"]
        platform.drain()
        http.ok("GET", f"/matching/v1/returnees/{person}/matches", token=counsellor)
        candidates = http.ok("GET", f"/matching/v1/vacancies/{a.vacancy}/candidates")
        assert person in [c["returnee_id"] for c in candidates["items"]]
        code = http.ok("POST", f"/skills/v1/returnees/{person}/kiosk-codes", {}, token=counsellor)[
            "code"
        ]
        session = http.ok(
            "POST", "/skills/v1/kiosk/redeem", {"code": code}, token=world.tokens["kiosk"]
        )
        assert session["first_name"] == "Zaphirella"
        http.ok("GET", f"/matching/v1/returnees/{person}/matches", token=session["token"])
        referral = http.ok(
            "POST",
            f"/skills/v1/returnees/{person}/referrals",
            {"provider": "Giza Training", "purpose": "referral_to_training"},
            token=counsellor,
        )
        packet = http.ok(
            "GET", f"/skills/v1/referrals/{referral['code']}", token=world.tokens["service"]
        )
        assert packet["person"]["first_name"] == "Zaphirella"
        http.ok(
            "POST",
            "/matching/v1/outcomes",
            {"returnee_id": person, "vacancy_id": a.vacancy, "stage": "applied"},
            token=counsellor,
        )
        platform.drain()

        leaks: dict[str, list[str]] = {}
        for runtime in platform.runtimes:
            with runtime.engine.connect() as conn:
                payloads = conn.execute(select(runtime.outbox.c.payload)).scalars().all()
            assert payloads, f"{runtime.name} has no outbox rows: the test proves nothing"
            leaks[f"outbox of {runtime.name}"] = found_in("\n".join(payloads))
        bus = table_texts(f"sqlite:///{tmp_path / 'bus.db'}")
        assert person in bus["bus_log"]
        leaks["bus log"] = found_in(bus["bus_log"])
        for name, text in table_texts(platform.settings.db_url("matching")).items():
            leaks[f"matching table {name}"] = found_in(text)
        index_strings = "\n".join(strings_in(platform.matching.index))
        assert person in index_strings  # the walk reaches the index documents
        leaks["in-memory index"] = found_in(index_strings)
        leaks["matching read models in memory"] = found_in(
            "\n".join(strings_in(platform.matching.reads))
        )
        for path in sorted(Path(tmp_path).rglob("*")):
            if path.is_file():
                leaks[f"file {path.name}"] = found_in(path.read_bytes().decode("latin-1"))
        lines = captured_logs.getvalue().splitlines()
        assert any("returnee registered" in line for line in lines)
        leaks["log lines"] = found_in("\n".join(lines))
        assert {where: hits for where, hits in leaks.items() if hits} == {}
        print(f"searched {len(leaks)} places and {len(lines)} log lines")
    finally:
        platform.stop()
