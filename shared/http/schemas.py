"""Marshmallow pieces every service's schemas reuse (locations, languages, pages)."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

CEFR = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
LANG_CODE = validate.Regexp(r"^[a-z]{2,3}$", error="an ISO 639 language code such as 'ar'")
ID = validate.Length(1, 64)


class StrictSchema(Schema):
    """Unknown fields are an error, never silently dropped."""

    class Meta:
        unknown = RAISE
        ordered = True


class LocationSchema(StrictSchema):
    city = fields.String(validate=validate.Length(1, 120))
    region = fields.String(validate=validate.Length(1, 120))
    lat = fields.Float(validate=validate.Range(-90, 90))
    lon = fields.Float(validate=validate.Range(-180, 180))


class LanguageSchema(StrictSchema):
    code = fields.String(required=True, validate=LANG_CODE)
    level = fields.String(required=True, validate=validate.OneOf(CEFR))


class PageQuerySchema(StrictSchema):
    """``page`` from 1; ``page_size`` capped by the app (settings.max_page_size)."""

    page = fields.Integer(load_default=1, validate=validate.Range(1, 100000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(1, 100))


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """A response schema for one page of ``item``."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item)),
            "page": fields.Integer(),
            "page_size": fields.Integer(),
            "total": fields.Integer(),
        },
        name=name,
    )
