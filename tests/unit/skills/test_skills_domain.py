"""Pure rules of the skills domain: coarse values, snapshots, kiosk codes, failure budget."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.skills.domain import kiosk as k
from services.skills.domain import model as m

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (None, None),
        (2015, None),
        (2011, "15-24"),
        (2002, "15-24"),
        (2001, "25-34"),
        (1992, "25-34"),
        (1982, "35-44"),
        (1972, "45-54"),
        (1971, "55+"),
        (1930, "55+"),
    ],
)
def test_age_band(born, band):
    assert m.age_band(born, TODAY) == band


def test_coarse_location_rounds_coordinates_only():
    loc = {"city": "Sfax", "region": "Sfax", "lat": 34.740612, "lon": 10.760334}
    assert m.coarse_location(loc) == {"city": "Sfax", "region": "Sfax", "lat": 34.74, "lon": 10.76}
    assert m.coarse_location({"city": "Sfax"}) == {
        "city": "Sfax",
        "region": None,
        "lat": None,
        "lon": None,
    }
    assert m.coarse_location(None) is None


def test_snapshot_has_the_contract_keys_and_no_personal_details():
    row = {
        "id": "r1",
        "centre_id": "c1",
        "status": "returnee",
        "consents": {"matching": True},
        "languages": [{"code": "ar", "level": "native"}],
        "education_level": 3,
        "aspirations": None,
        "location": {"city": "Tunis", "lat": 36.80651, "lon": 10.18153},
        "gender": "female",
        "version": 7,
        "name": "must not leak",
    }
    skills = [{"uri": "s1", "proficiency": 3, "evidence": "assessed", "years": 2}]
    exp = [{"occupation": "o1", "years": 1, "country": "IT"}]
    snap = m.profile_snapshot(row, skills, exp, 1990, TODAY)
    assert set(snap) == {
        "id",
        "centre_id",
        "status",
        "consents",
        "skills",
        "languages",
        "education_level",
        "experience",
        "aspirations",
        "location",
        "gender",
        "age_band",
        "version",
    }
    assert snap["consents"] == {
        "matching": True,
        "shown_to_employers": False,
        "contact_by_employers": False,
        "referral_to_training": False,
    }
    assert snap["skills"] == [{"uri": "s1", "proficiency": 3, "evidence": "assessed", "years": 2.0}]
    assert snap["aspirations"] == m.default_aspirations()
    assert snap["location"]["lat"] == 36.81 and snap["age_band"] == "35-44"
    assert "must not leak" not in str(snap)


def test_first_name():
    assert m.first_name("  Layla  Mansour ") == "Layla"
    assert m.first_name("") == ""


def test_codes_use_the_alphabet_and_normalise_forgivingly():
    code = k.new_code()
    assert len(code) == k.CODE_LENGTH and set(code) <= set(k.ALPHABET)
    assert not set("01OIL") & set(k.ALPHABET)
    assert k.normalise_code(f" {code[:4].lower()}-{code[4:]} ") == code
    assert k.normalise_code("SHORT") is None
    assert k.normalise_code("ABCDEFG0") is None  # 0 is not in the alphabet


@given(st.text(alphabet=k.ALPHABET, min_size=8, max_size=8))
def test_every_code_normalises_to_itself(code):
    assert k.normalise_code(code) == code
    assert k.normalise_code(code.lower()) == code


def test_code_hash_is_keyed():
    assert k.code_hash("ABCDEFGH", "key1") != k.code_hash("ABCDEFGH", "key2")
    assert k.code_hash("ABCDEFGH", "key1") == k.code_hash("ABCDEFGH", "key1")


def test_failure_budget():
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    four = [now - timedelta(seconds=s) for s in (10, 20, 30, 40)]
    assert k.retry_after(four, now) is None
    five = [*four, now - timedelta(seconds=100)]
    assert k.retry_after(five, now) == 200  # the oldest leaves the window in 200 s
    stale = [now - timedelta(minutes=6)] * 10
    assert k.retry_after(stale, now) is None
