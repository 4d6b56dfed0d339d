"""Request and response schemas of the skills service (unknown fields rejected)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from webargs.fields import DelimitedList

from services.skills.domain import model as m
from shared.http.schemas import ID, LanguageSchema, LocationSchema, PageQuerySchema, StrictSchema

COUNTRY = validate.Regexp(r"^[A-Z]{2}$", error="an ISO 3166 alpha-2 country code such as 'EG'")
URI = validate.Length(1, 300)


def _lang() -> fields.String:
    return fields.String(load_default="en", validate=validate.OneOf(m.SEARCH_LANGS))


def _int(lo: int, hi: int, **kw: Any) -> fields.Integer:
    # strict: a JSON string "3" is a wrong type, not a number.
    return fields.Integer(strict=True, validate=validate.Range(lo, hi), **kw)


class PersonalSchema(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(1, 200))
    phone = fields.String(validate=validate.Length(3, 40))
    email = fields.Email(validate=validate.Length(max=254))
    address = fields.String(validate=validate.Length(1, 500))
    birth_year = _int(1900, 2100)


class PersonalPatchSchema(PersonalSchema):
    name = fields.String(validate=validate.Length(1, 200))
    phone = fields.String(validate=validate.Length(3, 40), allow_none=True)
    email = fields.Email(validate=validate.Length(max=254), allow_none=True)
    address = fields.String(validate=validate.Length(1, 500), allow_none=True)
    birth_year = _int(1900, 2100, allow_none=True)


class ReturneeInSchema(StrictSchema):
    personal = fields.Nested(PersonalSchema, required=True)
    centre_id = fields.String(validate=ID)
    status = fields.String(validate=validate.OneOf(m.STATUSES))
    gender = fields.String(validate=validate.OneOf(m.GENDERS), allow_none=True)
    location = fields.Nested(LocationSchema, allow_none=True)
    languages = fields.List(fields.Nested(LanguageSchema), validate=validate.Length(max=20))
    education_level = _int(0, 8, allow_none=True)
    education_field = fields.String(validate=validate.Length(1, 200), allow_none=True)
    consents = fields.List(
        fields.String(validate=validate.OneOf(m.PURPOSES)), validate=validate.Length(max=4)
    )
    consent_method = fields.String(validate=validate.OneOf(m.CONSENT_METHODS))


class ReturneePatchSchema(StrictSchema):
    personal = fields.Nested(PersonalPatchSchema)
    centre_id = fields.String(validate=ID, allow_none=True)
    status = fields.String(validate=validate.OneOf(m.STATUSES))
    gender = fields.String(validate=validate.OneOf(m.GENDERS), allow_none=True)
    location = fields.Nested(LocationSchema, allow_none=True)
    languages = fields.List(fields.Nested(LanguageSchema), validate=validate.Length(max=20))
    education_level = _int(0, 8, allow_none=True)
    education_field = fields.String(validate=validate.Length(1, 200), allow_none=True)


class ReturneeQuerySchema(StrictSchema):
    include = fields.String(validate=validate.OneOf(("personal",)))
    purpose = fields.String(validate=validate.Length(3, 200))
    fields_ = DelimitedList(
        fields.String(validate=validate.OneOf(m.PERSONAL_FIELDS)), data_key="fields"
    )

    @validates_schema
    def _purpose_needed(self, data: dict[str, Any], **_: Any) -> None:
        # Personal details are read for a stated reason, which goes into the audit log.
        if data.get("include") == "personal" and not data.get("purpose"):
            raise ValidationError("required when include=personal", "purpose")


class ReturneeListQuerySchema(PageQuerySchema):
    centre_id = fields.String(validate=ID)


class ExportQuerySchema(StrictSchema):
    purpose = fields.String(load_default="subject_access_request", validate=validate.Length(3, 200))


class SkillRecordInSchema(StrictSchema):
    uri = fields.String(validate=URI)
    label = fields.String(validate=validate.Length(1, 200))
    proficiency = _int(1, 4, load_default=2)
    evidence = fields.String(load_default="self_declared", validate=validate.OneOf(m.EVIDENCE))
    acquired_in = fields.String(validate=COUNTRY)
    years = fields.Float(validate=validate.Range(0, 70))
    lang = _lang()


class SkillRecordPatchSchema(StrictSchema):
    proficiency = _int(1, 4)
    evidence = fields.String(validate=validate.OneOf(m.EVIDENCE))
    acquired_in = fields.String(validate=COUNTRY, allow_none=True)
    years = fields.Float(validate=validate.Range(0, 70), allow_none=True)


class SkillRecordSchema(Schema):
    id = fields.String()
    uri = fields.String()
    proficiency = fields.Integer()
    evidence = fields.String()
    acquired_in = fields.String(allow_none=True)
    years = fields.Float(allow_none=True)
    recorded_by = fields.String(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class SkillRecordListSchema(Schema):
    items = fields.List(fields.Nested(SkillRecordSchema))


class ExperienceInSchema(StrictSchema):
    occupation = fields.String(validate=URI)
    label = fields.String(validate=validate.Length(1, 200))
    years = fields.Float(required=True, validate=validate.Range(0, 70))
    country = fields.String(validate=COUNTRY)
    lang = _lang()


class ExperienceSchema(Schema):
    id = fields.String()
    occupation = fields.String()
    years = fields.Float()
    country = fields.String(allow_none=True)
    created_at = fields.DateTime()


class ExperienceListSchema(Schema):
    items = fields.List(fields.Nested(ExperienceSchema))


class EducationSchema(StrictSchema):
    level = _int(0, 8, required=True)
    field = fields.String(validate=validate.Length(1, 200), allow_none=True)


class AspirationsInSchema(StrictSchema):
    occupations = fields.List(fields.String(validate=URI), validate=validate.Length(max=20))
    regions = fields.List(
        fields.String(validate=validate.Length(1, 120)), validate=validate.Length(max=20)
    )
    relocate = fields.Boolean(load_default=False)
    max_km = fields.Float(validate=validate.Range(0, 20000), allow_none=True)
    min_monthly_wage = fields.Float(validate=validate.Range(0, 10_000_000), allow_none=True)
    lang = _lang()


class AspirationsSchema(Schema):
    occupations = fields.List(fields.String())
    regions = fields.List(fields.String())
    relocate = fields.Boolean()
    max_km = fields.Float(allow_none=True)
    min_monthly_wage = fields.Float(allow_none=True)


class ReturneeSchema(Schema):
    id = fields.String()
    centre_id = fields.String(allow_none=True)
    status = fields.String()
    gender = fields.String(allow_none=True)
    location = fields.Nested(LocationSchema, allow_none=True)
    languages = fields.List(fields.Nested(LanguageSchema))
    education_level = fields.Integer(allow_none=True)
    education_field = fields.String(allow_none=True)
    aspirations = fields.Nested(AspirationsSchema)
    consents = fields.Dict(keys=fields.String(), values=fields.Boolean())
    skills = fields.List(fields.Nested(SkillRecordSchema))
    experience = fields.List(fields.Nested(ExperienceSchema))
    age_band = fields.String(allow_none=True)
    personal = fields.Nested(PersonalPatchSchema)
    version = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class ConsentInSchema(StrictSchema):
    method = fields.String(validate=validate.OneOf(m.CONSENT_METHODS))
    note = fields.String(validate=validate.Length(1, 1000))


class ConsentChangeSchema(Schema):
    id = fields.String()
    purpose = fields.String()
    granted = fields.Boolean()
    at = fields.DateTime()
    recorded_by = fields.String(allow_none=True)
    recorded_by_role = fields.String(allow_none=True)
    method = fields.String(allow_none=True)
    note = fields.String(allow_none=True)


class ConsentsSchema(Schema):
    consents = fields.Dict(keys=fields.String(), values=fields.Boolean())
    history = fields.List(fields.Nested(ConsentChangeSchema))


class KioskCodeInSchema(StrictSchema):
    fair_id = fields.String(validate=ID)


class KioskCodeSchema(Schema):
    code = fields.String()
    expires_at = fields.DateTime()
    fair_id = fields.String(allow_none=True)


class RedeemInSchema(StrictSchema):
    code = fields.String(required=True, validate=validate.Length(1, 32))


class RedeemSchema(Schema):
    returnee_id = fields.String()
    first_name = fields.String()
    token = fields.String()
    expires_at = fields.DateTime()


class AuditSchema(Schema):
    id = fields.String()
    subject = fields.String()
    action = fields.String()
    fields_ = fields.List(fields.String(), data_key="fields", attribute="fields")
    purpose = fields.String(allow_none=True)
    actor_token_id = fields.String(allow_none=True)
    actor_role = fields.String()
    at = fields.DateTime()


class AuditQuerySchema(PageQuerySchema):
    subject = fields.String(validate=ID)


class SearchQuerySchema(StrictSchema):
    q = fields.String(required=True, validate=validate.Length(1, 200))
    lang = _lang()
    limit = fields.Integer(load_default=10, validate=validate.Range(1, 50))


class DetailQuerySchema(StrictSchema):
    uri = fields.String(required=True, validate=URI)
    lang = _lang()


class MatchSchema(Schema):
    uri = fields.String()
    label = fields.String()
    score = fields.Float()


class MatchListSchema(Schema):
    items = fields.List(fields.Nested(MatchSchema))


class LabelInSchema(StrictSchema):
    uri = fields.String(required=True, validate=URI)
    lang = fields.String(required=True, validate=validate.OneOf(m.SEARCH_LANGS))
    label = fields.String(required=True, validate=validate.Length(1, 200))


class LabelSchema(Schema):
    id = fields.String()
    uri = fields.String()
    lang = fields.String()
    label = fields.String()
    created = fields.Boolean()


class ReferralInSchema(StrictSchema):
    provider = fields.String(
        required=True,
        validate=validate.Length(1, 200),
        metadata={"description": "the training provider's name or id"},
    )
    purpose = fields.String(required=True, validate=validate.OneOf(("referral_to_training",)))
    training = fields.String(
        validate=validate.Length(1, 300),
        metadata={"description": "an incentive scheme id or the training's name"},
    )
    ttl_days = _int(1, 90, load_default=30)


class PacketSkillSchema(Schema):
    uri = fields.String()
    label = fields.String()
    proficiency = fields.Integer()
    evidence = fields.String()
    years = fields.Float(allow_none=True)


class PacketPersonSchema(Schema):
    first_name = fields.String()
    skills = fields.List(fields.Nested(PacketSkillSchema))
    languages = fields.List(fields.Nested(LanguageSchema))
    education_level = fields.Integer(allow_none=True)


class ReferralPacketSchema(Schema):
    format = fields.String()
    reference = fields.String()
    purpose = fields.String()
    provider = fields.String()
    training = fields.String(allow_none=True)
    centre_id = fields.String(allow_none=True)
    issued_at = fields.DateTime()
    expires_at = fields.DateTime()
    person = fields.Nested(PacketPersonSchema)


class ReferralSchema(Schema):
    id = fields.String()
    code = fields.String()
    packet = fields.Nested(ReferralPacketSchema)


class RotationSchema(Schema):
    rotated = fields.Integer(metadata={"description": "rows re-encrypted with the newest key"})
