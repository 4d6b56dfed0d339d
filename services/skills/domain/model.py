"""Rules of the skills domain: vocabularies, coarse profile values and the profile snapshot.

Plain functions over plain values; nothing here touches the store, Flask or the vault.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

PURPOSES = ("matching", "shown_to_employers", "contact_by_employers", "referral_to_training")
EVIDENCE = ("self_declared", "assessed", "certified", "prior_learning_recognised")
STATUSES = ("returnee", "community_member")
GENDERS = ("female", "male", "other")
CONSENT_METHODS = ("verbal", "written", "digital")
PERSONAL_FIELDS = ("name", "phone", "email", "address", "birth_year")
SEARCH_LANGS = ("en", "fr", "ar")
AGE_BANDS = ((15, 24, "15-24"), (25, 34, "25-34"), (35, 44, "35-44"), (45, 54, "45-54"))


def no_consents() -> dict[str, bool]:
    """Every purpose withdrawn: the state of a person who has consented to nothing yet."""
    return dict.fromkeys(PURPOSES, False)


def default_aspirations() -> dict[str, Any]:
    """Aspirations of a person who has not stated any."""
    return {
        "occupations": [],
        "regions": [],
        "relocate": False,
        "max_km": None,
        "min_monthly_wage": None,
    }


def age_band(birth_year: int | None, today: date) -> str | None:
    """The coarse age band used by monitoring indicators; None when unknown or under 15.

    The exact birth year never leaves the vault: only this band travels in events.
    """
    if birth_year is None:
        return None
    age = today.year - int(birth_year)
    if age < 15:
        return None
    for low, high, band in AGE_BANDS:
        if low <= age <= high:
            return band
    return "55+"


def coarse_location(location: dict[str, Any] | None) -> dict[str, Any] | None:
    """City and region as given, coordinates rounded to 2 decimals (about 1 km).

    Matching needs distances, not a doorstep; rounding keeps events from locating a person.
    """
    if not location:
        return None
    lat, lon = location.get("lat"), location.get("lon")
    return {
        "city": location.get("city"),
        "region": location.get("region"),
        "lat": round(float(lat), 2) if lat is not None else None,
        "lon": round(float(lon), 2) if lon is not None else None,
    }


def first_name(name: str) -> str:
    """What a kiosk greets a person with: the first word of the name, nothing more."""
    parts = name.split()
    return parts[0] if parts else ""


def profile_snapshot(
    row: dict[str, Any],
    skills: list[dict[str, Any]],
    experience: list[dict[str, Any]],
    birth_year: int | None,
    today: date,
) -> dict[str, Any]:
    """The ``jisr.skills.profile`` event data of docs/events.md: no personal details at all."""
    return {
        "id": row["id"],
        "centre_id": row.get("centre_id"),
        "status": row.get("status") or "returnee",
        "consents": {**no_consents(), **(row.get("consents") or {})},
        "skills": [
            {
                "uri": s["uri"],
                "proficiency": s["proficiency"],
                "evidence": s["evidence"],
                "years": float(s["years"]) if s.get("years") is not None else None,
            }
            for s in skills
        ],
        "languages": list(row.get("languages") or []),
        "education_level": row.get("education_level"),
        "experience": [
            {
                "occupation": e["occupation"],
                "years": float(e["years"]),
                "country": e.get("country"),
            }
            for e in experience
        ],
        "aspirations": {**default_aspirations(), **(row.get("aspirations") or {})},
        "location": coarse_location(row.get("location")),
        "gender": row.get("gender"),
        "age_band": age_band(birth_year, today),
        "version": row["version"],
    }


def check_birth_year(birth_year: int | None, now: datetime) -> str | None:
    """An error message when a birth year lies in the future, else None."""
    if birth_year is not None and birth_year > now.year:
        return "must not be in the future"
    return None
