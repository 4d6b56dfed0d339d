"""Request and response schemas of the employers service (unknown fields rejected)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from services.employers.domain import model as m
from shared.http.schemas import ID, LanguageSchema, LocationSchema, PageQuerySchema, StrictSchema


class ContactSchema(StrictSchema):
    name = fields.String(validate=validate.Length(1, 200))
    role = fields.String(validate=validate.Length(1, 120))
    phone = fields.String(validate=validate.Length(3, 40))
    email = fields.Email()


class EmployerInSchema(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(1, 200))
    sector = fields.String(validate=validate.Length(1, 200))
    isic = fields.String(validate=validate.Regexp(r"^[A-U]?\d{0,4}$"))
    size = fields.String(validate=validate.OneOf(m.SIZES))
    location = fields.Nested(LocationSchema)
    contact = fields.Nested(ContactSchema)
    engagement_level = fields.String(validate=validate.OneOf(m.ENGAGEMENT_LEVELS))


class EmployerPatchSchema(EmployerInSchema):
    name = fields.String(validate=validate.Length(1, 200))


class EmployerSchema(EmployerInSchema):
    # what was not given is stored as null (responses document that)
    sector = fields.String(allow_none=True)
    isic = fields.String(allow_none=True)
    size = fields.String(validate=validate.OneOf(m.SIZES), allow_none=True)
    location = fields.Nested(LocationSchema, allow_none=True)
    contact = fields.Nested(ContactSchema, allow_none=True)
    id = fields.String()
    version = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class EmployerQuerySchema(PageQuerySchema):
    sector = fields.String(validate=validate.Length(1, 200))


class SkillRefSchema(StrictSchema):
    uri = fields.String(validate=validate.Length(1, 300))
    label = fields.String(validate=validate.Length(1, 200))
    essential = fields.Boolean(load_default=True)


class WageSchema(StrictSchema):
    amount = fields.Float(required=True, validate=validate.Range(0, 10_000_000))
    currency = fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{3}$"))
    period = fields.String(load_default="month", validate=validate.OneOf(("hour", "day", "month")))


class VacancyInSchema(StrictSchema):
    title = fields.String(required=True, validate=validate.Length(1, 200))
    description = fields.String(required=True, validate=validate.Length(1, 20000))
    occupation = fields.String(validate=validate.Length(1, 300))
    skills = fields.List(fields.Nested(SkillRefSchema), validate=validate.Length(max=60))
    languages = fields.List(fields.Nested(LanguageSchema), validate=validate.Length(max=10))
    education_level = fields.Integer(validate=validate.Range(0, 8))
    experience_years = fields.Float(validate=validate.Range(0, 60))
    location = fields.Nested(LocationSchema)
    positions = fields.Integer(validate=validate.Range(1, 10000))
    closes_at = fields.AwareDateTime(default_timezone=None)
    incentive_ids = fields.List(fields.String(validate=ID), validate=validate.Length(max=20))
    fair_ids = fields.List(fields.String(validate=ID), validate=validate.Length(max=20))
    wage = fields.Nested(WageSchema)
    employment_type = fields.String(validate=validate.OneOf(m.EMPLOYMENT_TYPES))
    lang = fields.String(load_default="en", validate=validate.OneOf(("en", "fr", "ar")))


class VacancyPatchSchema(VacancyInSchema):
    title = fields.String(validate=validate.Length(1, 200))
    description = fields.String(validate=validate.Length(1, 20000))
    lang = fields.String(validate=validate.OneOf(("en", "fr", "ar")))


class VacancySkillSchema(Schema):
    uri = fields.String()
    essential = fields.Boolean()


class VacancySchema(Schema):
    id = fields.String()
    employer_id = fields.String()
    status = fields.String()
    title = fields.String()
    description = fields.String()
    occupation = fields.String()
    skills = fields.List(fields.Nested(VacancySkillSchema))
    languages = fields.List(fields.Nested(LanguageSchema))
    education_level = fields.Integer(allow_none=True)
    experience_years = fields.Float(allow_none=True)
    location = fields.Nested(LocationSchema, allow_none=True)
    positions = fields.Integer()
    filled = fields.Integer()
    closes_at = fields.DateTime(allow_none=True)
    incentive_ids = fields.List(fields.String())
    fair_ids = fields.List(fields.String())
    wage = fields.Nested(WageSchema, allow_none=True)
    employment_type = fields.String(allow_none=True)
    version = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class VacancyQuerySchema(PageQuerySchema):
    status = fields.String(validate=validate.OneOf(m.VACANCY_STATUSES))
    q = fields.String(validate=validate.Length(1, 200))
    fair_id = fields.String(validate=ID)
    employer_id = fields.String(validate=ID)
    occupation = fields.String(validate=validate.Length(1, 300))


class SchemeInSchema(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(1, 200))
    type = fields.String(required=True, validate=validate.OneOf(m.SCHEME_TYPES))
    employer_id = fields.String(validate=ID)
    eligibility = fields.String(validate=validate.OneOf(m.ELIGIBILITY))
    terms = fields.Dict(keys=fields.String(), values=fields.Raw())
    occupations = fields.List(fields.String(validate=validate.Length(1, 300)))
    skills = fields.List(fields.String(validate=validate.Length(1, 300)))
    budget_total = fields.Float(validate=validate.Range(0, 1e12))
    currency = fields.String(validate=validate.Regexp(r"^[A-Z]{3}$"))
    starts_on = fields.Date()
    ends_on = fields.Date()


class SchemePatchSchema(StrictSchema):
    name = fields.String(validate=validate.Length(1, 200))
    status = fields.String(validate=validate.OneOf(m.SCHEME_STATUSES))
    terms = fields.Dict(keys=fields.String(), values=fields.Raw())
    occupations = fields.List(fields.String(validate=validate.Length(1, 300)))
    skills = fields.List(fields.String(validate=validate.Length(1, 300)))
    budget_total = fields.Float(validate=validate.Range(0, 1e12), allow_none=True)
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)


class SchemeSchema(SchemeInSchema):
    employer_id = fields.String(allow_none=True)
    budget_total = fields.Float(allow_none=True)
    currency = fields.String(allow_none=True)
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    id = fields.String()
    status = fields.String()
    budget_committed = fields.Float()
    budget_remaining = fields.Float(allow_none=True)
    summary = fields.String()
    version = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class SchemeQuerySchema(PageQuerySchema):
    type = fields.String(validate=validate.OneOf(m.SCHEME_TYPES))
    status = fields.String(validate=validate.OneOf(m.SCHEME_STATUSES))


class PartnershipInSchema(StrictSchema):
    employer_id = fields.String(required=True, validate=ID)
    kind = fields.String(required=True, validate=validate.OneOf(m.PARTNERSHIP_KINDS))
    status = fields.String(validate=validate.OneOf(m.PARTNERSHIP_STATUSES))
    starts_on = fields.Date()
    ends_on = fields.Date()
    notes = fields.String(validate=validate.Length(max=5000))


class PartnershipPatchSchema(StrictSchema):
    status = fields.String(validate=validate.OneOf(m.PARTNERSHIP_STATUSES))
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    notes = fields.String(validate=validate.Length(max=5000))


class PartnershipSchema(PartnershipInSchema):
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    notes = fields.String(allow_none=True)
    id = fields.String()
    version = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class PartnershipQuerySchema(PageQuerySchema):
    employer_id = fields.String(validate=ID)


class FairInSchema(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(1, 200))
    city = fields.String(validate=validate.Length(1, 120))
    starts_on = fields.Date()
    ends_on = fields.Date()


class FairSchema(FairInSchema):
    city = fields.String(allow_none=True)
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    id = fields.String()
    version = fields.Integer()
    created_at = fields.DateTime()


class PlacementInSchema(StrictSchema):
    vacancy_id = fields.String(required=True, validate=ID)
    returnee_id = fields.String(required=True, validate=ID)
    start_date = fields.Date(required=True)
    scheme_id = fields.String(validate=ID)
    monthly_wage = fields.Float(validate=validate.Range(0, 10_000_000))


class FollowUpInSchema(StrictSchema):
    month = fields.Integer(required=True, validate=validate.OneOf(m.FOLLOW_UP_MONTHS))
    status = fields.String(required=True, validate=validate.OneOf(m.FOLLOW_UP_STATUSES))
    at = fields.Date(required=True)
    notes = fields.String(validate=validate.Length(max=2000))


class FollowUpSchema(Schema):
    month = fields.Integer()
    status = fields.String()
    at = fields.String()
    notes = fields.String()
    recorded_at = fields.String()


class PlacementSchema(PlacementInSchema):
    scheme_id = fields.String(allow_none=True)
    monthly_wage = fields.Float(allow_none=True)
    id = fields.String()
    employer_id = fields.String()
    subsidy_committed = fields.Float()
    status = fields.String()
    follow_ups = fields.List(fields.Nested(FollowUpSchema))
    version = fields.Integer()
    created_at = fields.DateTime()


class PlacementQuerySchema(PageQuerySchema):
    employer_id = fields.String(validate=ID)
    vacancy_id = fields.String(validate=ID)
    returnee_id = fields.String(validate=ID)
