"""The web application factory: pages of every area, translations, security headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, Response, render_template, request, url_for
from flask_babel import Babel, get_locale

from services.web import i18n
from services.web.kiosk import kiosk_blueprint
from services.web.pages import pages_blueprint
from shared.config import Settings

HERE = Path(__file__).resolve().parent
# Pages call the APIs of the same origin; nothing is loaded from anywhere else.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
LANG_COOKIE_AGE_S = 365 * 24 * 3600


def create_web_app(settings: Settings) -> Flask:
    """A Flask app serving ``/kiosk``, ``/counsellor``, ``/employer``, ``/dashboard`` and
    ``/static``; translation catalogs are compiled into ``<var>/cache/translations``."""
    app = Flask(
        "jisr.web",
        static_folder=str(HERE / "static"),
        static_url_path="/static",
        template_folder=str(HERE / "templates"),
    )
    catalogs = i18n.compile_catalogs(settings.var_dir / "cache" / "translations")
    app.config.update(
        BABEL_DEFAULT_LOCALE=i18n.DEFAULT_LANG,
        BABEL_TRANSLATION_DIRECTORIES=str(catalogs),
        JISR_API_BASE=settings.extra.get("JISR_API_BASE", ""),
        JISR_SECURE_COOKIES=settings.mode == "production",
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    Babel(app, locale_selector=i18n.select_locale)
    app.register_blueprint(kiosk_blueprint())
    app.register_blueprint(pages_blueprint())

    @app.context_processor
    def page_context() -> dict[str, Any]:
        lang = str(get_locale() or i18n.DEFAULT_LANG)
        return {
            "lang": lang,
            "dir": i18n.direction(lang),
            "api_base": app.config["JISR_API_BASE"],
            "languages": [(code, i18n.LANG_NAMES[code], lang_url(code)) for code in i18n.LANGS],
        }

    @app.after_request
    def headers(resp: Response) -> Response:
        resp.headers.setdefault("Content-Security-Policy", CSP)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "no-referrer")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        if resp.mimetype == "text/html":
            resp.headers.setdefault("Cache-Control", "no-store")
        chosen = i18n.requested_lang()
        if chosen and request.cookies.get(i18n.LANG_COOKIE) != chosen:
            resp.set_cookie(
                i18n.LANG_COOKIE,
                chosen,
                max_age=LANG_COOKIE_AGE_S,
                samesite="Lax",
                secure=app.config["JISR_SECURE_COOKIES"],
            )
        return resp

    @app.errorhandler(404)
    def not_found(_: Exception) -> tuple[str, int]:
        return render_template("not_found.html"), 404

    return app


def lang_url(code: str) -> str:
    """This page in language ``code``, keeping its other query parameters."""
    if request.endpoint is None or request.endpoint == "static":
        return f"?lang={code}"
    args = {**request.args.to_dict(), **(request.view_args or {}), "lang": code}
    return url_for(request.endpoint, **args)
