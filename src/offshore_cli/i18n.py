"""The language of the words a person reads: one per run, English by default.

Messages are written in English in the code and translated through gettext
catalogues (``locale/<lang>/LC_MESSAGES/offshore.mo``, compiled from the ``.po``
beside it; see docs/languages.md). The command layer resolves the run's language
(``resolve``) and installs it (``use``) before anything is written; the engine
never translates: it returns statuses and numbers, and ``render`` words them.

- ``_("text {name}")``: a message, translated; placeholders are filled after
  translation with ``str.format`` so that a translation may move them.
- ``ngettext(singular, plural, n)``: a message whose form follows ``n``.
- ``N_("text")``: marks a message for the catalogue without translating it yet
  (a help text built at import, translated when the help is shown).

English needs no catalogue: while it is the language, nothing is loaded and ``_``
returns its argument, so an English run pays nothing for the catalogues.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

DEFAULT = "en"
LANGUAGES = ("en", "fr")
DOMAIN = "offshore"
CATALOGUES = Path(__file__).parent / "locale"
# The environment variable that chooses the language when --lang is not given.
LANG_ENV = "OFFSHORE_LANG"


class _Catalogue(Protocol):
    def gettext(self, message: str) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


_catalogue: _Catalogue | None = None
_language = DEFAULT
_chosen = False


def _(message: str) -> str:
    """``message`` in the run's language."""
    return message if _catalogue is None else _catalogue.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the count ``n``, in the run's language (French says
    "1 jour" and "0 jour", English "1 day" and "0 days")."""
    if _catalogue is None:
        return singular if n == 1 else plural
    return _catalogue.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """``message`` unchanged, marked for the catalogue: it is translated where it is
    shown, by ``_``."""
    return message


def language() -> str:
    """The run's language: ``en`` until ``use`` installs another."""
    return _language


def chosen() -> bool:
    """Whether the run's language was chosen (``use``), as the command layer does;
    a library caller that never calls ``use`` has English by default."""
    return _chosen


def reset() -> None:
    """Back to the state of a fresh import: English, not chosen."""
    global _catalogue, _language, _chosen
    _catalogue, _language, _chosen = None, DEFAULT, False


def use(lang: str) -> None:
    """Make ``lang`` the run's language (one of ``LANGUAGES``)."""
    global _catalogue, _language, _chosen
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _chosen = True
    if lang == DEFAULT:
        _catalogue, _language = None, DEFAULT
        return
    if lang == _language and _catalogue is not None:
        return  # settled again once the plan is read: the catalogue is already loaded
    import gettext  # only a run in another language reads a catalogue

    path = CATALOGUES / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as handle:
        _catalogue = gettext.GNUTranslations(handle)
    _language = lang


def system_language(environ: Mapping[str, str]) -> str | None:
    """The language the POSIX locale asks for (``LC_ALL``, ``LC_MESSAGES``, then
    ``LANG``: the first one set decides), if it is one of ours: ``fr_FR.UTF-8`` is
    ``fr``; ``C``, ``POSIX`` and languages we do not have are ``None``."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code in LANGUAGES else None
    return None


def resolve(option: str | None, environ: Mapping[str, str],
            plan_locale: str | None = None) -> str:
    """The run's language, from the first of: ``--lang``, ``$OFFSHORE_LANG``, the
    plan's ``locale``, the POSIX locale (``LC_ALL``/``LC_MESSAGES``/``LANG``), English.
    An ``$OFFSHORE_LANG`` we do not have is passed over (the command line's
    ``--lang`` is checked by its parser)."""
    for choice in (option, environ.get(LANG_ENV, "").strip().lower() or None, plan_locale):
        if choice in LANGUAGES:
            return choice
    return system_language(environ) or DEFAULT
