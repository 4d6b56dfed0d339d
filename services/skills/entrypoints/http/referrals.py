"""Thin views for referral packets to training providers and for key rotation."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from services.skills.bootstrap import SkillsContainer
from services.skills.entrypoints.http import schemas as s
from services.skills.entrypoints.http.resources import PREFIX
from services.skills.service_layer import referrals as ref
from services.skills.service_layer.keys import rotate_personal_details
from shared.auth.guard import require
from shared.http.api import Blueprint


def referrals_blueprint(c: SkillsContainer) -> Blueprint:
    """Referral packets (issue, read) and the re-encryption of personal details."""
    blp = Blueprint("skills_referrals", __name__, url_prefix=PREFIX, description="Referrals, keys")

    @blp.route("/returnees/<returnee_id>/referrals")
    class Referrals(MethodView):
        @blp.arguments(s.ReferralInSchema)
        @blp.response(201, s.ReferralSchema)
        def post(self, body: dict[str, Any], returnee_id: str) -> Any:
            """Issue a referral packet for one provider (counsellor of the person's centre;
            needs ``referral_to_training`` consent, else 409); audited."""
            return ref.issue_referral(c, require("counsellor"), returnee_id, body)

    @blp.route("/referrals/<code>")
    class Referral(MethodView):
        @blp.response(200, s.ReferralPacketSchema)
        def get(self, code: str) -> Any:
            """Read a packet by its reference (a service or programme token acting for the
            provider); 410 once expired, 404 when unknown or withdrawn; audited."""
            return ref.read_referral(c, require("service", "programme_manager"), code)

    @blp.route("/admin/rotate-pii-key")
    class Rotate(MethodView):
        @blp.response(200, s.RotationSchema)
        def post(self) -> Any:
            """Re-encrypt every person's details with the newest key (admin)."""
            require()  # admin only
            return {"rotated": rotate_personal_details(c.runtime.engine, c.vault)}

    return blp
