"""Russian is the interface's first language: its catalogue must be complete and consistent."""

from __future__ import annotations

import re
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "ru" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}")


def entries() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete]


def test_every_interface_string_has_a_russian_translation() -> None:
    missing = [e.msgid for e in entries() if not e.translated() or "fuzzy" in e.flags]
    assert missing == [], "translate these in locale/ru/LC_MESSAGES/django.po"


def test_translations_keep_every_placeholder() -> None:
    broken = []
    for entry in entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            found = sorted(PLACEHOLDER.findall(text))
            # A plural form may drop the number ("один участник"), never add or rename one.
            if found != expected and not (entry.msgid_plural and set(found) <= set(expected)):
                broken.append(entry.msgid)
    assert broken == []
