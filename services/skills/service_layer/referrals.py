"""Handlers for referral packets: a counsellor issues one for a purpose, a provider reads it.

Both the issue and every read disclose the person's first name, so both are written to
the audit log in the transaction that discloses. The packet is built from the record
at each read: a withdrawn ``referral_to_training`` consent or an erasure stops it at once.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select

from services.skills.adapters.tables import referrals
from services.skills.bootstrap import SkillsContainer
from services.skills.domain.model import first_name
from services.skills.domain.referral import (
    PERSONAL_IN_PACKET,
    PURPOSE,
    format_reference,
    new_reference,
    normalise_reference,
    packet,
    reference_hash,
)
from services.skills.service_layer.common import audit, load_returnee, read_personal, skills_of
from shared.auth.tokens import Principal
from shared.db.rows import as_dict
from shared.errors import Conflict, Gone, NotFound
from shared.messages import new_id

log = logging.getLogger(__name__)
_NO_SUCH = "no such referral"


def _consented(row: dict[str, Any]) -> bool:
    return bool((row["consents"] or {}).get(PURPOSE))


def _packet(
    c: SkillsContainer, conn: Connection, ref: dict[str, Any], row: dict[str, Any], code: str
) -> dict[str, Any]:
    name = str(read_personal(c, conn, row["id"]).get("name", ""))

    def label(uri: str) -> str:
        try:
            return c.taxonomy.label(uri, "en") or uri
        except KeyError:
            return uri

    return packet(ref, code, first_name(name), row, skills_of(conn, row["id"]), label)


def issue_referral(
    c: SkillsContainer, actor: Principal, returnee_id: str, data: dict[str, Any]
) -> dict[str, Any]:
    """Issue a packet for one provider and one purpose, expiring after ``ttl_days``.

    409 naming the consent when the person has not given ``referral_to_training``.
    """
    now = c.clock()
    code = new_reference()
    with c.runtime.uow() as uow:
        row = load_returnee(uow.conn, actor, returnee_id)
        if not _consented(row):
            raise Conflict(
                f"the returnee has not consented to {PURPOSE}",
                {"consent": [f"{PURPOSE} is not granted"]},
            )
        ref = {
            "id": new_id(),
            "returnee_id": returnee_id,
            "code_hash": reference_hash(normalise_reference(code) or "", c.code_keys[0]),
            "provider": data["provider"],
            "purpose": data["purpose"],
            "training": data.get("training"),
            "created_by": actor.token_id,
            "created_at": now,
            "expires_at": now + timedelta(days=data["ttl_days"]),
        }
        uow.conn.execute(insert(referrals).values(**ref))
        body = _packet(c, uow.conn, ref, row, code)
        audit(
            uow.conn, actor, returnee_id, "referral_issue", list(PERSONAL_IN_PACKET), PURPOSE, now
        )
        uow.commit()
    log.info("referral issued", extra={"returnee_id": returnee_id, "referral_id": ref["id"]})
    return {"id": ref["id"], "code": code, "packet": body}


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def read_referral(c: SkillsContainer, actor: Principal, raw_code: str) -> dict[str, Any]:
    """The packet behind a reference code; 410 once expired, 404 when unknown, withdrawn
    or erased (no hint which). Every read is audited."""
    code = normalise_reference(raw_code)
    if code is None:
        raise NotFound(_NO_SUCH)
    now = c.clock()
    hashes = [reference_hash(code, key) for key in c.code_keys]  # any key still in rotation
    with c.runtime.uow() as uow:
        found = uow.conn.execute(select(referrals).where(referrals.c.code_hash.in_(hashes))).first()
        if found is None:
            raise NotFound(_NO_SUCH)
        ref = as_dict(found)
        if now >= _aware(ref["expires_at"]):
            raise Gone(f"this referral expired at {ref['expires_at'].isoformat()}")
        try:
            row = load_returnee(uow.conn, actor, ref["returnee_id"])
        except NotFound:
            raise NotFound(_NO_SUCH) from None
        if not _consented(row) or ref["purpose"] != PURPOSE:
            raise NotFound(_NO_SUCH)
        body = _packet(c, uow.conn, ref, row, format_reference(code))
        audit(
            uow.conn,
            actor,
            ref["returnee_id"],
            "referral_read",
            list(PERSONAL_IN_PACKET),
            PURPOSE,
            now,
        )
        uow.commit()
    return body


def referrals_of(conn: Connection, returnee_id: str) -> list[dict[str, Any]]:
    """A person's referrals without their code hashes (for the export)."""
    query = (
        select(referrals)
        .where(referrals.c.returnee_id == returnee_id)
        .order_by(referrals.c.created_at, referrals.c.id)
    )
    out = []
    for r in conn.execute(query):
        item = as_dict(r)
        item.pop("code_hash", None)
        item.pop("returnee_id", None)
        out.append(item)
    return out
