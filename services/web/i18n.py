"""Languages of the pages: which one a request wants, its direction, and the catalogs.

Catalogs are committed as ``.po`` files and compiled to ``.mo`` at start-up into the
cache under ``var/``, so no compiled file lives in the repository and ``make setup``
needs no extra step.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import request

LANGS = ("ar", "fr", "en")
DEFAULT_LANG = "en"
RTL = frozenset({"ar"})
LANG_COOKIE = "jisr_lang"
# Each language named in itself, for the language switch.
LANG_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}
CATALOGS = Path(__file__).resolve().parent / "translations"


def requested_lang() -> str | None:
    """The language named by ``?lang=``, if it is one we have."""
    lang = request.args.get("lang", "")
    return lang if lang in LANGS else None


def select_locale() -> str:
    """``?lang=`` first, then the remembered choice, then the browser's preference."""
    chosen = requested_lang()
    if chosen:
        return chosen
    remembered = request.cookies.get(LANG_COOKIE, "")
    if remembered in LANGS:
        return remembered
    return request.accept_languages.best_match(LANGS) or DEFAULT_LANG


def direction(lang: str) -> str:
    """``rtl`` for Arabic, ``ltr`` otherwise."""
    return "rtl" if lang in RTL else "ltr"


def compile_catalogs(target: Path, source: Path = CATALOGS) -> Path:
    """Compile every ``<lang>/LC_MESSAGES/messages.po`` under ``source`` into ``target``.

    A catalog is rebuilt only when its ``.po`` is newer; the ``.mo`` is written to a
    temporary file and renamed, so workers starting together never read half a file.
    """
    for po_path in sorted(source.glob("*/LC_MESSAGES/messages.po")):
        lang = po_path.parent.parent.name
        mo_path = target / lang / "LC_MESSAGES" / "messages.mo"
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        fd, tmp = tempfile.mkstemp(dir=mo_path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                write_mo(out, catalog)
            os.replace(tmp, mo_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return target
