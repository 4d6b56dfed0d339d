"""Handlers for returnee records: register, read (with audited personal details), change,
list, erase; each change emits its ``jisr.skills.profile`` event in the same transaction."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import delete, insert, select

from services.skills.adapters.tables import (
    consent_changes,
    experience,
    kiosk_codes,
    personal_details,
    referrals,
    returnees,
    skill_records,
)
from services.skills.bootstrap import SkillsContainer
from services.skills.domain.model import (
    PERSONAL_FIELDS,
    check_birth_year,
    default_aspirations,
    no_consents,
)
from services.skills.service_layer.common import (
    audit,
    delete_rows,
    jsonable,
    load_returnee,
    read_personal,
    snapshot,
    touch,
    view,
    write_personal,
)
from services.skills.service_layer.consents import record_change
from shared.auth.tokens import Principal
from shared.db.rows import page_of
from shared.errors import Forbidden, field_error
from shared.messages import new_id
from shared.topics import PROFILE

log = logging.getLogger(__name__)
_SUMMARY = ("id", "centre_id", "status", "gender", "location", "languages", "education_level")


def _centre_of(actor: Principal, requested: str | None) -> str | None:
    # A counsellor registers people at their own centre only; managers choose any centre.
    if actor.role != "counsellor":
        return requested
    if requested is not None and requested != actor.centre_id:
        raise Forbidden("a counsellor registers returnees of their own centre only")
    return actor.centre_id


def register_returnee(
    c: SkillsContainer, actor: Principal, data: dict[str, Any], returnee_id: str | None = None
) -> dict[str, Any]:
    """Create a returnee with sealed personal details; emits ``profile.registered``.

    ``returnee_id`` is for the demo seed only (stable ids); the API always draws a new one.
    """
    now = c.clock()
    personal = data.pop("personal")
    bad_year = check_birth_year(personal.get("birth_year"), now)
    if bad_year:
        raise field_error("personal.birth_year", bad_year)
    initial = data.pop("consents", None) or []
    method = data.pop("consent_method", None)
    consents = {**no_consents(), **dict.fromkeys(initial, True)}
    row: dict[str, Any] = {
        "id": returnee_id or new_id(),
        "status": "returnee",
        "gender": None,
        "location": None,
        "languages": [],
        "education_level": None,
        "education_field": None,
        **data,
        "centre_id": _centre_of(actor, data.get("centre_id")),
        "aspirations": default_aspirations(),
        "consents": consents,
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "erased_at": None,
    }
    with c.runtime.uow() as uow:
        uow.conn.execute(insert(returnees).values(**row))
        write_personal(c, uow.conn, row["id"], personal, now)
        for purpose in dict.fromkeys(initial):
            record_change(uow.conn, actor, row["id"], purpose, True, now, method, None)
        audit(uow.conn, actor, row["id"], "write", list(personal), "registration", now)
        uow.emit(PROFILE, "profile.registered", row["id"], 1, jsonable(snapshot(c, uow.conn, row)))
        result = view(c, uow.conn, row)
        uow.commit()
    log.info("returnee registered", extra={"returnee_id": row["id"]})
    return result


def get_returnee(
    c: SkillsContainer,
    actor: Principal,
    returnee_id: str,
    include_personal: bool = False,
    purpose: str | None = None,
    fields: list[str] | None = None,
) -> dict[str, Any]:
    """One returnee; personal details only on request, and then the read is audited.

    The audit row is written in the transaction that reads, so no disclosure goes unrecorded.
    """
    if include_personal and actor.role == "returnee":
        raise Forbidden("personal details are not available to this token")
    with c.runtime.uow() as uow:
        row = load_returnee(uow.conn, actor, returnee_id)
        result = view(c, uow.conn, row)
        if actor.role == "returnee":
            # The person at a kiosk sees a summary of their own profile, nothing more.
            return {k: result[k] for k in (*_SUMMARY, "skills", "age_band")}
        if include_personal:
            doc = read_personal(c, uow.conn, returnee_id)
            wanted = [f for f in (fields or PERSONAL_FIELDS) if f in doc]
            result["personal"] = {f: doc[f] for f in wanted}
            audit(uow.conn, actor, returnee_id, "read", wanted, purpose, c.clock())
            uow.commit()
    return result


def list_returnees(
    c: SkillsContainer, actor: Principal, centre_id: str | None, page: int, size: int
) -> dict[str, Any]:
    """Returnees newest first; a counsellor lists their own centre's, managers any centre's."""
    if actor.role == "counsellor":
        centre_id = actor.centre_id
    query = (
        select(returnees)
        .where(returnees.c.erased_at.is_(None))
        .order_by(returnees.c.created_at.desc(), returnees.c.id)
    )
    if centre_id:
        query = query.where(returnees.c.centre_id == centre_id)
    with c.runtime.engine.connect() as conn:
        out = page_of(conn, query, page, min(size, c.settings.max_page_size))
    for item in out["items"]:
        item.pop("erased_at", None)
    return out


def update_returnee(
    c: SkillsContainer, actor: Principal, returnee_id: str, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change a returnee's profile or personal details; emits ``profile.updated``."""
    now = c.clock()
    personal = changes.pop("personal", None)
    if "centre_id" in changes and actor.role == "counsellor":
        raise Forbidden("only a programme manager moves a returnee to another centre")
    if personal is not None:
        bad_year = check_birth_year(personal.get("birth_year"), now)
        if bad_year:
            raise field_error("personal.birth_year", bad_year)
        if "name" in personal and not personal["name"]:
            raise field_error("personal.name", "may not be cleared")
    with c.runtime.uow() as uow:
        row = load_returnee(uow.conn, actor, returnee_id, lock=True)
        if personal:
            doc = read_personal(c, uow.conn, returnee_id)
            write_personal(c, uow.conn, returnee_id, {**doc, **personal}, now)
            audit(uow.conn, actor, returnee_id, "write", list(personal), "update", now)
        if changes or personal:
            # A personal change may move the age band, so it bumps the version too.
            touch(c, uow.conn, uow.emit, row, changes)
        result = view(c, uow.conn, row)
        uow.commit()
    return result


def erase_returnee(c: SkillsContainer, actor: Principal, returnee_id: str) -> None:
    """Erase a person: personal details, skills, consents, codes and referrals go; a
    tombstone stays.

    The tombstone keeps the id answering 404 and lets ``profile.erased`` carry a version.
    Audit rows stay: they hold no personal details and show who had access, as the law asks.
    """
    now = c.clock()
    with c.runtime.uow() as uow:
        row = load_returnee(uow.conn, actor, returnee_id, lock=True)
        delete_rows(
            uow.conn,
            [
                personal_details,
                skill_records,
                experience,
                consent_changes,
                kiosk_codes,
                referrals,
            ],
            returnee_id,
        )
        cleared: dict[str, Any] = dict.fromkeys(
            (
                "status",
                "gender",
                "location",
                "languages",
                "education_level",
                "education_field",
                "aspirations",
                "consents",
            ),
            None,
        )
        version = row["version"] + 1
        uow.conn.execute(
            returnees.update()
            .where(returnees.c.id == returnee_id)
            .values(**cleared, version=version, updated_at=now, erased_at=now)
        )
        audit(uow.conn, actor, returnee_id, "erase", list(PERSONAL_FIELDS), "erasure", now)
        # The outbox keeps every snapshot it sent; the person's go too (the bus's entity
        # topics are compacted by key, so there profile.erased supersedes them as well).
        outbox = c.runtime.outbox
        uow.conn.execute(delete(outbox).where(outbox.c.key == returnee_id))
        uow.emit(PROFILE, "profile.erased", returnee_id, version, {"id": returnee_id})
        uow.commit()
    log.info("returnee erased", extra={"returnee_id": returnee_id})
