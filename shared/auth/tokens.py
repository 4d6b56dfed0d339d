"""Scoped bearer tokens: signed (HS256, key id in the header), expiring, revocable."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from sqlalchemy import (
    Column,
    Engine,
    MetaData,
    String,
    Table,
    Text,
    insert,
    select,
    update,
)

from shared.db.engine import make_engine
from shared.db.types import UtcDateTime
from shared.errors import NotFound, Unauthorized, ValidationFailed
from shared.messages import new_id, utcnow

ROLES = ("admin", "programme_manager", "counsellor", "employer", "kiosk", "service", "returnee")
SCOPE_OF_ROLE = {
    "counsellor": "centre_id",
    "employer": "employer_id",
    "kiosk": "fair_id",
    "returnee": "returnee_id",
}
MAX_TTL_S = 30 * 24 * 3600

_metadata = MetaData()
_tokens = Table(
    "tokens",
    _metadata,
    Column("id", String(64), primary_key=True),
    Column("role", String(40), nullable=False),
    Column("scope", Text, nullable=False),
    Column("created_by", String(64), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("revoked_at", UtcDateTime(), nullable=True),
)


@dataclass(frozen=True)
class Principal:
    """Who is calling: a role and the objects the token is bound to."""

    role: str
    token_id: str | None = None
    employer_id: str | None = None
    centre_id: str | None = None
    fair_id: str | None = None
    returnee_id: str | None = None

    @property
    def is_admin(self) -> bool:
        """Admins may do everything."""
        return self.role == "admin"


@dataclass(frozen=True)
class IssuedToken:
    """A freshly issued token string and its metadata."""

    id: str
    token: str
    role: str
    expires_at: datetime


class TokenService:
    """Issues, verifies and revokes tokens; the first signing key signs, all keys verify."""

    def __init__(self, url: str, signing_keys: tuple[str, ...], admin_token: str = "") -> None:
        self._engine: Engine = make_engine(url)
        _metadata.create_all(self._engine)
        self._keys = {self._kid(k): k for k in signing_keys}
        self._signing_kid = self._kid(signing_keys[0])
        self._admin_token = admin_token

    @staticmethod
    def _kid(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()[:12]

    def issue(
        self,
        role: str,
        ttl_s: int,
        created_by: str | None = None,
        **scope: str | None,
    ) -> IssuedToken:
        """Issue a token for ``role`` bound to its scope id (e.g. ``employer_id``)."""
        if role not in ROLES:
            raise ValidationFailed("unknown role", {"role": [f"must be one of {ROLES}"]})
        if not 1 <= ttl_s <= MAX_TTL_S:
            raise ValidationFailed("bad ttl", {"ttl_s": [f"must be between 1 and {MAX_TTL_S}"]})
        needed = SCOPE_OF_ROLE.get(role)
        if needed and not scope.get(needed):
            raise ValidationFailed("missing scope", {needed: [f"required for role {role}"]})
        clean = {k: v for k, v in scope.items() if v}
        token_id = new_id()
        now = utcnow()
        expires = now + timedelta(seconds=ttl_s)
        with self._engine.begin() as conn:
            conn.execute(
                insert(_tokens).values(
                    id=token_id,
                    role=role,
                    scope=json.dumps(clean),
                    created_by=created_by,
                    created_at=now,
                    expires_at=expires,
                )
            )
        claims = {"jti": token_id, "role": role, "exp": int(expires.timestamp()), **clean}
        token = jwt.encode(
            claims,
            self._keys[self._signing_kid],
            algorithm="HS256",
            headers={"kid": self._signing_kid},
        )
        return IssuedToken(token_id, token, role, expires)

    def verify(self, token: str) -> Principal:
        """The principal of a valid token; raises :class:`Unauthorized` otherwise."""
        if self._admin_token and hmac.compare_digest(token, self._admin_token):
            return Principal(role="admin", token_id="bootstrap")
        try:
            kid = jwt.get_unverified_header(token).get("kid", "")
            key = self._keys.get(kid)
            if key is None:
                raise Unauthorized("token signed with an unknown key")
            claims = jwt.decode(token, key, algorithms=["HS256"], options={"require": ["exp"]})
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("token expired") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized("invalid token") from exc
        with self._engine.connect() as conn:
            revoked = conn.execute(
                select(_tokens.c.revoked_at).where(_tokens.c.id == claims.get("jti"))
            ).first()
        if revoked is None or revoked[0] is not None:
            raise Unauthorized("token revoked")
        return Principal(
            role=str(claims["role"]),
            token_id=str(claims["jti"]),
            employer_id=claims.get("employer_id"),
            centre_id=claims.get("centre_id"),
            fair_id=claims.get("fair_id"),
            returnee_id=claims.get("returnee_id"),
        )

    def revoke(self, token_id: str) -> None:
        """Revoke a token by id; 404 if unknown."""
        with self._engine.begin() as conn:
            res = conn.execute(
                update(_tokens)
                .where(_tokens.c.id == token_id, _tokens.c.revoked_at.is_(None))
                .values(revoked_at=utcnow())
            )
            if res.rowcount == 0:
                exists = conn.execute(select(_tokens.c.id).where(_tokens.c.id == token_id)).first()
                if exists is None:
                    raise NotFound("no such token")

    def ping(self) -> bool:
        """The token store is reachable."""
        with self._engine.connect() as conn:
            conn.execute(select(_tokens.c.id).limit(1))
        return True


def aware(value: datetime) -> datetime:
    """SQLite returns naive datetimes; treat them as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
