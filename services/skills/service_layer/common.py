"""What the skills handlers share: object-level access, the vault, audit rows, snapshots."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from services.skills.adapters.tables import (
    audit_log,
    experience,
    personal_details,
    returnees,
    skill_records,
)
from services.skills.bootstrap import SkillsContainer
from services.skills.domain.model import age_band, profile_snapshot
from shared.auth.tokens import Principal
from shared.db.rows import as_dict
from shared.errors import NotFound
from shared.messages import new_id
from shared.topics import PROFILE

STAFF = ("counsellor", "programme_manager")  # admin always passes ``require``


def jsonable(value: Any) -> Any:
    """Dates to ISO strings, recursively, so a row can travel in an event or an export."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def load_returnee(
    conn: Connection, actor: Principal, returnee_id: str, lock: bool = False
) -> dict[str, Any]:
    """The returnee row if ``actor`` may see it; 404 otherwise.

    Another centre's returnee, another person's id (returnee token) and an erased record
    all answer 404, for reads and writes alike, so that no caller learns who exists.
    """
    query = select(returnees).where(returnees.c.id == returnee_id)
    if lock:
        query = query.with_for_update()  # serialise version bumps on PostgreSQL
    found = conn.execute(query).first()
    if found is None:
        raise NotFound("no such returnee")
    row = as_dict(found)
    hidden = (
        row["erased_at"] is not None
        or (actor.role == "counsellor" and row["centre_id"] != actor.centre_id)
        or (actor.role == "returnee" and actor.returnee_id != returnee_id)
    )
    if hidden:
        raise NotFound("no such returnee")
    return row


def read_personal(c: SkillsContainer, conn: Connection, returnee_id: str) -> dict[str, Any]:
    """Decrypt one person's details (callers write the audit row when they disclose them)."""
    sealed = conn.execute(
        select(personal_details.c.sealed).where(personal_details.c.returnee_id == returnee_id)
    ).scalar()
    return c.vault.open(sealed) if sealed is not None else {}


def write_personal(
    c: SkillsContainer, conn: Connection, returnee_id: str, doc: dict[str, Any], now: datetime
) -> None:
    """Seal and store one person's details as a single blob (insert or replace)."""
    clean = {k: v for k, v in doc.items() if v is not None}
    sealed = c.vault.seal(clean)
    res = conn.execute(
        update(personal_details)
        .where(personal_details.c.returnee_id == returnee_id)
        .values(sealed=sealed, updated_at=now)
    )
    if res.rowcount == 0:
        conn.execute(
            insert(personal_details).values(returnee_id=returnee_id, sealed=sealed, updated_at=now)
        )


def audit(
    conn: Connection,
    actor: Principal,
    subject: str,
    action: str,
    fields: list[str],
    purpose: str | None,
    now: datetime,
) -> None:
    """Record who touched which personal details of ``subject``, when and why."""
    conn.execute(
        insert(audit_log).values(
            id=new_id(),
            subject=subject,
            action=action,
            fields=sorted(fields),
            purpose=purpose,
            actor_token_id=actor.token_id,
            actor_role=actor.role,
            at=now,
        )
    )


def skills_of(conn: Connection, returnee_id: str) -> list[dict[str, Any]]:
    """A person's skill records, in the order they were recorded."""
    query = (
        select(skill_records)
        .where(skill_records.c.returnee_id == returnee_id)
        .order_by(skill_records.c.created_at, skill_records.c.id)
    )
    return [as_dict(r) for r in conn.execute(query)]


def experience_of(conn: Connection, returnee_id: str) -> list[dict[str, Any]]:
    """A person's experience entries, in the order they were recorded."""
    query = (
        select(experience)
        .where(experience.c.returnee_id == returnee_id)
        .order_by(experience.c.created_at, experience.c.id)
    )
    return [as_dict(r) for r in conn.execute(query)]


def snapshot(c: SkillsContainer, conn: Connection, row: dict[str, Any]) -> dict[str, Any]:
    """The event snapshot of a returnee as stored in this transaction."""
    birth_year = read_personal(c, conn, row["id"]).get("birth_year")
    return profile_snapshot(
        row,
        skills_of(conn, row["id"]),
        experience_of(conn, row["id"]),
        birth_year,
        c.clock().date(),
    )


def touch(
    c: SkillsContainer,
    conn: Connection,
    emit: Any,
    row: dict[str, Any],
    changes: dict[str, Any],
    event: str = "profile.updated",
) -> dict[str, Any]:
    """Apply ``changes`` to the returnee row, bump its version and emit the new snapshot.

    ``emit`` is the unit of work's ``emit``; every profile change goes through here, so
    the version and the event can never disagree.
    """
    now = c.clock()
    row.update(changes, version=row["version"] + 1, updated_at=now)
    conn.execute(
        update(returnees)
        .where(returnees.c.id == row["id"])
        .values(**changes, version=row["version"], updated_at=now)
    )
    emit(PROFILE, event, row["id"], row["version"], jsonable(snapshot(c, conn, row)))
    return row


def view(c: SkillsContainer, conn: Connection, row: dict[str, Any]) -> dict[str, Any]:
    """The API representation of a returnee (no personal details; those are opt-in)."""
    birth_year = read_personal(c, conn, row["id"]).get("birth_year")
    return {
        **{k: v for k, v in row.items() if k != "erased_at"},
        "skills": skills_of(conn, row["id"]),
        "experience": experience_of(conn, row["id"]),
        "age_band": age_band(birth_year, c.clock().date()),
    }


def delete_rows(conn: Connection, tables: list[Any], returnee_id: str) -> None:
    """Delete a person's rows from each of ``tables`` (erasure)."""
    for table in tables:
        conn.execute(delete(table).where(table.c.returnee_id == returnee_id))
