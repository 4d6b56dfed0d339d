"""Thin views over returnee records: check the role, call a handler, shape the answer.

Object-level checks (a counsellor's centre, a returnee token's own id) live in the
handlers, so every entrypoint gets them; the views only decide which roles may knock.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from services.skills.bootstrap import SkillsContainer
from services.skills.entrypoints.http import schemas as s
from services.skills.service_layer import consents as con
from services.skills.service_layer import profile as prf
from services.skills.service_layer import records as rec
from services.skills.service_layer import returnees as ret
from services.skills.service_layer.common import STAFF
from shared.auth.guard import current_principal, require
from shared.http.api import Blueprint
from shared.http.schemas import page_schema

PREFIX = "/skills/v1"


def authenticate() -> None:
    """401 before anything else: a caller without a valid token learns nothing, not even
    which fields a body lacks."""
    current_principal()


def returnees_blueprint(c: SkillsContainer) -> Blueprint:
    """Returnees, their personal details, consents, skills, profile parts and export."""
    blp = Blueprint("skills", __name__, url_prefix=PREFIX, description="Returnee records")
    blp.before_request(authenticate)

    @blp.route("/returnees")
    class Returnees(MethodView):
        @blp.arguments(s.ReturneeInSchema)
        @blp.response(201, s.ReturneeSchema)
        def post(self, body: dict[str, Any]) -> Any:
            """Register a returnee; personal details are sealed apart and not returned."""
            return ret.register_returnee(c, require(*STAFF), body)

        @blp.arguments(s.ReturneeListQuerySchema, location="query")
        @blp.response(200, page_schema(s.ReturneeSchema, "ReturneePage"))
        def get(self, args: dict[str, Any]) -> Any:
            """List returnees (a counsellor sees their own centre's), newest first."""
            actor = require(*STAFF)
            return ret.list_returnees(
                c, actor, args.get("centre_id"), args["page"], args["page_size"]
            )

    @blp.route("/returnees/<returnee_id>")
    class Returnee(MethodView):
        @blp.arguments(s.ReturneeQuerySchema, location="query")
        @blp.response(200, s.ReturneeSchema)
        def get(self, args: dict[str, Any], returnee_id: str) -> Any:
            """Read a returnee; ``?include=personal&purpose=...`` adds audited personal details."""
            actor = require(*STAFF, "returnee")
            return ret.get_returnee(
                c,
                actor,
                returnee_id,
                include_personal=args.get("include") == "personal",
                purpose=args.get("purpose"),
                fields=args.get("fields_"),
            )

        @blp.arguments(s.ReturneePatchSchema)
        @blp.response(200, s.ReturneeSchema)
        def patch(self, body: dict[str, Any], returnee_id: str) -> Any:
            """Change a returnee's profile or personal details."""
            return ret.update_returnee(c, require(*STAFF), returnee_id, body)

        @blp.response(204)
        def delete(self, returnee_id: str) -> None:
            """Erase a returnee: personal details and records go, the id answers 404 after."""
            ret.erase_returnee(c, require(*STAFF), returnee_id)

    @blp.route("/returnees/<returnee_id>/consents")
    class Consents(MethodView):
        @blp.response(200, s.ConsentsSchema)
        def get(self, returnee_id: str) -> Any:
            """The current consent per purpose and the full history of changes."""
            return con.get_consents(c, require(*STAFF), returnee_id)

    @blp.route("/returnees/<returnee_id>/consents/<purpose>")
    class Consent(MethodView):
        @blp.arguments(s.ConsentInSchema)
        @blp.response(200, s.ConsentsSchema)
        def put(self, body: dict[str, Any], returnee_id: str, purpose: str) -> Any:
            """Grant consent for one purpose (optional ``method`` and ``note``)."""
            return con.set_consent(c, require(*STAFF), returnee_id, purpose, True, body)

        @blp.arguments(s.ConsentInSchema)
        @blp.response(200, s.ConsentsSchema)
        def delete(self, body: dict[str, Any], returnee_id: str, purpose: str) -> Any:
            """Withdraw consent for one purpose (optional ``method`` and ``note``)."""
            return con.set_consent(c, require(*STAFF), returnee_id, purpose, False, body)

    @blp.route("/returnees/<returnee_id>/skills")
    class Skills(MethodView):
        @blp.arguments(s.SkillRecordInSchema)
        @blp.response(201, s.SkillRecordSchema)
        def post(self, body: dict[str, Any], returnee_id: str) -> Any:
            """Record a skill by ESCO ``uri`` or ``label``; 409 when already recorded."""
            return prf.add_skill(c, require(*STAFF), returnee_id, body)

        @blp.response(200, s.SkillRecordListSchema)
        def get(self, returnee_id: str) -> Any:
            """A returnee's skill records."""
            return prf.list_skills(c, require(*STAFF), returnee_id)

    @blp.route("/returnees/<returnee_id>/skills/<record_id>")
    class SkillRecord(MethodView):
        @blp.arguments(s.SkillRecordPatchSchema)
        @blp.response(200, s.SkillRecordSchema)
        def patch(self, body: dict[str, Any], returnee_id: str, record_id: str) -> Any:
            """Change a skill record's proficiency, evidence, country or years."""
            return prf.change_skill(c, require(*STAFF), returnee_id, record_id, body)

        @blp.response(204)
        def delete(self, returnee_id: str, record_id: str) -> None:
            """Delete a skill record."""
            prf.remove_skill(c, require(*STAFF), returnee_id, record_id)

    @blp.route("/returnees/<returnee_id>/languages")
    class Languages(MethodView):
        @blp.arguments(s.LanguageSchema(many=True))
        @blp.response(200, s.LanguageSchema(many=True))
        def put(self, body: list[dict[str, Any]], returnee_id: str) -> Any:
            """Replace the list of languages (``[{"code", "level"}]``)."""
            return prf.set_languages(c, require(*STAFF), returnee_id, body)

    @blp.route("/returnees/<returnee_id>/education")
    class Education(MethodView):
        @blp.arguments(s.EducationSchema)
        @blp.response(200, s.EducationSchema)
        def put(self, body: dict[str, Any], returnee_id: str) -> Any:
            """Set the education level (ISCED 0-8) and field."""
            return prf.set_education(c, require(*STAFF), returnee_id, body)

    @blp.route("/returnees/<returnee_id>/experience")
    class Experience(MethodView):
        @blp.arguments(s.ExperienceInSchema)
        @blp.response(201, s.ExperienceSchema)
        def post(self, body: dict[str, Any], returnee_id: str) -> Any:
            """Record experience in an occupation (``occupation`` URI or ``label`` title)."""
            return prf.add_experience(c, require(*STAFF), returnee_id, body)

        @blp.response(200, s.ExperienceListSchema)
        def get(self, returnee_id: str) -> Any:
            """A returnee's experience entries."""
            return prf.list_experience(c, require(*STAFF), returnee_id)

    @blp.route("/returnees/<returnee_id>/experience/<entry_id>")
    class ExperienceEntry(MethodView):
        @blp.response(204)
        def delete(self, returnee_id: str, entry_id: str) -> None:
            """Delete an experience entry."""
            prf.remove_experience(c, require(*STAFF), returnee_id, entry_id)

    @blp.route("/returnees/<returnee_id>/aspirations")
    class Aspirations(MethodView):
        @blp.arguments(s.AspirationsInSchema)
        @blp.response(200, s.AspirationsSchema)
        def put(self, body: dict[str, Any], returnee_id: str) -> Any:
            """Replace aspirations: occupations (URIs or titles), regions, relocation, wage."""
            return prf.set_aspirations(c, require(*STAFF), returnee_id, body)

    @blp.route("/returnees/<returnee_id>/export")
    class Export(MethodView):
        @blp.arguments(s.ExportQuerySchema, location="query")
        @blp.response(200)
        def get(self, args: dict[str, Any], returnee_id: str) -> Any:
            """Everything held about the person, machine-readable; audited."""
            return rec.export_returnee(c, require(*STAFF), returnee_id, args["purpose"])

    return blp
