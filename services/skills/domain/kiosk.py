"""Kiosk one-time codes and the failure budget that rate-limits guessing.

Codes are short enough to type on a touch screen and drawn from an alphabet without
look-alikes. Only a keyed hash is stored, so a copy of the store does not yield codes.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from datetime import datetime, timedelta

# No 0/O, 1/I/L look-alikes; U is dropped too because it is misread as V on small screens.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
CODE_TTL = timedelta(minutes=15)
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=5)


def new_code() -> str:
    """A fresh random code (about 39 bits: guessing within the failure budget is hopeless)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str | None:
    """The canonical form of what a person typed, or None when it cannot be a code.

    Case, spaces and dashes are forgiven because people copy codes from paper slips.
    """
    code = "".join(raw.split()).replace("-", "").upper()
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def code_hash(code: str, key: str) -> str:
    """HMAC-SHA256 of a code under ``key``; a keyed hash allows look-up by hash directly."""
    # The key also signs tokens; a fixed prefix keeps the two uses apart.
    message = b"jisr-kiosk-code:" + code.encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def retry_after(failures: list[datetime], now: datetime) -> int | None:
    """Seconds until another attempt is allowed, or None when the budget is not spent.

    ``failures`` are the failure times inside the window, any order.
    """
    recent = sorted(t for t in failures if now - t < FAILURE_WINDOW)
    if len(recent) < MAX_FAILURES:
        return None
    # The oldest failure that keeps the count at the limit must leave the window first.
    unblock = recent[len(recent) - MAX_FAILURES] + FAILURE_WINDOW
    return max(1, math.ceil((unblock - now).total_seconds()))
