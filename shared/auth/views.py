"""``/auth/v1/tokens``: issue and revoke scoped tokens."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from shared.auth.guard import require
from shared.auth.tokens import ROLES, TokenService
from shared.errors import Forbidden
from shared.http.api import Blueprint


class TokenRequestSchema(Schema):
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    employer_id = fields.String(validate=validate.Length(1, 64))
    centre_id = fields.String(validate=validate.Length(1, 64))
    fair_id = fields.String(validate=validate.Length(1, 64))
    returnee_id = fields.String(validate=validate.Length(1, 64))
    ttl_s = fields.Integer(load_default=None, validate=validate.Range(1, 30 * 24 * 3600))


class TokenSchema(Schema):
    id = fields.String()
    token = fields.String()
    role = fields.String()
    expires_at = fields.DateTime()


def auth_blueprint(tokens: TokenService, default_ttl_s: int) -> Blueprint:
    """The auth endpoints bound to one token service."""
    blp = Blueprint("auth", __name__, url_prefix="/auth/v1", description="Tokens")

    @blp.route("/tokens")
    class Tokens(MethodView):
        @blp.arguments(TokenRequestSchema)
        @blp.response(201, TokenSchema)
        def post(self, body: dict[str, Any]) -> Any:
            """Issue a token: admins issue any role; programme managers only non-admin roles."""
            caller = require("programme_manager")
            if body["role"] == "admin" and not caller.is_admin:
                raise Forbidden("only an admin may issue admin tokens")
            ttl = body.pop("ttl_s", None) or default_ttl_s
            role = body.pop("role")
            issued = tokens.issue(role, ttl, created_by=caller.token_id, **body)
            return {
                "id": issued.id,
                "token": issued.token,
                "role": issued.role,
                "expires_at": issued.expires_at,
            }

    @blp.route("/tokens/<token_id>")
    class Token(MethodView):
        @blp.response(204)
        def delete(self, token_id: str) -> None:
            """Revoke a token."""
            require("programme_manager")
            tokens.revoke(token_id)

    return blp
