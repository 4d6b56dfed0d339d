"""Handlers for what a person can do: skill records with evidence, languages, education,
experience and aspirations. Every change bumps the returnee version and emits the snapshot."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from services.skills.adapters.tables import experience, skill_records
from services.skills.bootstrap import SkillsContainer
from services.skills.domain.model import default_aspirations
from services.skills.service_layer.common import (
    experience_of,
    load_returnee,
    skills_of,
    touch,
)
from shared.auth.tokens import Principal
from shared.db.rows import as_dict
from shared.errors import Conflict, NotFound, ValidationFailed
from shared.messages import new_id
from shared.resolve import resolve_occupation_ref, resolve_skill_ref


def _resolve_skill(c: SkillsContainer, data: dict[str, Any], lang: str) -> str:
    # The body is one skill, so errors name its own fields ("uri", "label"), not "skill.uri".
    try:
        return resolve_skill_ref(c.taxonomy, data, "skill", lang)
    except ValidationFailed as exc:
        errors = {
            (k.split(".", 1)[1] if "." in k else "uri"): v for k, v in (exc.errors or {}).items()
        }
        raise ValidationFailed(exc.detail, errors) from exc


def add_skill(
    c: SkillsContainer, actor: Principal, returnee_id: str, data: dict[str, Any]
) -> dict[str, Any]:
    """Record a skill (by ESCO URI or label) with its evidence; 409 if already recorded.

    A second record of the same skill is refused rather than merged: the counsellor changes
    proficiency or evidence of the existing record with PATCH, which keeps one record per skill.
    """
    lang = data.pop("lang", "en")
    uri = _resolve_skill(c, data, lang)
    now = c.clock()
    record = {
        "id": new_id(),
        "returnee_id": returnee_id,
        "uri": uri,
        "proficiency": data.get("proficiency", 2),
        "evidence": data.get("evidence", "self_declared"),
        "acquired_in": data.get("acquired_in"),
        "years": data.get("years"),
        "recorded_by": actor.token_id,
        "created_at": now,
        "updated_at": now,
    }
    with c.runtime.uow() as uow:
        row = load_returnee(uow.conn, actor, returnee_id, lock=True)
        existing = uow.conn.execute(
            select(skill_records.c.id).where(
                skill_records.c.returnee_id == returnee_id, skill_records.c.uri == uri
            )
        ).scalar()
        if existing is not None:
            raise Conflict(f"skill already recorded as {existing}; change it with PATCH")
        try:
            uow.conn.execute(insert(skill_records).values(**record))
        except IntegrityError as exc:  # a concurrent request recorded it first
            raise Conflict("skill already recorded; change it with PATCH") from exc
        touch(c, uow.conn, uow.emit, row, {})
        uow.commit()
    return _public(record)


def _public(record: dict[str, Any]) -> dict[str, Any]:
    out = dict(record)
    out.pop("returnee_id", None)
    return out


def list_skills(c: SkillsContainer, actor: Principal, returnee_id: str) -> dict[str, Any]:
    """A person's skill records."""
    with c.runtime.engine.connect() as conn:
        load_returnee(conn, actor, returnee_id)
        return {"items": [_public(s) for s in skills_of(conn, returnee_id)]}


def change_skill(
    c: SkillsContainer, actor: Principal, returnee_id: str, record_id: str, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change a skill record's proficiency, evidence, country or years."""
    with c.runtime.uow() as uow:
        row = load_returnee(uow.conn, actor, returnee_id, lock=True)
        record = _skill_row(uow.conn, returnee_id, record_id)
        record.update(changes, updated_at=c.clock())
        uow.conn.execute(
            update(skill_records)
            .where(skill_records.c.id == record_id)
            .values(**changes, updated_at=record["updated_at"])
        )
        touch(c, uow.conn, uow.emit, row, {})
        uow.commit()
    return _public(record)


def _skill_row(conn: Any, returnee_id: str, record_id: str) -> dict[str, Any]:
    found = conn.execute(
        select(skill_records).where(
            skill_records.c.id == record_id, skill_records.c.returnee_id == returnee_id
        )
    ).first()
    if found is None:
        raise NotFound("no such skill record")
    return as_dict(found)


def remove_skill(c: SkillsContainer, actor: Principal, returnee_id: str, record_id: str) -> None:
    """Delete one skill record."""
    with c.runtime.uow() as uow:
        row = load_returnee(uow.conn, actor, returnee_id, lock=True)
        _skill_row(uow.conn, returnee_id, record_id)
        uow.conn.execute(delete(skill_records).where(skill_records.c.id == record_id))
        touch(c, uow.conn, uow.emit, row, {})
        uow.commit()


def _change_profile(
    c: SkillsContainer, actor: Principal, returnee_id: str, changes: dict[str, Any]
) -> dict[str, Any]:
    with c.runtime.uow() as uow:
        row = load_returnee(uow.conn, actor, returnee_id, lock=True)
        touch(c, uow.conn, uow.emit, row, changes)
        uow.commit()
    return row


def set_languages(
    c: SkillsContainer, actor: Principal, returnee_id: str, languages: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Replace the list of languages a person speaks (one entry per language code)."""
    errors = {
        f"{i}.code": ["language listed twice"]
        for i, lang in enumerate(languages)
        if lang["code"] in [x["code"] for x in languages[:i]]
    }
    if len(languages) > 20:
        errors["_schema"] = ["at most 20 languages"]
    if errors:
        raise ValidationFailed("invalid languages", errors)
    return list(_change_profile(c, actor, returnee_id, {"languages": languages})["languages"])


def set_education(
    c: SkillsContainer, actor: Principal, returnee_id: str, data: dict[str, Any]
) -> dict[str, Any]:
    """Set the highest education level (ISCED 0-8) and, optionally, its field."""
    changes = {"education_level": data["level"], "education_field": data.get("field")}
    row = _change_profile(c, actor, returnee_id, changes)
    return {"level": row["education_level"], "field": row["education_field"]}


def set_aspirations(
    c: SkillsContainer, actor: Principal, returnee_id: str, data: dict[str, Any]
) -> dict[str, Any]:
    """Replace a person's aspirations; occupations by ESCO URI or by title."""
    lang = data.pop("lang", "en")
    occupations: list[str] = []
    errors: dict[str, list[str]] = {}
    for i, ref in enumerate(data.get("occupations", [])):
        is_uri = ref.startswith(("http://", "https://"))
        try:
            uri = resolve_occupation_ref(
                c.taxonomy,
                ref if is_uri else None,
                None if is_uri else ref,
                f"occupations.{i}",
                lang,
            )
        except ValidationFailed as exc:
            errors.update(exc.errors or {})
            continue
        if uri not in occupations:
            occupations.append(uri)
    if errors:
        raise ValidationFailed("invalid occupations", errors)
    aspirations = {**default_aspirations(), **data, "occupations": occupations}
    return dict(_change_profile(c, actor, returnee_id, {"aspirations": aspirations})["aspirations"])


def add_experience(
    c: SkillsContainer, actor: Principal, returnee_id: str, data: dict[str, Any]
) -> dict[str, Any]:
    """Record work experience in an occupation (by ESCO URI or by title)."""
    lang = data.pop("lang", "en")
    uri = resolve_occupation_ref(
        c.taxonomy, data.get("occupation"), data.get("label"), "occupation", lang
    )
    entry = {
        "id": new_id(),
        "returnee_id": returnee_id,
        "occupation": uri,
        "years": data["years"],
        "country": data.get("country"),
        "created_at": c.clock(),
    }
    with c.runtime.uow() as uow:
        row = load_returnee(uow.conn, actor, returnee_id, lock=True)
        uow.conn.execute(insert(experience).values(**entry))
        touch(c, uow.conn, uow.emit, row, {})
        uow.commit()
    return _public(entry)


def list_experience(c: SkillsContainer, actor: Principal, returnee_id: str) -> dict[str, Any]:
    """A person's experience entries."""
    with c.runtime.engine.connect() as conn:
        load_returnee(conn, actor, returnee_id)
        return {"items": [_public(e) for e in experience_of(conn, returnee_id)]}


def remove_experience(
    c: SkillsContainer, actor: Principal, returnee_id: str, entry_id: str
) -> None:
    """Delete one experience entry."""
    with c.runtime.uow() as uow:
        row = load_returnee(uow.conn, actor, returnee_id, lock=True)
        res = uow.conn.execute(
            delete(experience).where(
                experience.c.id == entry_id, experience.c.returnee_id == returnee_id
            )
        )
        if res.rowcount == 0:
            raise NotFound("no such experience entry")
        touch(c, uow.conn, uow.emit, row, {})
        uow.commit()
