"""Referral packets to training providers: the reference code and the minimal packet.

What a provider gets, and nothing more (data minimisation, bound to one purpose):
the person's first name (to greet them), their skills with the evidence behind each,
languages, education level, the training they are referred to, the referring centre and
a reference code. No surname, phone, email, address, birth year, gender, location or
pseudonymous id: the provider reaches the person through the referring centre, quoting
the reference, so contact details never leave the skills service.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Any

from services.skills.domain.kiosk import ALPHABET

PURPOSE = "referral_to_training"
REFERENCE_LENGTH = 12  # about 59 bits: a reference is a bearer secret for its packet
PACKET_FORMAT = "jisr.skills.referral/1"
PERSONAL_IN_PACKET = ("name",)  # only the first word of it; recorded in the audit log


def new_reference() -> str:
    """A fresh reference code, grouped by four for reading over the phone: ``ABCD-EFGH-JKMN``."""
    return format_reference("".join(secrets.choice(ALPHABET) for _ in range(REFERENCE_LENGTH)))


def format_reference(code: str) -> str:
    """A canonical reference grouped by four."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_reference(raw: str) -> str | None:
    """The canonical form of a typed reference (no dashes or spaces, upper case), or None."""
    code = "".join(raw.split()).replace("-", "").upper()
    if len(code) != REFERENCE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def reference_hash(code: str, key: str) -> str:
    """HMAC-SHA256 of a canonical reference; the prefix keeps it apart from kiosk codes."""
    message = b"jisr-referral:" + code.encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def packet(
    referral: dict[str, Any],
    reference: str | None,
    first_name: str,
    row: dict[str, Any],
    skills: list[dict[str, Any]],
    label: Any,
) -> dict[str, Any]:
    """The packet a provider reads; ``label(uri)`` names a skill in English."""
    expires: datetime = referral["expires_at"]
    return {
        "format": PACKET_FORMAT,
        "reference": reference,
        "purpose": referral["purpose"],
        "provider": referral["provider"],
        "training": referral["training"],
        "centre_id": row.get("centre_id"),
        "issued_at": referral["created_at"],
        "expires_at": expires,
        "person": {
            "first_name": first_name,
            "skills": [
                {
                    "uri": s["uri"],
                    "label": label(s["uri"]),
                    "proficiency": s["proficiency"],
                    "evidence": s["evidence"],
                    "years": s.get("years"),
                }
                for s in skills
            ],
            "languages": list(row.get("languages") or []),
            "education_level": row.get("education_level"),
        },
    }
