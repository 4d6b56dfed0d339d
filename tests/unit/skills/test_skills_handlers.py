"""The skills handlers through bootstrap(), without HTTP."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from services.skills.adapters import tables as t
from services.skills.bootstrap import bootstrap
from services.skills.service_layer import consents, kiosk, profile, returnees
from shared.auth.tokens import Principal
from shared.errors import Conflict, NotFound, ValidationFailed
from shared.eventbus.inprocess import InProcessBus
from tests.unit.skills.fixtures import FakeClock, skills_taxonomy

COUNSELLOR = Principal(role="counsellor", token_id="t-c1", centre_id="c1")
OTHER = Principal(role="counsellor", token_id="t-c2", centre_id="c2")
KIOSK = Principal(role="kiosk", token_id="t-k1", fair_id="f1")


@pytest.fixture
def c(settings, tmp_path):
    bus = InProcessBus(f"sqlite:///{tmp_path / 'bus.db'}")
    return bootstrap(settings, skills_taxonomy(), bus=bus, clock=FakeClock())


def _new(c, **extra) -> str:
    body = {"personal": {"name": "Hana Saleh", "birth_year": 1990}, **extra}
    return str(returnees.register_returnee(c, COUNSELLOR, body)["id"])


def _rows(c, table) -> int:
    with c.runtime.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_every_change_bumps_the_version_once(c):
    rid = _new(c)
    skill = next(c.taxonomy.iter_skills())
    profile.add_skill(c, COUNSELLOR, rid, {"uri": skill.uri})
    consents.set_consent(c, COUNSELLOR, rid, "matching", True, {})
    profile.set_education(c, COUNSELLOR, rid, {"level": 4})
    got = returnees.get_returnee(c, COUNSELLOR, rid)
    assert got["version"] == 4 and got["education_level"] == 4
    assert c.runtime.relay.pending() == 4


def test_a_failed_change_writes_nothing(c):
    rid = _new(c)
    before = {name: _rows(c, table) for name, table in t.metadata.tables.items()}
    with pytest.raises(NotFound):
        profile.add_skill(c, OTHER, rid, {"uri": next(c.taxonomy.iter_skills()).uri})
    with pytest.raises(ValidationFailed):
        profile.add_skill(c, COUNSELLOR, rid, {"uri": "http://example.org/nope"})
    assert {name: _rows(c, table) for name, table in t.metadata.tables.items()} == before
    assert c.runtime.relay.pending() == 1


def test_duplicate_skill_is_a_conflict(c):
    rid = _new(c)
    uri = next(c.taxonomy.iter_skills()).uri
    profile.add_skill(c, COUNSELLOR, rid, {"uri": uri})
    with pytest.raises(Conflict):
        profile.add_skill(c, COUNSELLOR, rid, {"uri": uri, "proficiency": 4})


def test_erasure_then_everything_is_404(c):
    rid = _new(c, consents=["matching"])
    returnees.erase_returnee(c, COUNSELLOR, rid)
    assert _rows(c, t.personal_details) == 0 and _rows(c, t.consent_changes) == 0
    for call in (
        lambda: returnees.get_returnee(c, COUNSELLOR, rid),
        lambda: consents.get_consents(c, COUNSELLOR, rid),
        lambda: kiosk.issue_code(c, COUNSELLOR, rid, None),
        lambda: returnees.erase_returnee(c, COUNSELLOR, rid),
    ):
        with pytest.raises(NotFound):
            call()


def test_redeem_records_failures_even_though_the_request_fails(c):
    for _ in range(5):
        with pytest.raises(ValidationFailed):
            kiosk.redeem_code(c, KIOSK, "ZZZZZZZZ", "198.51.100.1")
    assert _rows(c, t.kiosk_failures) == 10  # one per kiosk token and one per address
    with pytest.raises(kiosk.RateLimited) as info:
        kiosk.redeem_code(c, KIOSK, "ZZZZZZZZ", "198.51.100.2")
    assert 0 < info.value.retry_after <= 300


def test_code_is_single_use(c):
    rid = _new(c, consents=["matching"])
    code = kiosk.issue_code(c, COUNSELLOR, rid, "f1")["code"]
    assert kiosk.redeem_code(c, KIOSK, code, None)["first_name"] == "Hana"
    with pytest.raises(ValidationFailed):
        kiosk.redeem_code(c, KIOSK, code, None)
