"""Index templates and documents of the Elasticsearch SearchIndex.

Everything scored or filtered is computed here in Python, so Elasticsearch only does
what its minimal distribution can do exactly:

- text: ``text_terms`` (normalised, stop words dropped) joined by spaces, indexed with
  the ``whitespace`` analyzer; documents and queries share one normalisation, and
  Elasticsearch's BM25 (k1 1.2, b 0.75, with the legacy ``k1 + 1`` factor) is the
  embedded adapter's BM25.
- skills: one ``skills`` field with the similarity ``skill`` (BM25, k1 4, b 0), whose
  score for a term is ``idf x 5 tf / (tf + 4)``: 1.0 x idf at tf 1, 2.5 x idf at tf 4.
  A vacancy repeats an essential skill :data:`ESSENTIAL_TF` times and an optional one
  once, so a query boost of 0.4 scores essential 1.0 x idf and optional 0.4 x idf, idf
  being ``log(1 + (N - df + 0.5) / (df + 0.5))`` over documents holding the skill — the
  embedded weights exactly. :data:`SENTINEL` puts the field in every live document so N
  counts them all, as the embedded N does.
- languages: a profile holds ``ar:1 .. ar:<rank>`` (every level at or below its own); a
  vacancy holds its distinct required ``code:rank`` pairs and their number, so "every
  requirement met" is a ``terms_set`` (or a ``term`` per requirement the other way).
- times: epoch microseconds (``long``) for exact ``closes_at > now`` and ordering; the
  ISO dates beside them are kept for people reading the documents, not indexed.
- a deleted document is a tombstone ``{"id", "version", "deleted": true}`` at the
  delete's external version, so an older upsert arriving later is still rejected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from services.matching.domain.model import CONSENT_PURPOSES, Profile, Vacancy
from services.matching.domain.text import text_terms
from shared.taxonomy.normalise import normalise

VACANCIES = "vacancies"
PROFILES = "profiles"
KINDS = (VACANCIES, PROFILES)
ESSENTIAL_TF = 4
SKILL_K1 = 4.0
SENTINEL = "~"
REFRESH_INTERVAL = "200ms"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

_KEYWORD = {"type": "keyword"}
_TEXT = {"type": "text", "analyzer": "whitespace"}
_SKILLS = {
    "type": "text",
    "analyzer": "whitespace",
    "similarity": "skill",
    "index_options": "freqs",
    "norms": False,
}
_SHOWN_DATE = {"type": "date", "index": False, "doc_values": False}
_COMMON = {
    "id": _KEYWORD,
    "version": {"type": "long"},
    "deleted": {"type": "boolean"},
    "text": _TEXT,
    "skills": _SKILLS,
    "occ": _KEYWORD,
    "lang": _KEYWORD,
    "edu": {"type": "integer"},
    "location": {"type": "geo_point"},
}
MAPPINGS: dict[str, dict[str, Any]] = {
    VACANCIES: {
        "dynamic": "strict",
        "properties": {
            **_COMMON,
            "status": _KEYWORD,
            "employer_id": _KEYWORD,
            "occupation": _KEYWORD,
            "isco_group": _KEYWORD,
            "essential": _KEYWORD,
            "optional": _KEYWORD,
            "lang_count": {"type": "integer"},
            "city": _KEYWORD,
            "city_key": _KEYWORD,
            "fair_ids": _KEYWORD,
            "closes_us": {"type": "long"},
            "published_us": {"type": "long"},
            "closes_at": _SHOWN_DATE,
            "published_at": _SHOWN_DATE,
        },
    },
    PROFILES: {
        "dynamic": "strict",
        "properties": {
            **_COMMON,
            "asp": _KEYWORD,
            "centre_id": _KEYWORD,
            "reach": {"type": "double"},
            "relocate": {"type": "boolean"},
            "consent": {
                "properties": {p: {"type": "boolean"} for p in CONSENT_PURPOSES},
            },
        },
    },
}


def index_settings(shards: int, replicas: int) -> dict[str, Any]:
    """Settings of every physical index: one shard keeps BM25 statistics index-wide."""
    return {
        "number_of_shards": shards,
        "number_of_replicas": replicas,
        "refresh_interval": REFRESH_INTERVAL,
        "similarity": {"skill": {"type": "BM25", "k1": SKILL_K1, "b": 0.0}},
    }


def template(prefix: str, kind: str, shards: int, replicas: int) -> dict[str, Any]:
    """The index template body for ``<prefix>-<kind>-*``."""
    return {
        "index_patterns": [f"{prefix}-{kind}-*"],
        "priority": 200,
        "template": {"settings": index_settings(shards, replicas), "mappings": MAPPINGS[kind]},
        "_meta": {"description": f"Jisr {kind} (services/matching/adapters/es_mapping.py)"},
    }


def micros(when: datetime) -> int:
    """Epoch microseconds, exact (a naive time is local, as ``datetime.timestamp`` has it)."""
    if when.tzinfo is None:
        when = when.astimezone()
    return (when - _EPOCH) // _MICROSECOND


def words(doc: Vacancy | Profile) -> Sequence[str]:
    """The BM25 words of a document (precomputed by the parser, else from its text)."""
    return doc.terms or text_terms(doc.text)


def terms_text(terms: Sequence[str]) -> str:
    """The indexed form of a document's words, or :data:`SENTINEL` (so a document without
    words still counts in BM25's N and average length, as it does in the embedded index)."""
    return " ".join(terms) or SENTINEL


def query_words(terms: Iterable[str]) -> list[str]:
    """Distinct words of a query (the embedded index counts each once)."""
    return sorted(set(terms))


def city_key(city: str | None) -> str | None:
    """The normalised city (the embedded adapter compares these)."""
    return normalise(city) if city and normalise(city) else None


def spoken_levels(languages: dict[str, int]) -> list[str]:
    """``{"ar": 3}`` -> ``["ar:1", "ar:2", "ar:3"]``: every level the person reaches."""
    return [f"{code}:{r}" for code, rank in sorted(languages.items()) for r in range(1, rank + 1)]


def required_levels(languages: tuple[tuple[str, int], ...]) -> list[str]:
    """The distinct ``code:rank`` requirements of a vacancy."""
    return sorted({f"{code}:{rank}" for code, rank in languages})


def _location(lat: float | None, lon: float | None) -> dict[str, float] | None:
    return None if lat is None or lon is None else {"lat": lat, "lon": lon}


def _skills_field(weighted: list[tuple[str, int]]) -> str:
    return " ".join([t for uri, tf in weighted for t in [uri] * tf] + [SENTINEL])


def _compact(doc: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values: a missing field is how "unknown" is filtered (``exists``)."""
    return {k: v for k, v in doc.items() if v is not None and v != [] and v != ""}


def vacancy_doc(v: Vacancy) -> dict[str, Any]:
    """The document of a vacancy."""
    langs = required_levels(v.languages)
    weighted = [(s, ESSENTIAL_TF) for s in dict.fromkeys(v.essential)]
    weighted += [(s, 1) for s in dict.fromkeys(v.optional) if s not in v.essential]
    return _compact(
        {
            "id": v.id,
            "version": v.version,
            "deleted": False,
            "status": v.status,
            "employer_id": v.employer_id,
            "text": terms_text(words(v)),
            "skills": _skills_field(weighted),
            "essential": list(v.essential),
            "optional": list(v.optional),
            "occupation": v.occupation,
            "isco_group": v.isco_group,
            "occ": list(v.occupation_tokens),
            "lang": langs,
            "lang_count": len(langs),
            "edu": v.education_level,
            "location": _location(v.lat, v.lon),
            "city": v.city,
            "city_key": city_key(v.city),
            "fair_ids": list(dict.fromkeys(v.fair_ids)),
            "closes_us": micros(v.closes_at) if v.closes_at else None,
            "published_us": micros(v.published_at) if v.published_at else None,
            "closes_at": v.closes_at.isoformat() if v.closes_at else None,
            "published_at": v.published_at.isoformat() if v.published_at else None,
        }
    )


def profile_doc(p: Profile) -> dict[str, Any]:
    """The document of a profile (pseudonymous: nothing personal is indexed)."""
    return _compact(
        {
            "id": p.id,
            "version": p.version,
            "deleted": False,
            "text": terms_text(words(p)),
            "skills": _skills_field([(s, 1) for s in dict.fromkeys(p.skills)]),
            "occ": list(p.experience_tokens),
            "asp": list(p.aspiration_tokens),
            "lang": spoken_levels(p.languages),
            "edu": p.education_level,
            "location": _location(p.lat, p.lon),
            "reach": p.reach_km,
            "relocate": p.relocate,
            "centre_id": p.centre_id,
            "consent": {purpose: p.consented(purpose) for purpose in CONSENT_PURPOSES},
        }
    )


def tombstone(doc_id: str, version: int) -> dict[str, Any]:
    """What is left of a deleted document: enough to hold its version."""
    return {"id": doc_id, "version": version, "deleted": True}


def latest(docs: Iterable[Any]) -> dict[str, Any]:
    """The newest version of each id (what the embedded rebuild keeps)."""
    out: dict[str, Any] = {}
    for doc in docs:
        held = out.get(doc.id)
        if held is None or doc.version > held.version:
            out[doc.id] = doc
    return out


def bulk_actions(
    index: str, docs: dict[str, Any], encode: Callable[[Any], dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """Bulk ``index`` actions at each document's external version."""
    for doc_id, doc in docs.items():
        yield {
            "_op_type": "index",
            "_index": index,
            "_id": doc_id,
            "version": doc.version,
            "version_type": "external",
            "_source": encode(doc),
        }
