"""Turning what users type (ESCO URIs or free-text labels) into taxonomy URIs, or a 422."""

from __future__ import annotations

from typing import Any

from shared.errors import ValidationFailed
from shared.taxonomy.taxonomy import Taxonomy


def _candidates(res: Any) -> list[str]:
    return [f"{m.label} <{m.uri}>" for m in res.candidates[:5]]


def resolve_skill_ref(taxonomy: Taxonomy, item: dict[str, Any], field: str, lang: str) -> str:
    """The skill URI of ``{"uri"}`` or ``{"label"}``; 422 naming ``field`` otherwise.

    An ambiguous or unknown label lists the candidates; nothing is guessed.
    """
    uri = item.get("uri")
    label = item.get("label")
    if uri and label:
        raise ValidationFailed("give uri or label", {field: ["give either uri or label, not both"]})
    if uri:
        if taxonomy.skill(uri) is None:
            raise ValidationFailed("unknown skill", {f"{field}.uri": ["unknown ESCO skill URI"]})
        return str(uri)
    if not label:
        raise ValidationFailed("missing skill", {field: ["uri or label is required"]})
    res = taxonomy.resolve_skill(label, lang)
    if res.uri is None:
        msg = "ambiguous skill label; candidates: " if res.candidates else "no ESCO skill matches"
        raise ValidationFailed(
            "unresolved skill label", {f"{field}.label": [msg + "; ".join(_candidates(res))]}
        )
    return res.uri


def resolve_occupation_ref(
    taxonomy: Taxonomy, uri: str | None, title: str | None, field: str, lang: str
) -> str:
    """An occupation URI given directly, or mapped from a title; 422 naming ``field``."""
    if uri:
        if taxonomy.occupation(uri) is None:
            raise ValidationFailed("unknown occupation", {field: ["unknown ESCO occupation URI"]})
        return uri
    if not title:
        raise ValidationFailed("missing occupation", {field: ["required"]})
    res = taxonomy.resolve_occupation(title, lang)
    if res.uri is None:
        msg = (
            "title maps to several occupations; choose one: "
            if res.candidates
            else "no ESCO occupation matches the title"
        )
        raise ValidationFailed(
            "unresolved occupation", {field: [msg + "; ".join(_candidates(res))]}
        )
    return res.uri


def resolve_skill_list(
    taxonomy: Taxonomy, items: list[dict[str, Any]], field: str, lang: str
) -> list[dict[str, Any]]:
    """Resolve every item of a skills list, collecting every field's error into one 422."""
    out: list[dict[str, Any]] = []
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    for i, item in enumerate(items):
        try:
            uri = resolve_skill_ref(taxonomy, item, f"{field}.{i}", lang)
        except ValidationFailed as exc:
            errors.update(exc.errors or {})
            continue
        if uri in seen:
            errors[f"{field}.{i}"] = ["skill listed twice"]
            continue
        seen.add(uri)
        out.append({**{k: v for k, v in item.items() if k not in ("uri", "label")}, "uri": uri})
    if errors:
        raise ValidationFailed("invalid skills", errors)
    return out
