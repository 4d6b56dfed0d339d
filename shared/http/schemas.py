"""Marshmallow pieces every service's schemas reuse (locations, languages, pages)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, pre_load, validate

CEFR = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
LANG_CODE = validate.Regexp(r"^[a-z]{2,3}$", error="an ISO 639 language code such as 'ar'")
ID = validate.Length(1, 64)


NUL = "must not contain NUL characters"


def has_nul(value: Any) -> bool:
    """A NUL character anywhere in a string, list or object (keys included)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    return False


class StrictSchema(Schema):
    """Unknown fields are an error, never silently dropped; so are NUL characters, which
    SQLite stores but PostgreSQL refuses (a 500 there instead of a clear 422)."""

    class Meta:
        unknown = RAISE
        ordered = True

    @pre_load
    def _refuse_nul(self, data: Any, **_: Any) -> Any:
        if isinstance(data, Mapping):
            bad = {str(k): [NUL] for k, v in data.items() if has_nul(k) or has_nul(v)}
            if bad:
                raise ValidationError(bad)
        return data


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
