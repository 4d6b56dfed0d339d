"""The web pages of Jisr: the kiosk, the counsellor's and employer's pages, the dashboard.

One package is the front end of all three services. Pages are rendered on the server
(Flask + Jinja, translated with Flask-Babel) and call the services' JSON APIs from the
browser with ``fetch`` and a bearer token; this package holds no data of its own.
Build the app with :func:`services.web.app.create_web_app`.
"""

from __future__ import annotations

# The first path segments the web app answers; the embedded router sends these to it.
WEB_PREFIXES = ("kiosk", "counsellor", "employer", "dashboard", "static")
