"""Thin views of the employers service: check the role, call a handler, shape the answer."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from services.employers.bootstrap import EmployersContainer
from services.employers.entrypoints.http import schemas as s
from services.employers.service_layer import employers as emp
from services.employers.service_layer import incentives as inc
from services.employers.service_layer import placements as plc
from services.employers.service_layer import vacancies as vac
from shared.auth.guard import require
from shared.auth.tokens import Principal
from shared.http.api import Blueprint
from shared.http.ratelimit import limit
from shared.http.schemas import page_schema

PM = "programme_manager"
STAFF = (PM, "counsellor")


def _kiosk_limit(route: str, actor: Principal) -> None:
    # Kiosk devices are public: their calls are rate-limited, staff tools are not.
    if actor.role in ("kiosk", "returnee"):
        limit(route, actor)


def _page(args: dict[str, Any]) -> tuple[int, int]:
    return args.pop("page"), args.pop("page_size")


def employers_blueprint(c: EmployersContainer) -> Blueprint:
    """Employers, fairs, partnership agreements, vacancies, incentive schemes and placements."""
    blp = Blueprint("employers", __name__, url_prefix="/employers/v1", description="Employers")

    @blp.route("/employers")
    class Employers(MethodView):
        @blp.arguments(s.EmployerInSchema)
        @blp.response(201, s.EmployerSchema)
        def post(self, body: dict[str, Any]) -> Any:
            """Register an employer (programme manager)."""
            return emp.register_employer(c, require(PM), body)

        @blp.arguments(s.EmployerQuerySchema, location="query")
        @blp.response(200, page_schema(s.EmployerSchema, "EmployerPage"))
        def get(self, args: dict[str, Any]) -> Any:
            """List employers (programme managers and counsellors)."""
            require(*STAFF)
            return emp.list_employers(c, *_page(args), args.get("sector"))

    @blp.route("/employers/<employer_id>")
    class Employer(MethodView):
        @blp.response(200, s.EmployerSchema)
        def get(self, employer_id: str) -> Any:
            """Read an employer; an employer token reads only its own."""
            return emp.get_employer(c, require(*STAFF, "employer"), employer_id)

        @blp.arguments(s.EmployerPatchSchema)
        @blp.response(200, s.EmployerSchema)
        def patch(self, body: dict[str, Any], employer_id: str) -> Any:
            """Change an employer's profile."""
            return emp.update_employer(c, require(PM, "employer"), employer_id, body)

    @blp.route("/employers/<employer_id>/vacancies")
    class EmployerVacancies(MethodView):
        @blp.arguments(s.VacancyInSchema)
        @blp.response(201, s.VacancySchema)
        def post(self, body: dict[str, Any], employer_id: str) -> Any:
            """Post a vacancy; skills and occupation by ESCO URI or by label."""
            return vac.post_vacancy(c, require(PM, "employer"), employer_id, body)

    @blp.route("/vacancies")
    class Vacancies(MethodView):
        @blp.arguments(s.VacancyQuerySchema, location="query")
        @blp.response(200, page_schema(s.VacancySchema, "VacancyPage"))
        def get(self, args: dict[str, Any]) -> Any:
            """List vacancies (employers see their own, kiosks their fair's open ones)."""
            actor = require(*STAFF, "employer", "kiosk", "returnee", "service")
            _kiosk_limit("vacancies", actor)
            return vac.list_vacancies(c, actor, args, *_page(args))

    @blp.route("/vacancies/<vacancy_id>")
    class Vacancy(MethodView):
        @blp.response(200, s.VacancySchema)
        def get(self, vacancy_id: str) -> Any:
            """Read one vacancy."""
            actor = require(*STAFF, "employer", "kiosk", "returnee", "service")
            _kiosk_limit("vacancy", actor)
            return vac.get_vacancy(c, actor, vacancy_id)

        @blp.arguments(s.VacancyPatchSchema)
        @blp.response(200, s.VacancySchema)
        def patch(self, body: dict[str, Any], vacancy_id: str) -> Any:
            """Edit an open vacancy."""
            return vac.change_vacancy(c, require(PM, "employer"), vacancy_id, body)

    @blp.route("/vacancies/<vacancy_id>/close")
    class CloseVacancy(MethodView):
        @blp.response(200, s.VacancySchema)
        def post(self, vacancy_id: str) -> Any:
            """Close an open vacancy."""
            return vac.change_vacancy(c, require(PM, "employer"), vacancy_id, {}, action="close")

    @blp.route("/incentive-schemes")
    class Schemes(MethodView):
        @blp.arguments(s.SchemeInSchema)
        @blp.response(201, s.SchemeSchema)
        def post(self, body: dict[str, Any]) -> Any:
            """Create an incentive scheme (programme manager)."""
            require(PM)
            return inc.create_scheme(c, body)

        @blp.arguments(s.SchemeQuerySchema, location="query")
        @blp.response(200, page_schema(s.SchemeSchema, "SchemePage"))
        def get(self, args: dict[str, Any]) -> Any:
            """List incentive schemes."""
            actor = require(*STAFF, "employer", "service")
            return inc.list_schemes(c, actor, args, *_page(args))

    @blp.route("/incentive-schemes/<scheme_id>")
    class Scheme(MethodView):
        @blp.response(200, s.SchemeSchema)
        def get(self, scheme_id: str) -> Any:
            """Read one scheme with its remaining budget."""
            return inc.get_scheme(c, require(*STAFF, "employer", "service"), scheme_id)

        @blp.arguments(s.SchemePatchSchema)
        @blp.response(200, s.SchemeSchema)
        def patch(self, body: dict[str, Any], scheme_id: str) -> Any:
            """Change a scheme (programme manager)."""
            require(PM)
            return inc.update_scheme(c, scheme_id, body)

    @blp.route("/partnerships")
    class Partnerships(MethodView):
        @blp.arguments(s.PartnershipInSchema)
        @blp.response(201, s.PartnershipSchema)
        def post(self, body: dict[str, Any]) -> Any:
            """Record a partnership agreement (programme manager)."""
            require(PM)
            return emp.create_partnership(c, body)

        @blp.arguments(s.PartnershipQuerySchema, location="query")
        @blp.response(200, page_schema(s.PartnershipSchema, "PartnershipPage"))
        def get(self, args: dict[str, Any]) -> Any:
            """List agreements; an employer sees its own."""
            actor = require(PM, "employer")
            return emp.list_partnerships(c, actor, args.get("employer_id"), *_page(args))

    @blp.route("/partnerships/<partnership_id>")
    class Partnership(MethodView):
        @blp.arguments(s.PartnershipPatchSchema)
        @blp.response(200, s.PartnershipSchema)
        def patch(self, body: dict[str, Any], partnership_id: str) -> Any:
            """Change an agreement's status, dates or notes (programme manager)."""
            require(PM)
            return emp.update_partnership(c, partnership_id, body)

    @blp.route("/fairs")
    class Fairs(MethodView):
        @blp.arguments(s.FairInSchema)
        @blp.response(201, s.FairSchema)
        def post(self, body: dict[str, Any]) -> Any:
            """Create a job fair (programme manager)."""
            require(PM)
            return emp.create_fair(c, body)

        @blp.arguments(s.PageQuerySchema, location="query")
        @blp.response(200, page_schema(s.FairSchema, "FairPage"))
        def get(self, args: dict[str, Any]) -> Any:
            """List job fairs."""
            require(*STAFF, "employer", "kiosk")
            return emp.list_fairs(c, *_page(args))

    @blp.route("/fairs/<fair_id>")
    class Fair(MethodView):
        @blp.response(200, s.FairSchema)
        def get(self, fair_id: str) -> Any:
            """Read one job fair."""
            require(*STAFF, "employer", "kiosk", "returnee")
            return emp.get_fair(c, fair_id)

    @blp.route("/placements")
    class Placements(MethodView):
        @blp.arguments(s.PlacementInSchema)
        @blp.response(201, s.PlacementSchema)
        def post(self, body: dict[str, Any]) -> Any:
            """Record a hire, committing incentive budget where a scheme applies."""
            return plc.record_placement(c, require(*STAFF, "employer"), body)

        @blp.arguments(s.PlacementQuerySchema, location="query")
        @blp.response(200, page_schema(s.PlacementSchema, "PlacementPage"))
        def get(self, args: dict[str, Any]) -> Any:
            """List placements; an employer sees its own."""
            actor = require(*STAFF, "employer")
            return plc.list_placements(c, actor, args, *_page(args))

    @blp.route("/placements/<placement_id>")
    class Placement(MethodView):
        @blp.response(200, s.PlacementSchema)
        def get(self, placement_id: str) -> Any:
            """Read one placement."""
            return plc.get_placement(c, require(*STAFF, "employer"), placement_id)

    @blp.route("/placements/<placement_id>/follow-ups")
    class FollowUps(MethodView):
        @blp.arguments(s.FollowUpInSchema)
        @blp.response(201, s.PlacementSchema)
        def post(self, body: dict[str, Any], placement_id: str) -> Any:
            """Record the 3-, 6- or 12-month follow-up of a placement."""
            return plc.record_follow_up(c, require(*STAFF, "employer"), placement_id, body)

    return blp
