"""Gunicorn entry point of the embedded platform: ``gunicorn 'services.wsgi:create()'``."""

from __future__ import annotations

import logging
import os

from services.embedded import build_platform
from shared.config import Settings
from shared.logs import configure_logging

log = logging.getLogger(__name__)


def create() -> object:
    """Read settings once, build and start the platform, seed the demo if asked."""
    configure_logging()
    settings = Settings.from_env(os.environ)
    platform = build_platform(settings)
    platform.start()
    if settings.seed_demo:
        from services.demo import seed_demo

        seed_demo(platform)
    log.info(
        "jisr embedded platform ready",
        extra={"port": settings.port, "taxonomy": str(platform.taxonomy.stats())},
    )
    return platform.wsgi
