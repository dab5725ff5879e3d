"""Translations: Japanese is the source language (the msgids); English comes from a gettext
catalogue (`locale/en/LC_MESSAGES/messages.po`, kept with Babel: `make messages`).

The catalogue is compiled in memory when first used, so no binary `.mo` file is kept in the
repository. The request's language lives in a context variable that the templates' `_()` and
Python code's `gettext` both read.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALES = ("ja", "en")
DEFAULT_LOCALE = "ja"
LOCALE_NAMES = {"ja": "日本語", "en": "English"}
CATALOGUES = Path(__file__).parent / "locale"

current_locale: ContextVar[str] = ContextVar("current_locale", default=DEFAULT_LOCALE)


@cache
def translations(locale: str) -> NullTranslations:
    po = CATALOGUES / locale / "LC_MESSAGES" / "messages.po"
    if locale == DEFAULT_LOCALE or not po.exists():
        return NullTranslations()
    with po.open("rb") as source:
        catalogue = read_po(source, locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled)


def gettext(message: str) -> str:
    return translations(current_locale.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_locale.get()).ngettext(singular, plural, n)


def join_list(items: Iterable[str]) -> str:
    """Items in a run, as text built in code: 「A、B」 in Japanese, "A, B" in English."""
    return ("、" if current_locale.get() == DEFAULT_LOCALE else ", ").join(items)


def join_sentences(*sentences: str) -> str:
    """Sentences built in code, in a row: 「A。B」 in Japanese, "A. B" in English."""
    return ("。" if current_locale.get() == DEFAULT_LOCALE else ". ").join(sentences)


def N_(message: str) -> str:  # noqa: N802  # the gettext convention's name
    """Mark a string for extraction without translating it (it is translated where shown).
    `N_` is one of Babel's default keywords, so `make messages` extracts it."""
    return message


def pick_locale(query: str | None, cookie: str | None) -> str:
    for candidate in (query, cookie):
        if candidate in LOCALES:
            return candidate
    return DEFAULT_LOCALE
