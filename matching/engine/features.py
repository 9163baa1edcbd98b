"""Turn an item's free text into weighted matching features.

A feature is one of:
- a lemma ("гончар"), from `core.textnorm`;
- a stem, the first letters of a longer lemma ("~гонча" joins "гончар" and "гончарный");
- a synonym group ("=12" joins "продажа", "реализация" and "сбыт"), from `data/synonyms_ru.txt`.
Words that say nothing about an offer or a need ("услуги", "качественно") are dropped, from
`data/generic_words_ru.txt`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from core.textnorm import search_terms

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

STEM_LENGTH = 5
LEMMA_WEIGHT = 1.0
STEM_WEIGHT = 0.5
SYNONYM_WEIGHT = 0.7


def _data_lines(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """Return the lemmas that carry no meaning for matching."""
    return frozenset(
        term for line in _data_lines("generic_words_ru.txt") for term in search_terms(line)
    )


@lru_cache(maxsize=1)
def synonym_groups() -> dict[str, tuple[str, ...]]:
    """Return, for each lemma in a synonym group, the keys of the groups it belongs to.

    An entry that normalises to more than one lemma ("иван-чай") is ignored: its parts would
    pull unrelated words into the group.
    """
    groups: dict[str, list[str]] = {}
    for number, line in enumerate(_data_lines("synonyms_ru.txt")):
        key = f"={number}"
        for entry in line.split(","):
            terms = search_terms(entry)
            if len(terms) == 1 and key not in groups.get(terms[0], []):
                groups.setdefault(terms[0], []).append(key)
    return {term: tuple(keys) for term, keys in groups.items()}


def matching_terms(text: str) -> list[str]:
    """Return the lemmas of a text that matter for matching, in order."""
    generic = generic_words()
    return [term for term in search_terms(text) if term not in generic]


def text_features(text: str) -> dict[str, float]:
    """Return the weighted features of one item's text (not normalised)."""
    groups = synonym_groups()
    features: dict[str, float] = {}
    for term in matching_terms(text):
        features[term] = features.get(term, 0.0) + LEMMA_WEIGHT
        if len(term) > STEM_LENGTH and term.isalpha():
            stem = "~" + term[:STEM_LENGTH]
            features[stem] = features.get(stem, 0.0) + STEM_WEIGHT
        for key in groups.get(term, ()):
            features[key] = features.get(key, 0.0) + SYNONYM_WEIGHT
    return features
