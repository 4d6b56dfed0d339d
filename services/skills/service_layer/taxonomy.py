"""Handlers for taxonomy look-ups (autocomplete, detail) and user-entered labels."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from services.skills.adapters.tables import taxonomy_labels
from services.skills.bootstrap import SkillsContainer
from shared.auth.tokens import Principal
from shared.errors import NotFound, ValidationFailed, field_error
from shared.messages import new_id
from shared.taxonomy.normalise import normalise
from shared.topics import TAXONOMY

_MAX_RELATED = 200


def search(c: SkillsContainer, kind: str, q: str, lang: str, limit: int) -> dict[str, Any]:
    """Occupations or skills whose labels match ``q``, best first."""
    find = c.taxonomy.search_occupations if kind == "occupation" else c.taxonomy.search_skills
    items = [
        {"uri": m.uri, "label": m.label, "score": round(float(m.score), 4)}
        for m in find(q, lang, limit)
    ]
    return {"items": items}


def _ref(c: SkillsContainer, uri: str, lang: str) -> dict[str, str]:
    return {"uri": uri, "label": c.taxonomy.label(uri, lang)}


def occupation_detail(c: SkillsContainer, uri: str, lang: str) -> dict[str, Any]:
    """An occupation with its ISCO group and its essential and optional skills."""
    occ = c.taxonomy.occupation(uri)
    if occ is None:
        raise NotFound("no such occupation")
    group = c.taxonomy.isco_group(occ.isco_group) if occ.isco_group else None
    relations = c.taxonomy.skills_of(uri)
    return {
        "uri": occ.uri,
        "label": c.taxonomy.label(uri, lang),
        "labels": dict(occ.labels),
        "alt_labels": {k: list(v) for k, v in occ.alt_labels.items()},
        "description": occ.description,
        "code": occ.code,
        "isco_group": occ.isco_group or None,
        "isco_label": c.taxonomy.label(group.uri, lang) if group else None,
        "essential_skills": [_ref(c, r.skill_uri, lang) for r in relations if r.essential],
        "optional_skills": [_ref(c, r.skill_uri, lang) for r in relations if not r.essential],
    }


def skill_detail(c: SkillsContainer, uri: str, lang: str) -> dict[str, Any]:
    """A skill with the occupations that need it (essential first)."""
    skill = c.taxonomy.skill(uri)
    if skill is None:
        raise NotFound("no such skill")
    occupations = c.taxonomy.occupations_with_skill(uri)[:_MAX_RELATED]
    return {
        "uri": skill.uri,
        "label": c.taxonomy.label(uri, lang),
        "labels": dict(skill.labels),
        "alt_labels": {k: list(v) for k, v in skill.alt_labels.items()},
        "description": skill.description,
        "skill_type": skill.skill_type,
        "occupations": [_ref(c, o, lang) for o in occupations],
    }


def add_label(c: SkillsContainer, actor: Principal, data: dict[str, Any]) -> dict[str, Any]:
    """Store a user label (e.g. Arabic), apply it, and emit ``taxonomy.label_added``.

    Adding a label that is already stored changes nothing and emits nothing.
    """
    uri, lang = data["uri"], data["lang"]
    label = " ".join(data["label"].split())
    if c.taxonomy.skill(uri) is None and c.taxonomy.occupation(uri) is None:
        raise field_error("uri", "unknown ESCO skill or occupation URI")
    if not normalise(label):
        raise field_error("label", "has no letters or digits")
    now = c.clock()
    row = {"id": new_id(), "uri": uri, "lang": lang, "label": label}
    with c.runtime.uow() as uow:
        same = (
            taxonomy_labels.c.uri == uri,
            taxonomy_labels.c.lang == lang,
            taxonomy_labels.c.label == label,
        )
        existing = uow.conn.execute(select(taxonomy_labels.c.id).where(*same)).scalar()
        if existing is not None:
            return {**row, "id": existing, "created": False}
        try:
            uow.conn.execute(
                insert(taxonomy_labels).values(**row, added_by=actor.token_id, added_at=now)
            )
        except IntegrityError:  # the same label, added by a concurrent request
            return {**row, "created": False}
        # The count of labels of the concept is a version that grows per subject.
        version = uow.conn.execute(
            select(func.count()).where(taxonomy_labels.c.uri == uri)
        ).scalar_one()
        uow.emit(
            TAXONOMY,
            "taxonomy.label_added",
            uri,
            int(version),
            {k: row[k] for k in ("uri", "lang", "label")},
        )
        uow.commit()
    try:
        c.taxonomy.add_label(uri, lang, label)
    except (KeyError, ValueError) as exc:  # checked above; kept for a racing reload
        raise ValidationFailed("label not applied", {"label": [str(exc)]}) from exc
    return {**row, "created": True}
