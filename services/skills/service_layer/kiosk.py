"""Handlers for kiosk one-time codes: a counsellor issues one, a kiosk redeems it once."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from services.skills.adapters.tables import kiosk_codes, kiosk_failures
from services.skills.bootstrap import SkillsContainer
from services.skills.domain.kiosk import (
    CODE_TTL,
    FAILURE_WINDOW,
    code_hash,
    new_code,
    normalise_code,
    retry_after,
)
from services.skills.domain.model import first_name
from services.skills.service_layer.common import audit, load_returnee, read_personal
from shared.auth.tokens import Principal
from shared.db.rows import as_dict
from shared.errors import Conflict, TooManyRequests, ValidationFailed
from shared.messages import new_id

log = logging.getLogger(__name__)
RETURNEE_TOKEN_TTL_S = 900
_WRONG = "the code is wrong, already used or expired"


class RateLimited(TooManyRequests):
    """429 carrying the seconds after which the caller may try again (``Retry-After``)."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"too many wrong codes; try again in {seconds} s", retry_after=seconds)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def issue_code(
    c: SkillsContainer, actor: Principal, returnee_id: str, fair_id: str | None
) -> dict[str, Any]:
    """Issue a single-use code for one person (15 minutes); earlier unused codes are revoked.

    The person must have consented to matching: the code opens their matches at a kiosk.
    """
    now = c.clock()
    code = new_code()
    with c.runtime.uow() as uow:
        row = load_returnee(uow.conn, actor, returnee_id, lock=True)
        if not (row["consents"] or {}).get("matching"):
            raise Conflict("the returnee has not consented to matching")
        uow.conn.execute(
            update(kiosk_codes)
            .where(
                kiosk_codes.c.returnee_id == returnee_id,
                kiosk_codes.c.used_at.is_(None),
                kiosk_codes.c.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        )
        expires = now + CODE_TTL
        uow.conn.execute(
            insert(kiosk_codes).values(
                id=new_id(),
                returnee_id=returnee_id,
                code_hash=code_hash(code, c.code_keys[0]),
                fair_id=fair_id,
                created_by=actor.token_id,
                created_at=now,
                expires_at=expires,
            )
        )
        uow.commit()
    return {"code": code, "expires_at": expires, "fair_id": fair_id}


def _keys(actor: Principal, address: str | None) -> list[str]:
    keys = [f"token:{actor.token_id}"]
    if address:
        keys.append(f"addr:{address}")
    return keys


def _check_budget(c: SkillsContainer, keys: list[str], now: datetime) -> None:
    with c.runtime.engine.connect() as conn:
        for key in keys:
            times = conn.execute(
                select(kiosk_failures.c.at).where(
                    kiosk_failures.c.key == key, kiosk_failures.c.at > now - FAILURE_WINDOW
                )
            ).scalars()
            wait = retry_after([_aware(t) for t in times], now)
            if wait is not None:
                raise RateLimited(wait)


def _fail(c: SkillsContainer, keys: list[str], now: datetime) -> ValidationFailed:
    # Recorded in its own transaction: the failure must count although the request fails.
    with c.runtime.engine.begin() as conn:
        conn.execute(delete(kiosk_failures).where(kiosk_failures.c.at <= now - FAILURE_WINDOW))
        conn.execute(insert(kiosk_failures), [{"key": k, "at": now} for k in keys])
    return ValidationFailed("wrong code", {"code": [_WRONG]})


def _find(c: SkillsContainer, code: str) -> dict[str, Any] | None:
    hashes = [code_hash(code, key) for key in c.code_keys]  # any key still in rotation
    with c.runtime.engine.connect() as conn:
        found = conn.execute(select(kiosk_codes).where(kiosk_codes.c.code_hash.in_(hashes))).first()
    return as_dict(found) if found is not None else None


def redeem_code(
    c: SkillsContainer, actor: Principal, raw_code: str, address: str | None
) -> dict[str, Any]:
    """Exchange a valid code for a 15-minute ``returnee`` token bound to the kiosk's fair.

    Wrong codes spend a failure budget per kiosk token and per client address; when it is
    spent every attempt, right or wrong, gets 429 until the window has passed.
    """
    now = c.clock()
    keys = _keys(actor, address)
    _check_budget(c, keys, now)
    code = normalise_code(raw_code)
    record = _find(c, code) if code else None
    usable = (
        record is not None
        and record["used_at"] is None
        and record["revoked_at"] is None
        and now < record["expires_at"]
        and record["fair_id"] in (None, actor.fair_id)
    )
    if not usable or record is None:
        raise _fail(c, keys, now)
    with c.runtime.uow() as uow:
        # Claim the code atomically: of two kiosks racing with one code, one wins.
        claimed = uow.conn.execute(
            update(kiosk_codes)
            .where(kiosk_codes.c.id == record["id"], kiosk_codes.c.used_at.is_(None))
            .values(used_at=now, used_by=actor.token_id)
        ).rowcount
        if claimed:
            # Reading the first name is a disclosure of personal details: audited here.
            load_returnee(uow.conn, actor, record["returnee_id"])
            name = str(read_personal(c, uow.conn, record["returnee_id"]).get("name", ""))
            audit(uow.conn, actor, record["returnee_id"], "read", ["name"], "kiosk_redeem", now)
            issued = c.tokens.issue(
                "returnee",
                ttl_s=RETURNEE_TOKEN_TTL_S,
                created_by=actor.token_id,
                returnee_id=record["returnee_id"],
                fair_id=actor.fair_id,
            )
            uow.commit()
    if not claimed:
        # Outside the unit of work: on SQLite its write lock would block recording the failure.
        raise _fail(c, keys, now)
    log.info("kiosk code redeemed", extra={"returnee_id": record["returnee_id"]})
    return {
        "returnee_id": record["returnee_id"],
        "first_name": first_name(name),
        "token": issued.token,
        "expires_at": issued.expires_at,
    }
