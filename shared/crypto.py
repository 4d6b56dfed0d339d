"""Encryption at rest of personal details (Fernet; the first key encrypts, all decrypt)."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


def _fernet_key(secret: str) -> bytes:
    # Operators may give any string; derive a proper 32-byte urlsafe key from it.
    return base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest())


class Vault:
    """Encrypts and decrypts JSON documents; supports key rotation."""

    def __init__(self, keys: tuple[str, ...]) -> None:
        self._fernet = MultiFernet([Fernet(_fernet_key(k)) for k in keys])

    def seal(self, document: dict[str, Any]) -> bytes:
        """Encrypt a JSON document."""
        return self._fernet.encrypt(json.dumps(document, sort_keys=True).encode())

    def open(self, token: bytes) -> dict[str, Any]:
        """Decrypt a document sealed with any configured key."""
        try:
            return dict(json.loads(self._fernet.decrypt(token)))
        except InvalidToken as exc:
            raise ValueError(
                "personal details cannot be decrypted with the configured keys"
            ) from exc

    def rotate(self, token: bytes) -> bytes:
        """Re-encrypt with the first (newest) key; ValueError when no key opens it."""
        try:
            return self._fernet.rotate(token)
        except InvalidToken as exc:
            raise ValueError(
                "personal details cannot be decrypted with the configured keys"
            ) from exc
