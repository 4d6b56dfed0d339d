"""The counsellor's and employer's pages and the programme dashboard.

Each view only renders a shell: the page signs in with a pasted token (kept in the
tab's sessionStorage) and fetches everything from the JSON APIs itself, so every read
goes through the same authorisation checks as any other client.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template
from flask.typing import ResponseReturnValue

from services.web import messages

# Ids are pseudonymous hex or uuid strings; anything else cannot be a record here.
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _check_id(value: str) -> str:
    if not _ID.match(value):
        abort(404)
    return value


def _staff(template: str, area: str, **context: object) -> str:
    return render_template(
        template,
        area=area,
        messages=messages.for_page(messages.STAFF),
        purposes=messages.CONSENT_PURPOSES,
        **context,
    )


def pages_blueprint() -> Blueprint:
    """``/counsellor/...``, ``/employer/...`` and ``/dashboard/``."""
    bp = Blueprint("pages", __name__)

    @bp.get("/counsellor/")
    def counsellor_home() -> ResponseReturnValue:
        """The counsellor's returnees, newest first, and the ways in."""
        return _staff("counsellor/home.html", "counsellor")

    @bp.get("/counsellor/register")
    def counsellor_register() -> ResponseReturnValue:
        """Register a returnee, with consent captured purpose by purpose."""
        return _staff("counsellor/register.html", "counsellor")

    @bp.get("/counsellor/returnees/<returnee_id>")
    def counsellor_returnee(returnee_id: str) -> ResponseReturnValue:
        """One returnee: consents, skills, matches with reasons and gaps, outcomes."""
        return _staff("counsellor/returnee.html", "counsellor", returnee_id=_check_id(returnee_id))

    @bp.get("/counsellor/follow-ups")
    def counsellor_follow_ups() -> ResponseReturnValue:
        """Placements whose 3-, 6- or 12-month follow-up is due and not yet recorded."""
        return _staff("counsellor/follow_ups.html", "counsellor")

    @bp.get("/employer/")
    def employer_home() -> ResponseReturnValue:
        """The employer's profile and vacancies."""
        return _staff("employer/home.html", "employer")

    @bp.get("/employer/vacancies/new")
    def employer_new_vacancy() -> ResponseReturnValue:
        """Post a vacancy; the chosen ESCO occupation suggests its skills."""
        return _staff("employer/new_vacancy.html", "employer")

    @bp.get("/employer/vacancies/<vacancy_id>")
    def employer_vacancy(vacancy_id: str) -> ResponseReturnValue:
        """One vacancy: consenting candidates (pseudonymised) with reasons; record a hire."""
        return _staff("employer/vacancy.html", "employer", vacancy_id=_check_id(vacancy_id))

    @bp.get("/dashboard/")
    def dashboard() -> ResponseReturnValue:
        """Programme indicators drawn as charts in the browser."""
        return _staff("dashboard/dashboard.html", "dashboard")

    return bp
