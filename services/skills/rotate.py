"""``python -m services.skills.rotate``: re-encrypt every person's details with the newest
key of ``JISR_PII_KEYS`` (the same as ``POST /skills/v1/admin/rotate-pii-key``)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping

from services.skills.bootstrap import SERVICE
from services.skills.service_layer.keys import rotate_personal_details
from shared.config import Settings
from shared.crypto import Vault
from shared.db.engine import make_engine
from shared.logs import configure_logging


def main(env: Mapping[str, str] | None = None) -> int:
    """Rotate and print ``{"rotated": n}``; exit status 1 when a row cannot be opened."""
    configure_logging()
    settings = Settings.from_env(os.environ if env is None else env)
    engine = make_engine(settings.db_url(SERVICE))
    try:
        rotated = rotate_personal_details(engine, Vault(settings.pii_keys))
    except ValueError as exc:
        print(json.dumps({"error": str(exc)}), file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(json.dumps({"rotated": rotated}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
