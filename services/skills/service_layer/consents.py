"""Handlers for consent per purpose: grant, withdraw, and the state with its full history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from services.skills.adapters.tables import consent_changes
from services.skills.bootstrap import SkillsContainer
from services.skills.domain.model import PURPOSES, no_consents
from services.skills.service_layer.common import load_returnee, touch
from shared.auth.tokens import Principal
from shared.db.rows import as_dict
from shared.errors import NotFound
from shared.messages import new_id


def record_change(
    conn: Connection,
    actor: Principal,
    returnee_id: str,
    purpose: str,
    granted: bool,
    at: datetime,
    method: str | None,
    note: str | None,
) -> None:
    """Append one grant or withdrawal to the consent history."""
    conn.execute(
        insert(consent_changes).values(
            id=new_id(),
            returnee_id=returnee_id,
            purpose=purpose,
            granted=granted,
            at=at,
            recorded_by=actor.token_id,
            recorded_by_role=actor.role,
            method=method,
            note=note,
        )
    )


def _history(conn: Connection, returnee_id: str) -> list[dict[str, Any]]:
    query = (
        select(consent_changes)
        .where(consent_changes.c.returnee_id == returnee_id)
        .order_by(consent_changes.c.seq)
    )
    rows = [as_dict(r) for r in conn.execute(query)]
    for r in rows:
        r.pop("returnee_id", None)
        r.pop("seq", None)
    return rows


def set_consent(
    c: SkillsContainer,
    actor: Principal,
    returnee_id: str,
    purpose: str,
    granted: bool,
    details: dict[str, Any],
) -> dict[str, Any]:
    """Grant or withdraw one purpose; emits ``profile.consent_changed`` with the snapshot.

    Repeating the current state records nothing and emits nothing: the history holds
    changes, and consumers need no event that changes nothing.
    """
    if purpose not in PURPOSES:
        raise NotFound(f"no consent purpose {purpose!r}; purposes: {', '.join(PURPOSES)}")
    now = c.clock()
    with c.runtime.uow() as uow:
        row = load_returnee(uow.conn, actor, returnee_id, lock=True)
        current = {**no_consents(), **(row["consents"] or {})}
        if current[purpose] != granted:
            record_change(
                uow.conn,
                actor,
                returnee_id,
                purpose,
                granted,
                now,
                details.get("method"),
                details.get("note"),
            )
            current[purpose] = granted
            touch(c, uow.conn, uow.emit, row, {"consents": current}, "profile.consent_changed")
        result = {"consents": current, "history": _history(uow.conn, returnee_id)}
        uow.commit()
    return result


def get_consents(c: SkillsContainer, actor: Principal, returnee_id: str) -> dict[str, Any]:
    """The current state of every purpose and every change ever recorded, oldest first."""
    with c.runtime.engine.connect() as conn:
        row = load_returnee(conn, actor, returnee_id)
        return {
            "consents": {**no_consents(), **(row["consents"] or {})},
            "history": _history(conn, returnee_id),
        }


def consent_history(conn: Connection, returnee_id: str) -> list[dict[str, Any]]:
    """The consent history of one person (for the export)."""
    return _history(conn, returnee_id)
