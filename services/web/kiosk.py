"""The job-fair kiosk: enrolment (the kiosk token goes into a cookie) and the touch page."""

from __future__ import annotations

import base64
import json
from typing import Any

from flask import Blueprint, current_app, make_response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from services.web import messages

KIOSK_COOKIE = "jisr_kiosk"
IDLE_MS_DEFAULT = 60_000
IDLE_MS_RANGE = (1_000, 600_000)
COOKIE_AGE_S = 30 * 24 * 3600


def unverified_claims(token: str) -> dict[str, Any] | None:
    """The claims of a JWT, read without checking the signature (the APIs check it).

    Enrolment uses them only to tell a person that they pasted the wrong kind of token.
    """
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        padded = parts[1] + "=" * (-len(parts[1]) % 4)
        claims = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, UnicodeDecodeError):
        return None
    return claims if isinstance(claims, dict) else None


def idle_ms() -> int:
    """How long the kiosk waits before wiping itself: ``?idle_ms=`` within bounds."""
    raw = request.args.get("idle_ms", "")
    if not raw.isdigit():
        return IDLE_MS_DEFAULT
    low, high = IDLE_MS_RANGE
    return max(low, min(high, int(raw)))


def kiosk_blueprint() -> Blueprint:
    """``/kiosk/`` (the touch page) and ``/kiosk/enrol`` (GET ``?token=`` or POST form)."""
    bp = Blueprint("kiosk", __name__, url_prefix="/kiosk")

    @bp.get("/")
    def page() -> ResponseReturnValue:
        """The kiosk: browse the fair's jobs, or enter a code to see one's own matches."""
        enrolled = bool(request.cookies.get(KIOSK_COOKIE))
        return render_template(
            "kiosk/kiosk.html",
            enrolled=enrolled,
            idle_ms=idle_ms(),
            messages=messages.for_page(messages.KIOSK),
        )

    @bp.route("/enrol", methods=["GET", "POST"])
    def enrol() -> ResponseReturnValue:
        """Keep a kiosk token in this device's cookie (path ``/kiosk``, same-site only).

        The page's script reads the cookie to call the APIs, so it cannot be HttpOnly;
        SameSite=Strict keeps other sites from riding on it.
        """
        token = (request.values.get("token") or "").strip()
        if not token:
            return render_template("kiosk/enrol.html", error=None, enrolled=False)
        claims = unverified_claims(token)
        if claims is None or claims.get("role") != "kiosk" or not claims.get("fair_id"):
            error = _("This is not a kiosk token. Ask the programme for a kiosk token.")
            return render_template("kiosk/enrol.html", error=error, enrolled=False), 422
        resp = make_response(render_template("kiosk/enrol.html", error=None, enrolled=True))
        resp.set_cookie(
            KIOSK_COOKIE,
            token,
            max_age=COOKIE_AGE_S,
            path="/kiosk",
            samesite="Strict",
            secure=current_app.config["JISR_SECURE_COOKIES"],
            httponly=False,
        )
        return resp

    @bp.post("/leave")
    def leave() -> ResponseReturnValue:
        """Forget this device's kiosk token."""
        resp = make_response(render_template("kiosk/enrol.html", error=None, enrolled=False))
        resp.delete_cookie(KIOSK_COOKIE, path="/kiosk", samesite="Strict")
        return resp

    return bp
