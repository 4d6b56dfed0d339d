"""Thin views for taxonomy look-ups and labels, kiosk codes, and the audit log."""

from __future__ import annotations

from typing import Any

from flask import request
from flask.views import MethodView

from services.skills.bootstrap import SkillsContainer
from services.skills.entrypoints.http import schemas as s
from services.skills.entrypoints.http.resources import PREFIX, authenticate
from services.skills.service_layer import kiosk as ksk
from services.skills.service_layer import records as rec
from services.skills.service_layer import taxonomy as tax
from services.skills.service_layer.common import STAFF
from shared.auth.guard import require
from shared.http.api import Blueprint
from shared.http.ratelimit import limit
from shared.http.schemas import page_schema


def lookups_blueprint(c: SkillsContainer) -> Blueprint:
    """Taxonomy search and detail, user labels, kiosk codes and the audit log."""
    blp = Blueprint(
        "skills_lookups", __name__, url_prefix=PREFIX, description="Taxonomy, kiosk, audit"
    )
    blp.before_request(authenticate)

    @blp.route("/taxonomy/occupations")
    class Occupations(MethodView):
        @blp.arguments(s.SearchQuerySchema, location="query")
        @blp.response(200, s.MatchListSchema)
        def get(self, args: dict[str, Any]) -> Any:
            """Occupations matching ``q`` in ``lang``, best first (any authenticated role)."""
            return tax.search(c, "occupation", args["q"], args["lang"], args["limit"])

    @blp.route("/taxonomy/skills")
    class Skills(MethodView):
        @blp.arguments(s.SearchQuerySchema, location="query")
        @blp.response(200, s.MatchListSchema)
        def get(self, args: dict[str, Any]) -> Any:
            """Skills matching ``q`` in ``lang``, best first (any authenticated role)."""
            return tax.search(c, "skill", args["q"], args["lang"], args["limit"])

    # ESCO URIs contain slashes; a query parameter carries them without path-encoding trouble.
    @blp.route("/taxonomy/occupation")
    class Occupation(MethodView):
        @blp.arguments(s.DetailQuerySchema, location="query")
        @blp.response(200)
        def get(self, args: dict[str, Any]) -> Any:
            """One occupation (``?uri=``) with its essential and optional skills."""
            return tax.occupation_detail(c, args["uri"], args["lang"])

    @blp.route("/taxonomy/skill")
    class Skill(MethodView):
        @blp.arguments(s.DetailQuerySchema, location="query")
        @blp.response(200)
        def get(self, args: dict[str, Any]) -> Any:
            """One skill (``?uri=``) with the occupations that need it."""
            return tax.skill_detail(c, args["uri"], args["lang"])

    @blp.route("/taxonomy/labels")
    class Labels(MethodView):
        @blp.arguments(s.LabelInSchema)
        @blp.response(201, s.LabelSchema)
        def post(self, body: dict[str, Any]) -> Any:
            """Add a label to a skill or occupation (e.g. in Arabic); searchable at once."""
            return tax.add_label(c, require(*STAFF), body)

    @blp.route("/returnees/<returnee_id>/kiosk-codes")
    class KioskCodes(MethodView):
        @blp.arguments(s.KioskCodeInSchema)
        @blp.response(201, s.KioskCodeSchema)
        def post(self, body: dict[str, Any], returnee_id: str) -> Any:
            """Issue a single-use 8-character code, valid 15 minutes (optionally for one fair)."""
            return ksk.issue_code(c, require(*STAFF), returnee_id, body.get("fair_id"))

    @blp.route("/kiosk/redeem")
    class Redeem(MethodView):
        @blp.arguments(s.RedeemInSchema)
        @blp.response(200, s.RedeemSchema)
        def post(self, body: dict[str, Any]) -> Any:
            """Exchange a code for a short-lived token scoped to that person (kiosk token)."""
            actor = require("kiosk")
            limit("redeem", actor)  # besides the budget of wrong codes
            return ksk.redeem_code(c, actor, body["code"], request.remote_addr)

    @blp.route("/audit")
    class Audit(MethodView):
        @blp.arguments(s.AuditQuerySchema, location="query")
        @blp.response(200, page_schema(s.AuditSchema, "AuditPage"))
        def get(self, args: dict[str, Any]) -> Any:
            """Who read or changed which personal details, when and why (admin only)."""
            require()  # admin passes every check; no other role is named
            return rec.list_audit(c, args.get("subject"), args["page"], args["page_size"])

    return blp
