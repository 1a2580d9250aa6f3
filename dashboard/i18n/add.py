"""Add messages to one area's catalogs: `python -m dashboard.i18n.add AREA FILE.json`.

`python -m dashboard.i18n.add --remove AREA "English message" ...` takes messages the code no
longer uses out of the area's template and catalogs.

FILE.json maps each English message to its five translations:

    {"Save": {"ar": "حفظ", "zh": "保存", "fr": "Enregistrer", "ru": "Сохранить", "es": "Guardar"}}

The area folder (`dashboard/i18n/locales/AREA/`) is created when new. A message already in the
area gets the translations given (a correction); placeholders must match the English message's,
or nothing is written. Messages are kept in the order they were first added.
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from dashboard.i18n import DEFAULT, LANGUAGES, LOCALES, PLACEHOLDER

TRANSLATED = [code for code in LANGUAGES if code != DEFAULT]


def _load(path: Path, locale: str | None) -> Catalog:
    if not path.exists():
        return Catalog(locale=locale, project="Dialogue Desk", fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _save(catalog: Catalog, path: Path, language: str | None) -> None:
    header = (f"# Dialogue Desk user interface, {language or 'template'}.\n"
              'msgid ""\nmsgstr ""\n"Project-Id-Version: Dialogue Desk\\n"\n'
              f'"Language: {language or ""}\\n"\n"MIME-Version: 1.0\\n"\n'
              '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n\n')
    body = io.BytesIO()
    write_po(body, catalog, width=0, omit_header=True, sort_output=False, ignore_obsolete=True)
    path.write_bytes(header.encode("utf-8") + body.getvalue())


def problems(entries: dict[str, dict[str, str]]) -> list[str]:
    """What is wrong with the entries (missing languages, placeholders that differ)."""
    found = []
    for message, translations in entries.items():
        for language in TRANSLATED:
            text = (translations or {}).get(language, "")
            if not text.strip():
                found.append(f"{message!r}: no {language} translation")
            elif sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(message)):
                found.append(f"{message!r}: the {language} placeholders differ from the English")
    return found


def add(area: str, entries: dict[str, dict[str, str]]) -> int:
    """Write the entries into the area's template and its five catalogs; returns how many are new."""
    wrong = problems(entries)
    if wrong:
        raise ValueError("\n".join(wrong))
    folder = LOCALES / area
    folder.mkdir(parents=True, exist_ok=True)
    template = _load(folder / "messages.pot", None)
    new = sum(1 for message in entries if message not in template)
    for message in entries:
        if message not in template:
            template.add(message, "")
    _save(template, folder / "messages.pot", None)
    for language in TRANSLATED:
        catalog = _load(folder / f"{language}.po", language)
        for message, translations in entries.items():
            if message in catalog:
                catalog[message].string = translations[language]  # Catalog.add would keep the old one
            else:
                catalog.add(message, translations[language])
        _save(catalog, folder / f"{language}.po", language)
    return new


def remove(area: str, messages: list[str]) -> int:
    """Take `messages` out of the area's template and catalogs; returns how many the template had."""
    folder = LOCALES / area
    template = _load(folder / "messages.pot", None)
    found = sum(1 for message in messages if message in template)
    for language in (None, *TRANSLATED):
        path = folder / ("messages.pot" if language is None else f"{language}.po")
        catalog = _load(path, language)
        for message in messages:
            if message in catalog:
                catalog.delete(message)
        _save(catalog, path, language)
    return found


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "--remove":
        area, messages = argv[1], argv[2:]
        print(f"{area}: {remove(area, messages)} of {len(messages)} messages removed")
        return 0
    if len(argv) != 2:
        print(__doc__)
        return 2
    area, source = argv
    entries = json.loads(Path(source).read_text(encoding="utf-8"))
    try:
        new = add(area, entries)
    except ValueError as error:
        print(error)
        return 1
    print(f"{area}: {len(entries)} messages written, {new} new")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
