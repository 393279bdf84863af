"""Keep the message catalogues in step with the code (see docs/languages.md).

    python tools/catalogue.py update   # add the code's new messages to every .po, drop gone ones
    python tools/catalogue.py compile  # write each .mo from its .po
    python tools/catalogue.py check    # exit 1 if a .po misses a message or a .mo is stale

Needs Babel (the ``dev`` and ``test`` extras).
"""

from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "offshore_cli"
LOCALES = PACKAGE / "locale"
DOMAIN = "offshore"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def template() -> Catalog:
    """Every message the code marks, with the places it is used."""
    catalog = Catalog(project="offshore", domain=DOMAIN, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            PACKAGE, method_map=[("**.py", "python"), ("**.j2", "jinja2.ext:babel_extract")],
            keywords=KEYWORDS,
            comment_tags=("Translators:",)):
        catalog.add(message, None, [(f"src/offshore_cli/{filename}", lineno)],
                    auto_comments=comments, context=context)
    return catalog


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    return sorted(path.name for path in LOCALES.iterdir() if po_path(path.name).exists())


def read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def po_bytes(catalog: Catalog) -> bytes:
    """The .po text: sorted, without line numbers or dates, so that two changes that
    add different messages merge cleanly."""
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, sort_output=True,
             include_previous=False, no_location=True)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def update() -> None:
    fresh = template()
    for lang in languages():
        catalog = read(lang)
        catalog.update(fresh, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        po_path(lang).write_bytes(po_bytes(catalog))
        print(f"{po_path(lang).relative_to(ROOT)}: {len(catalog)} messages")


def compile_all() -> None:
    for lang in languages():
        mo = po_path(lang).with_suffix(".mo")
        mo.write_bytes(mo_bytes(read(lang)))
        print(f"{mo.relative_to(ROOT)} written")


def problems() -> list[str]:
    """What is out of step: messages the code uses that a catalogue lacks or leaves
    untranslated, and .mo files that are not their .po compiled."""
    found = []
    wanted = {(message.id if isinstance(message.id, str) else message.id[0], message.context)
              for message in template() if message.id}
    for lang in languages():
        catalog = read(lang)
        for key, context in sorted(wanted, key=str):
            entry = catalog.get(key, context=context)
            strings = entry.string if entry is not None else None
            texts = strings if isinstance(strings, tuple) else (strings,)
            if entry is None or entry.fuzzy or not all(texts):
                found.append(f"{lang}: no translation for {key!r}")
        mo = po_path(lang).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
            found.append(f"{lang}: {mo.relative_to(ROOT)} is not its .po compiled "
                         "(run python tools/catalogue.py compile)")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
