"""Handlers for a person's rights and for accountability: the export and the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services.skills.adapters.tables import audit_log, kiosk_codes
from services.skills.bootstrap import SkillsContainer
from services.skills.domain.model import PERSONAL_FIELDS, default_aspirations, no_consents
from services.skills.service_layer.common import (
    audit,
    experience_of,
    jsonable,
    load_returnee,
    read_personal,
    skills_of,
    view,
)
from services.skills.service_layer.consents import consent_history
from services.skills.service_layer.referrals import referrals_of
from shared.auth.tokens import Principal
from shared.db.rows import as_dict, page_of

EXPORT_FORMAT = "jisr.skills.export/1"


def _audit_entries(conn: Any, subject: str) -> list[dict[str, Any]]:
    query = (
        select(audit_log)
        .where(audit_log.c.subject == subject)
        .order_by(audit_log.c.at, audit_log.c.id)
    )
    return [as_dict(r) for r in conn.execute(query)]


def export_returnee(
    c: SkillsContainer, actor: Principal, returnee_id: str, purpose: str
) -> dict[str, Any]:
    """Everything held about one person, as JSON; the export itself is audited.

    The audit row is written first, so the export lists its own disclosure too.
    """
    now = c.clock()
    with c.runtime.uow() as uow:
        row = load_returnee(uow.conn, actor, returnee_id)
        personal = read_personal(c, uow.conn, returnee_id)
        audit(uow.conn, actor, returnee_id, "export", list(personal), purpose, now)
        codes = [
            {k: v for k, v in as_dict(r).items() if k not in ("code_hash", "returnee_id")}
            for r in uow.conn.execute(
                select(kiosk_codes).where(kiosk_codes.c.returnee_id == returnee_id)
            )
        ]
        profile = view(c, uow.conn, row)
        for key in ("skills", "experience", "consents", "aspirations"):
            profile.pop(key, None)
        document = {
            "format": EXPORT_FORMAT,
            "exported_at": now,
            "returnee": profile,
            "personal": {k: personal[k] for k in PERSONAL_FIELDS if k in personal},
            "consents": {
                "current": {**no_consents(), **(row["consents"] or {})},
                "history": consent_history(uow.conn, returnee_id),
            },
            "skills": skills_of(uow.conn, returnee_id),
            "experience": experience_of(uow.conn, returnee_id),
            "aspirations": {**default_aspirations(), **(row["aspirations"] or {})},
            "kiosk_codes": codes,
            "referrals": referrals_of(uow.conn, returnee_id),
            "audit": _audit_entries(uow.conn, returnee_id),
        }
        uow.commit()
    return jsonable(document)  # type: ignore[no-any-return]


def list_audit(c: SkillsContainer, subject: str | None, page: int, size: int) -> dict[str, Any]:
    """Audit entries, newest first, optionally about one person."""
    query = select(audit_log).order_by(audit_log.c.at.desc(), audit_log.c.id)
    if subject:
        query = query.where(audit_log.c.subject == subject)
    with c.runtime.engine.connect() as conn:
        return page_of(conn, query, page, min(size, c.settings.max_page_size))
