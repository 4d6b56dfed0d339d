"""Request and response schemas of the matching service (unknown fields rejected)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from services.matching.domain.i18n import LANGS
from services.matching.service_layer.outcomes import STAGES
from shared.http.schemas import ID, StrictSchema

LANG = fields.String(load_default="en", validate=validate.OneOf(LANGS))


class MatchQuerySchema(StrictSchema):
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 100))
    lang = LANG
    fair_id = fields.String(validate=ID)


class LangQuerySchema(StrictSchema):
    lang = LANG


class GapSchema(Schema):
    skill = fields.String()
    label = fields.String()
    essential = fields.Boolean()
    training = fields.List(fields.String())


class ModelRefSchema(Schema):
    name = fields.String()
    version = fields.String()


class _MatchBase(Schema):
    score = fields.Float()
    rank = fields.Integer()
    reasons = fields.List(fields.String())
    gaps = fields.List(fields.Nested(GapSchema))
    incentives = fields.List(fields.String())
    distance_km = fields.Float(allow_none=True)


class VacancyMatchSchema(_MatchBase):
    vacancy_id = fields.String()


class CandidateMatchSchema(_MatchBase):
    returnee_id = fields.String()


class VacancyMatchesSchema(Schema):
    items = fields.List(fields.Nested(VacancyMatchSchema))
    model = fields.Nested(ModelRefSchema)


class CandidatesSchema(Schema):
    items = fields.List(fields.Nested(CandidateMatchSchema))
    model = fields.Nested(ModelRefSchema)


class SkillGapSchema(Schema):
    skill = fields.String()
    label = fields.String()
    vacancies = fields.Integer(metadata={"description": "how many of the top vacancies ask for it"})
    essential_in = fields.Integer(metadata={"description": "in how many of them it is essential"})
    training = fields.List(fields.String())


class GapSummarySchema(Schema):
    items = fields.List(fields.Nested(SkillGapSchema))
    vacancies_considered = fields.Integer()
    model = fields.Nested(ModelRefSchema)


class SearchFiltersSchema(StrictSchema):
    sector = fields.String(validate=validate.Length(1, 200))
    city = fields.String(validate=validate.Length(1, 120))
    fair_id = fields.String(validate=ID)
    occupation = fields.String(validate=validate.Length(1, 300))


class SearchInSchema(StrictSchema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    filters = fields.Nested(SearchFiltersSchema, load_default=dict)
    page = fields.Integer(load_default=1, validate=validate.Range(1, 10000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(1, 100))
    lang = LANG


class OccupationRefSchema(Schema):
    uri = fields.String()
    label = fields.String()


class VacancyCardSchema(Schema):
    vacancy_id = fields.String()
    title = fields.String()
    description = fields.String()
    employer = fields.String(allow_none=True)
    sector = fields.String(allow_none=True)
    city = fields.String(allow_none=True)
    occupation = fields.Nested(OccupationRefSchema, allow_none=True)
    closes_at = fields.String(allow_none=True)
    positions = fields.Integer()
    wage = fields.Dict(allow_none=True)
    incentives = fields.List(fields.String())
    fair_ids = fields.List(fields.String())


class SearchResultSchema(Schema):
    items = fields.List(fields.Nested(VacancyCardSchema))
    page = fields.Integer()
    page_size = fields.Integer()
    total = fields.Integer()


class OutcomeInSchema(StrictSchema):
    returnee_id = fields.String(required=True, validate=validate.Length(1, 80))
    vacancy_id = fields.String(required=True, validate=ID)
    stage = fields.String(required=True, validate=validate.OneOf(STAGES))
    at = fields.AwareDateTime()
    model_version = fields.String(validate=validate.Length(1, 60))


class OutcomeSchema(Schema):
    id = fields.String()
    returnee_id = fields.String()
    vacancy_id = fields.String()
    stage = fields.String()
    at = fields.DateTime()
    recorded_at = fields.DateTime()
    recorded_by = fields.String()
    model_name = fields.String(allow_none=True)
    model_version = fields.String(allow_none=True)


class OutcomeListSchema(Schema):
    items = fields.List(fields.Nested(OutcomeSchema))


class TrainInSchema(StrictSchema):
    force = fields.Boolean(load_default=False)


class ModelSchema(Schema):
    version = fields.String()
    name = fields.String()
    kind = fields.String()
    created_at = fields.DateTime()
    metrics = fields.Dict()
    features = fields.List(fields.String())
    active = fields.Boolean()
    forced = fields.Boolean()


class ModelListSchema(Schema):
    items = fields.List(fields.Nested(ModelSchema))
    active = fields.Nested(ModelRefSchema)


class IndicatorsSchema(Schema):
    placements = fields.Dict()
    retention = fields.Dict()
    incentives = fields.List(fields.Dict())
    outcomes_by_stage = fields.Dict()
