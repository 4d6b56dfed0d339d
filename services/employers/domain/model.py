"""Rules of the employers domain: vocabularies, vacancy lifecycle, incentive arithmetic."""

from __future__ import annotations

from datetime import date
from typing import Any

from shared.errors import Conflict, ValidationFailed

SIZES = ("micro", "small", "medium", "large")
ENGAGEMENT_LEVELS = ("inform", "consult", "manage_closely")
PARTNERSHIP_KINDS = (
    "mou",
    "long_term_agreement",
    "public_private_partnership",
    "research_collaboration",
)
PARTNERSHIP_STATUSES = ("draft", "active", "suspended", "ended")
SCHEME_TYPES = (
    "wage_subsidy",
    "cash_for_work",
    "apprenticeship",
    "internship",
    "on_the_job_training",
    "mentoring",
    "recognition",
)
TRAINING_SCHEME_TYPES = ("apprenticeship", "internship", "on_the_job_training")
SCHEME_STATUSES = ("active", "suspended", "closed")
ELIGIBILITY = ("returnees_only", "returnees_and_community")
VACANCY_STATUSES = ("open", "closed", "filled")
EMPLOYMENT_TYPES = ("full_time", "part_time", "temporary", "seasonal", "apprenticeship")
PLACEMENT_STATUSES = ("active", "ended")
FOLLOW_UP_MONTHS = (3, 6, 12)
FOLLOW_UP_STATUSES = ("employed", "left_job", "unreachable")

# Which terms each incentive type carries; anything else is rejected.
SCHEME_TERMS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "wage_subsidy": {"share": (int, float), "months": int, "monthly_cap": (int, float)},
    "cash_for_work": {"daily_rate": (int, float), "days": int},
    "apprenticeship": {"months": int, "stipend": (int, float)},
    "internship": {"months": int, "stipend": (int, float)},
    "on_the_job_training": {"months": int, "hours_per_week": int},
    "mentoring": {"months": int},
    "recognition": {"label": str},
}
REQUIRED_TERMS = {
    "wage_subsidy": ("share", "months", "monthly_cap"),
    "cash_for_work": ("daily_rate",),
}


def check_scheme_terms(scheme_type: str, terms: dict[str, Any]) -> None:
    """422 naming the term when a scheme's terms don't fit its type."""
    allowed = SCHEME_TERMS[scheme_type]
    errors: dict[str, list[str]] = {}
    for key, value in terms.items():
        if key not in allowed:
            errors[f"terms.{key}"] = [f"not a term of {scheme_type}"]
        elif isinstance(value, bool) or not isinstance(value, allowed[key]):
            errors[f"terms.{key}"] = ["wrong type"]
        elif isinstance(value, int | float) and value < 0:
            errors[f"terms.{key}"] = ["must not be negative"]
    for key in REQUIRED_TERMS.get(scheme_type, ()):
        if key not in terms:
            errors[f"terms.{key}"] = [f"required for {scheme_type}"]
    share = terms.get("share")
    if isinstance(share, int | float) and not isinstance(share, bool) and not 0 < share <= 1:
        errors["terms.share"] = ["must be a fraction in (0, 1]"]
    if errors:
        raise ValidationFailed("invalid incentive terms", errors)


def subsidy_commitment(scheme: dict[str, Any], monthly_wage: float | None) -> float:
    """What a placement under ``scheme`` commits from its budget.

    A wage subsidy pays ``share`` of the wage, capped monthly, for ``months``;
    cash-for-work pays its daily rate for its days; other types commit nothing.
    """
    terms = scheme["terms"]
    if scheme["type"] == "wage_subsidy":
        if monthly_wage is None:
            raise ValidationFailed(
                "a wage subsidy needs the wage", {"monthly_wage": ["required for a wage subsidy"]}
            )
        monthly = min(float(terms["share"]) * monthly_wage, float(terms["monthly_cap"]))
        return round(monthly * int(terms["months"]), 2)
    if scheme["type"] == "cash_for_work":
        return round(float(terms["daily_rate"]) * int(terms.get("days", 0)), 2)
    return 0.0


def check_budget(scheme: dict[str, Any], commitment: float) -> None:
    """409 when a commitment would exceed the scheme's remaining budget."""
    total = scheme.get("budget_total")
    if total is None:
        return
    remaining = float(total) - float(scheme.get("budget_committed") or 0.0)
    if commitment > remaining + 1e-9:
        raise Conflict(
            f"scheme budget exhausted: {commitment:.2f} needed, {remaining:.2f} remaining"
        )


def check_scheme_usable(scheme: dict[str, Any], on: date) -> None:
    """409 when a scheme is not active on the given date."""
    if scheme["status"] != "active":
        raise Conflict(f"incentive scheme is {scheme['status']}")
    if scheme.get("starts_on") and on < scheme["starts_on"]:
        raise Conflict("incentive scheme has not started")
    if scheme.get("ends_on") and on > scheme["ends_on"]:
        raise Conflict("incentive scheme has ended")


def next_vacancy_status(current: str, action: str, filled: int, positions: int) -> str:
    """The vacancy lifecycle: open -> closed | filled; closed and filled are final."""
    if current != "open":
        raise Conflict(f"vacancy is {current}")
    if action == "close":
        return "closed"
    if action == "place":
        return "filled" if filled >= positions else "open"
    raise ValueError(action)


def summarise_scheme(scheme: dict[str, Any]) -> str:
    """A plain-words summary, used in events and in match explanations."""
    terms = scheme.get("terms") or {}
    kind = scheme["type"]
    who = (
        "for returnees"
        if scheme["eligibility"] == "returnees_only"
        else "for returnees and community members"
    )
    if kind == "wage_subsidy":
        share = int(round(float(terms.get("share", 0)) * 100))
        return f"{terms.get('months')}-month wage subsidy ({share}% of wage) {who}"
    months = terms.get("months")
    label = kind.replace("_", " ")
    return f"{months}-month {label} {who}" if months else f"{label} {who}"
