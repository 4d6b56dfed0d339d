"""Event snapshots (docs/events.md) -> read-model objects; ``ValueError`` when malformed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from services.matching.domain.model import (
    CEFR_RANK,
    CONSENT_PURPOSES,
    Employer,
    Experience,
    IncentiveRef,
    IncentiveScheme,
    Placement,
    Profile,
    Vacancy,
)
from services.matching.domain.text import doc_terms
from shared.taxonomy.taxonomy import Taxonomy

LABEL_LANGS = ("en", "fr", "ar")
DESCRIPTION_CHARS = 400


def _req(data: dict[str, Any], key: str) -> Any:
    if key not in data or data[key] is None:
        raise ValueError(f"missing {key}")
    return data[key]


def _str(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what} must be a non-empty string")
    return value


def _opt_str(value: Any, what: str) -> str | None:
    return None if value is None else _str(value, what)


def _num(value: Any, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what} must be a number")
    return float(value)


def _int(value: Any, what: str) -> int | None:
    number = _num(value, what)
    return None if number is None else int(number)


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"{what} must be a list")
    return value


def _dict(value: Any, what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{what} must be an object")
    return value


def _when(value: Any, what: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise ValueError(f"{what} is not an ISO datetime") from exc
    if parsed.tzinfo is None:
        raise ValueError(f"{what} has no time zone")
    return parsed


def _day(value: Any, what: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise ValueError(f"{what} is not an ISO date") from exc


def _languages(items: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for item in _list(items, "languages"):
        item = _dict(item, "language")
        code = _str(item.get("code"), "language code")
        level = item.get("level")
        if level not in CEFR_RANK:
            raise ValueError(f"unknown language level {level!r}")
        out[code] = max(out.get(code, 0), CEFR_RANK[level])
    return out


def _location(value: Any) -> tuple[float | None, float | None, str | None, str | None]:
    loc = _dict(value, "location")
    lat, lon = _num(loc.get("lat"), "lat"), _num(loc.get("lon"), "lon")
    if (lat is None) != (lon is None):
        lat = lon = None
    if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError("location out of range")
    return lat, lon, loc.get("city"), loc.get("region")


def labels_of(taxonomy: Taxonomy, uris: Iterable[str]) -> list[str]:
    """The labels of concepts in every language matching uses (unknown URIs are skipped)."""
    out: dict[str, None] = {}
    for uri in uris:
        for lang in LABEL_LANGS:
            try:
                out[taxonomy.label(uri, lang)] = None
            except KeyError:
                break
    return list(out)


def isco_of(taxonomy: Taxonomy, occupation: str | None) -> str | None:
    """The 4-digit ISCO group of an occupation, if the taxonomy knows it."""
    occ = taxonomy.occupation(occupation) if occupation else None
    return occ.isco_group if occ and occ.isco_group else None


def vacancy_from_event(data: dict[str, Any], version: int, taxonomy: Taxonomy) -> Vacancy:
    """A vacancy from its ``vacancy.*`` snapshot."""
    essential: list[str] = []
    optional: list[str] = []
    for item in _list(data.get("skills"), "skills"):
        item = _dict(item, "skill")
        uri = _str(item.get("uri"), "skill uri")
        if uri not in essential and uri not in optional:
            (essential if item.get("essential", True) else optional).append(uri)
    lat, lon, city, region = _location(data.get("location"))
    occupation = _opt_str(data.get("occupation"), "occupation")
    incentives = tuple(
        IncentiveRef(
            id=_str(i.get("id"), "incentive id"),
            type=_str(i.get("type"), "incentive type"),
            eligibility=str(i.get("eligibility") or "returnees_only"),
            summary=str(i.get("summary") or ""),
            terms=_dict(i.get("terms"), "terms"),
        )
        for i in (_dict(x, "incentive") for x in _list(data.get("incentives"), "incentives"))
    )
    status = _str(_req(data, "status"), "status")
    if status not in ("open", "closed", "filled"):
        raise ValueError(f"unknown vacancy status {status!r}")
    title = str(data.get("title") or "")
    description = str(data.get("description") or "")
    labels = labels_of(taxonomy, ([occupation] if occupation else []) + essential + optional)
    own = f"{title} {description}"
    return Vacancy(
        id=_str(_req(data, "id"), "id"),
        version=version,
        employer_id=_str(_req(data, "employer_id"), "employer_id"),
        status=status,
        title=title,
        description=description[:DESCRIPTION_CHARS],
        occupation=occupation,
        isco_group=_opt_str(data.get("isco_group"), "isco_group") or isco_of(taxonomy, occupation),
        essential=tuple(essential),
        optional=tuple(optional),
        languages=tuple(sorted(_languages(data.get("languages")).items())),
        education_level=_int(data.get("education_level"), "education_level"),
        experience_years=_num(data.get("experience_years"), "experience_years"),
        lat=lat,
        lon=lon,
        city=city,
        region=region,
        positions=_int(data.get("positions"), "positions") or 1,
        filled=_int(data.get("filled"), "filled") or 0,
        wage=_dict(data.get("wage"), "wage") or None,
        closes_at=_when(data.get("closes_at"), "closes_at"),
        published_at=_when(data.get("published_at"), "published_at"),
        incentives=incentives,
        fair_ids=tuple(str(f) for f in _list(data.get("fair_ids"), "fair_ids")),
        text=" ".join([own, *labels]),
        terms=doc_terms(own, labels),
    )


def profile_from_event(data: dict[str, Any], version: int, taxonomy: Taxonomy) -> Profile:
    """A profile from its ``profile.*`` snapshot (never personal details)."""
    consents = _dict(data.get("consents"), "consents")
    skills: list[str] = []
    for item in _list(data.get("skills"), "skills"):
        uri = _str(_dict(item, "skill").get("uri"), "skill uri")
        if uri not in skills:
            skills.append(uri)
    experience = tuple(
        Experience(
            occupation=(occ := _str(e.get("occupation"), "experience occupation")),
            isco_group=isco_of(taxonomy, occ),
            years=_num(e.get("years"), "experience years") or 0.0,
            country=e.get("country"),
        )
        for e in (_dict(x, "experience") for x in _list(data.get("experience"), "experience"))
    )
    asp = _dict(data.get("aspirations"), "aspirations")
    aspirations = tuple(_str(o, "aspiration") for o in _list(asp.get("occupations"), "occupations"))
    implied: set[str] = set()
    for exp in experience:
        implied.update(r.skill_uri for r in taxonomy.skills_of(exp.occupation))
    implied.difference_update(skills)
    lat, lon, city, region = _location(data.get("location"))
    status = str(data.get("status") or "returnee")
    if status not in ("returnee", "community_member"):
        raise ValueError(f"unknown status {status!r}")
    labels = labels_of(taxonomy, [*skills, *(e.occupation for e in experience), *aspirations])
    return Profile(
        id=_str(_req(data, "id"), "id"),
        version=version,
        centre_id=_opt_str(data.get("centre_id"), "centre_id"),
        status=status,
        consents=frozenset(p for p in CONSENT_PURPOSES if consents.get(p) is True),
        skills=tuple(skills),
        languages=_languages(data.get("languages")),
        education_level=_int(data.get("education_level"), "education_level"),
        experience=experience,
        aspirations=aspirations,
        aspiration_isco=tuple(isco_of(taxonomy, o) for o in aspirations),
        regions=tuple(str(r) for r in _list(asp.get("regions"), "regions")),
        relocate=bool(asp.get("relocate", False)),
        max_km=_num(asp.get("max_km"), "max_km"),
        min_monthly_wage=_num(asp.get("min_monthly_wage"), "min_monthly_wage"),
        lat=lat,
        lon=lon,
        city=city,
        region=region,
        gender=data.get("gender"),
        age_band=data.get("age_band"),
        implied_skills=frozenset(implied),
        text=" ".join(labels),
        terms=doc_terms("", labels),
    )


def employer_from_event(data: dict[str, Any], version: int) -> Employer:
    """An employer from its ``employer.*`` snapshot."""
    _, _, city, region = _location(data.get("location"))
    return Employer(
        id=_str(_req(data, "id"), "id"),
        version=version,
        name=str(data.get("name") or ""),
        sector=data.get("sector"),
        city=city,
        region=region,
    )


def scheme_from_event(data: dict[str, Any], version: int) -> IncentiveScheme:
    """An incentive scheme from its ``incentive_scheme.*`` snapshot."""
    return IncentiveScheme(
        id=_str(_req(data, "id"), "id"),
        version=version,
        name=str(data.get("name") or ""),
        type=_str(_req(data, "type"), "type"),
        employer_id=data.get("employer_id"),
        status=_str(_req(data, "status"), "status"),
        eligibility=str(data.get("eligibility") or "returnees_only"),
        terms=_dict(data.get("terms"), "terms"),
        occupations=tuple(str(o) for o in _list(data.get("occupations"), "occupations")),
        skills=tuple(str(s) for s in _list(data.get("skills"), "skills")),
        budget_total=_num(data.get("budget_total"), "budget_total"),
        budget_committed=_num(data.get("budget_committed"), "budget_committed") or 0.0,
        currency=data.get("currency"),
        starts_on=_day(data.get("starts_on"), "starts_on"),
        ends_on=_day(data.get("ends_on"), "ends_on"),
        summary=str(data.get("summary") or ""),
    )


def placement_from_event(data: dict[str, Any], version: int) -> Placement:
    """A placement from its ``placement.*`` snapshot."""
    follow_ups = tuple(_dict(f, "follow_up") for f in _list(data.get("follow_ups"), "follow_ups"))
    for f in follow_ups:
        if f.get("month") not in (3, 6, 12):
            raise ValueError("follow-up month must be 3, 6 or 12")
    return Placement(
        id=_str(_req(data, "id"), "id"),
        version=version,
        vacancy_id=_str(_req(data, "vacancy_id"), "vacancy_id"),
        employer_id=_str(_req(data, "employer_id"), "employer_id"),
        returnee_id=_str(_req(data, "returnee_id"), "returnee_id"),
        start_date=_day(data.get("start_date"), "start_date"),
        scheme_id=data.get("scheme_id"),
        subsidy_committed=_num(data.get("subsidy_committed"), "subsidy_committed") or 0.0,
        status=str(data.get("status") or "active"),
        follow_ups=follow_ups,
    )
