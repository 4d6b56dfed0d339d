"""The message catalogs of the pages: complete in French and Arabic, placeholders kept,
and compiled at start-up without any compiled file in the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from services.web.i18n import CATALOGS, LANGS, compile_catalogs

PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)s")


def _catalog(lang: str):  # type: ignore[no-untyped-def]
    with (CATALOGS / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def test_template_and_catalogs_hold_the_same_messages() -> None:
    with (CATALOGS / "messages.pot").open("rb") as fh:
        template = {m.id for m in read_po(fh) if m.id}
    for lang in LANGS:
        assert {m.id for m in _catalog(lang) if m.id} == template, lang


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_message_is_translated_with_its_placeholders(lang: str) -> None:
    for message in _catalog(lang):
        if not message.id:
            continue
        assert message.string, f"{lang}: no translation for {message.id!r}"
        assert not message.fuzzy, f"{lang}: fuzzy translation for {message.id!r}"
        want = sorted(PLACEHOLDER.findall(str(message.id)))
        assert sorted(PLACEHOLDER.findall(str(message.string))) == want, message.id


def test_catalogs_compile_into_the_cache(tmp_path: Path) -> None:
    out = compile_catalogs(tmp_path)
    for lang in LANGS:
        assert (out / lang / "LC_MESSAGES" / "messages.mo").stat().st_size > 0
    assert not list(CATALOGS.rglob("*.mo"))
