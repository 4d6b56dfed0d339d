"""Key rotation of personal details at rest: re-seal every row with the newest key.

Used by ``POST /skills/v1/admin/rotate-pii-key`` and by ``python -m services.skills.rotate``.
Operators put the new key first in ``JISR_PII_KEYS`` (keeping the old ones after it),
restart, rotate, and then may drop the old keys: every row then opens with the new one.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, select, update

from services.skills.adapters.tables import personal_details
from shared.crypto import Vault

log = logging.getLogger(__name__)
BATCH = 500


def rotate_personal_details(engine: Engine, vault: Vault, batch: int = BATCH) -> int:
    """Re-encrypt every ``personal_details`` row with the vault's first key; how many.

    One transaction per batch: rotating twice is harmless, so a run stopped half-way is
    simply run again. A row no configured key opens stops the run with ``ValueError``.
    """
    done = 0
    after = ""
    while True:
        with engine.begin() as conn:
            rows = conn.execute(
                select(personal_details.c.returnee_id, personal_details.c.sealed)
                .where(personal_details.c.returnee_id > after)
                .order_by(personal_details.c.returnee_id)
                .limit(batch)
            ).all()
            for returnee_id, sealed in rows:
                conn.execute(
                    update(personal_details)
                    .where(personal_details.c.returnee_id == returnee_id)
                    .values(sealed=vault.rotate(sealed))
                )
        done += len(rows)
        if len(rows) < batch:
            break
        after = rows[-1][0]
    log.info("personal details re-encrypted with the newest key", extra={"rows": done})
    return done
