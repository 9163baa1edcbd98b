"""Russian and English text normalisation for search and matching.

A text becomes a list of search terms: words in lower case, ё written as е, Russian words in
their dictionary form (pymorphy3), stop words dropped. The same function indexes a member's text
and parses a query, so "гончара" in a query finds "гончару" in a profile.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer

DATA_DIR = Path(__file__).resolve().parent / "data"

# A word is a run of letters and digits; a hyphen or an apostrophe inside a word splits it into
# parts ("интернет-магазин" -> "интернет", "магазин"; "кто-то" -> "кто", "то": both stop words).
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
_CYRILLIC_RE = re.compile(r"[а-яё]")
# Place names, surnames, given names, abbreviations: real in a dictionary, rare in a profile.
_RARE_GRAMMEMES = frozenset({"Geox", "Surn", "Name", "Patr", "Abbr", "Orgn", "Trad"})

_morph: MorphAnalyzer | None = None
_morph_lock = threading.Lock()


def _analyzer() -> MorphAnalyzer:
    """Return the shared analyser, loading it on first use (it takes a noticeable moment)."""
    global _morph
    if _morph is None:
        with _morph_lock:
            if _morph is None:
                from pymorphy3 import MorphAnalyzer

                _morph = MorphAnalyzer()
    return _morph


def _load_word_list(name: str) -> frozenset[str]:
    words = set()
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        word = line.strip().lower().replace("ё", "е")
        if word and not word.startswith("#"):
            words.add(word)
    return frozenset(words)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Return the Russian and English stop words (from `core/data/stopwords_*.txt`)."""
    return _load_word_list("stopwords_ru.txt") | _load_word_list("stopwords_en.txt")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Return the dictionary form of one lower-case word, with е for ё.

    Words without Cyrillic letters (English, numbers, "3d") only lose a plural ending.
    """
    if not _CYRILLIC_RE.search(word):
        return _english_singular(word)
    parses = _analyzer().parse(word)
    # Prefer a common word to a rare proper name or abbreviation when the dictionary offers
    # both with the same confidence: "режу" is the verb "резать", not the village "Реж".
    common = [p for p in parses if not _RARE_GRAMMEMES & set(p.tag.grammemes)]
    best = common[0] if common and common[0].score >= parses[0].score else parses[0]
    return str(best.normal_form).replace("ё", "е")


def _english_singular(word: str) -> str:
    # A light rule, not a stemmer: enough for "photos"/"photo" and "studies"/"study".
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Return the words of a text in lower case with е for ё, in order."""
    return _WORD_RE.findall(text.lower().replace("ё", "е"))


def search_terms(text: str) -> list[str]:
    """Return the lemmas of a text's words without stop words, in order, duplicates kept."""
    stop = stop_words()
    terms = []
    for word in tokens(text):
        if word in stop:
            continue
        term = lemma(word)
        if term not in stop:
            terms.append(term)
    return terms


def search_text(text: str) -> str:
    """Return the search terms of a text joined by spaces, for a database column."""
    return " ".join(search_terms(text))
