"""Thin views of the matching service: check the role, call a handler, shape the answer."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from services.matching.bootstrap import MatchingContainer
from services.matching.entrypoints.http import schemas as s
from services.matching.service_layer import indicators as ind
from services.matching.service_layer import matching as mt
from services.matching.service_layer import outcomes as oc
from services.matching.service_layer import search as se
from services.matching.service_layer import training as tr
from shared.auth.guard import require
from shared.http.api import Blueprint
from shared.http.ratelimit import limit

PM = "programme_manager"
PERSON_READERS = (PM, "counsellor", "returnee")


def matching_blueprint(c: MatchingContainer) -> Blueprint:
    """Matches, candidates, gaps, kiosk search, outcomes, models and indicators."""
    blp = Blueprint("matching", __name__, url_prefix="/matching/v1", description="Matching")

    @blp.route("/returnees/<returnee_id>/matches")
    class Matches(MethodView):
        @blp.arguments(s.MatchQuerySchema, location="query")
        @blp.response(200, s.VacancyMatchesSchema)
        def get(self, args: dict[str, Any], returnee_id: str) -> Any:
            """Vacancies for a person with ``matching`` consent, with reasons and gaps
            (a counsellor: people of their centre; a returnee token: itself; else 404)."""
            actor = require(*PERSON_READERS)
            if actor.role == "returnee":
                limit("matches", actor)  # a person's kiosk session
            return mt.matches_for_returnee(
                c, actor, returnee_id, args["limit"], args["lang"], args.get("fair_id")
            )

    @blp.route("/returnees/<returnee_id>/gaps")
    class Gaps(MethodView):
        @blp.arguments(s.LangQuerySchema, location="query")
        @blp.response(200, s.GapSummarySchema)
        def get(self, args: dict[str, Any], returnee_id: str) -> Any:
            """Missing skills ranked by how many of the person's top 20 vacancies need them."""
            actor = require(*PERSON_READERS)
            return mt.gap_summary(c, actor, returnee_id, args["lang"])

    @blp.route("/vacancies/<vacancy_id>/candidates")
    class Candidates(MethodView):
        @blp.arguments(s.MatchQuerySchema, location="query")
        @blp.response(200, s.CandidatesSchema)
        def get(self, args: dict[str, Any], vacancy_id: str) -> Any:
            """People who consented to be shown to employers, ranked for a vacancy
            (an employer: its own vacancies; a counsellor: people of their centre)."""
            actor = require(PM, "counsellor", "employer")
            return mt.candidates_for_vacancy(c, actor, vacancy_id, args["limit"], args["lang"])

    @blp.route("/search/vacancies")
    class Search(MethodView):
        @blp.arguments(s.SearchInSchema)
        @blp.response(200, s.SearchResultSchema)
        def post(self, body: dict[str, Any]) -> Any:
            """Browse open vacancies by words and filters (a kiosk sees only its fair)."""
            actor = require(PM, "counsellor", "employer", "kiosk", "returnee", "service")
            limit("search", actor)
            return se.search_vacancies(c, actor, body)

    @blp.route("/outcomes")
    class Outcomes(MethodView):
        @blp.arguments(s.OutcomeInSchema)
        @blp.response(201, s.OutcomeSchema)
        def post(self, body: dict[str, Any]) -> Any:
            """Record an outcome; emits ``outcome.recorded`` (employers: interviewed, hired,
            rejected on their own vacancies; a returnee token: shown, saved, applied)."""
            actor = require(PM, "counsellor", "employer", "returnee")
            return oc.record_outcome(c, actor, body)

    @blp.route("/returnees/<returnee_id>/outcomes")
    class PersonOutcomes(MethodView):
        @blp.response(200, s.OutcomeListSchema)
        def get(self, returnee_id: str) -> Any:
            """A person's outcomes, oldest first."""
            return oc.list_outcomes(c, require(*PERSON_READERS), returnee_id)

    @blp.route("/models")
    class Models(MethodView):
        @blp.response(200, s.ModelListSchema)
        def get(self) -> Any:
            """Stored model versions and the active one."""
            require(PM)
            return tr.list_models(c)

    @blp.route("/models/train")
    class Train(MethodView):
        @blp.arguments(s.TrainInSchema)
        @blp.response(201, s.ModelSchema)
        def post(self, body: dict[str, Any]) -> Any:
            """Train from outcomes; activated only if it beats the active model (or forced by
            an admin); 409 when there are not enough labelled outcomes."""
            return tr.train(c, require(PM), body["force"])

    @blp.route("/models/<version>/activate")
    class Activate(MethodView):
        @blp.response(200, s.ModelSchema)
        def post(self, version: str) -> Any:
            """Make a stored version the active one (admin)."""
            require()
            return tr.activate(c, version)

    @blp.route("/indicators")
    class Indicators(MethodView):
        @blp.response(200, s.IndicatorsSchema)
        def get(self) -> Any:
            """Placements, retention and incentive budgets of the programme."""
            require(PM)
            return ind.indicators(c)

    return blp
