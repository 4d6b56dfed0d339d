"""Tokens: scoped, expiring, revocable; the bootstrap admin token; key rotation."""

from __future__ import annotations

from pathlib import Path

import jwt
import pytest

from shared.auth.tokens import TokenService
from shared.errors import Unauthorized, ValidationFailed

K1, K2 = "k1" * 20, "k2" * 20


def service(tmp_path: Path, keys=(K1,), admin="boot-admin") -> TokenService:
    return TokenService(f"sqlite:///{tmp_path / 'auth.db'}", keys, admin)


def test_issue_and_verify_carries_role_and_scope(tmp_path: Path) -> None:
    tokens = service(tmp_path)
    issued = tokens.issue("employer", 60, employer_id="e1")
    principal = tokens.verify(issued.token)
    assert (principal.role, principal.employer_id, principal.token_id) == (
        "employer",
        "e1",
        issued.id,
    )


def test_a_scoped_role_needs_its_scope(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed) as err:
        service(tmp_path).issue("counsellor", 60)
    assert "centre_id" in (err.value.errors or {})


def test_revoked_and_expired_tokens_are_refused(tmp_path: Path) -> None:
    tokens = service(tmp_path)
    issued = tokens.issue("programme_manager", 60)
    tokens.revoke(issued.id)
    with pytest.raises(Unauthorized):
        tokens.verify(issued.token)
    expired = jwt.encode(
        {"jti": "x", "role": "admin", "exp": 1},
        K1,
        algorithm="HS256",
        headers={"kid": TokenService._kid(K1)},
    )
    with pytest.raises(Unauthorized):
        tokens.verify(expired)


def test_forged_tokens_are_refused(tmp_path: Path) -> None:
    tokens = service(tmp_path)
    forged = jwt.encode(
        {"jti": "x", "role": "admin", "exp": 4102444800},
        "other" * 10,
        algorithm="HS256",
        headers={"kid": TokenService._kid(K1)},
    )
    with pytest.raises(Unauthorized):
        tokens.verify(forged)
    with pytest.raises(Unauthorized):
        tokens.verify("not-a-token")


def test_bootstrap_admin_token(tmp_path: Path) -> None:
    assert service(tmp_path).verify("boot-admin").role == "admin"


def test_rotation_keeps_old_tokens_valid(tmp_path: Path) -> None:
    old = service(tmp_path, keys=("k1" * 20,)).issue("service", 60)
    rotated = service(tmp_path, keys=(K2, K1))
    assert rotated.verify(old.token).role == "service"
    new = rotated.issue("service", 60)
    assert jwt.get_unverified_header(new.token)["kid"] == TokenService._kid(K2)
    with pytest.raises(Unauthorized):
        service(tmp_path, keys=(K2,)).verify(old.token)  # the old key retired
