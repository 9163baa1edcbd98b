from concurrent.futures import ThreadPoolExecutor

from hypothesis import given
from hypothesis import strategies as st

from core.textnorm import lemma, search_terms, search_text, stop_words, tokens


def test_word_forms_share_a_lemma():
    assert search_terms("гончара") == ["гончар"]
    assert search_terms("гончару") == ["гончар"]
    assert search_terms("гончары гончарам") == ["гончар", "гончар"]


def test_it_lowercases_and_writes_yo_as_ye():
    assert search_terms("ЁЛОЧНЫЕ Игрушки") == ["елочный", "игрушка"]
    assert search_terms("продаём") == search_terms("продаем")


def test_it_drops_russian_and_english_stop_words():
    assert search_terms("Ищу мастера для работы и для души") == [
        "искать",
        "мастер",
        "работа",
        "душа",
    ]
    assert search_terms("the photos of the Arctic") == ["photo", "arctic"]


def test_it_keeps_order_and_duplicates():
    assert search_terms("керамика, ещё керамика и глина") == ["керамика", "керамика", "глина"]


def test_hyphenated_words_are_split_into_parts():
    assert search_terms("интернет-магазин") == ["интернет", "магазин"]
    assert search_terms("3D-печать сувениров") == ["3d", "печать", "сувенир"]


def test_particles_of_hyphenated_pronouns_are_dropped():
    assert search_terms("кто-нибудь с печью") == ["печь"]


def test_digits_and_latin_words_are_kept():
    assert search_terms("Печь на 220 литров, Canon EOS") == ["печь", "220", "литр", "canon", "eos"]


def test_english_plurals_meet_singulars():
    assert lemma("studies") == "study"
    assert lemma("glass") == "glass"
    assert search_terms("souvenirs") == search_terms("souvenir")


def test_search_text_joins_terms():
    assert search_text("Гончарная мастерская в Кировске") == "гончарный мастерская кировск"


def test_empty_and_punctuation_only_text_give_no_terms():
    assert search_terms("") == []
    assert search_terms(" — !!! … ") == []


def test_stop_words_come_from_data_files():
    words = stop_words()
    assert "для" in words
    assert "the" in words
    assert "гончар" not in words


def test_tokens_split_on_punctuation_and_underscores():
    assert tokens("мастер_класс, фото/видео") == ["мастер", "класс", "фото", "видео"]


def test_it_is_safe_to_call_from_threads():
    texts = ["гончарная мастерская", "сувенирный магазин", "фотограф для каталога"] * 20
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(search_terms, texts))
    assert results == [search_terms(t) for t in texts]


@given(st.text(max_size=60))
def test_terms_are_lowercase_non_empty_and_never_stop_words(text):
    stop = stop_words()
    for term in search_terms(text):
        assert term
        assert term == term.lower()
        assert "ё" not in term
        assert term not in stop


@given(st.text(max_size=60))
def test_search_text_is_the_terms_joined_by_single_spaces(text):
    assert search_text(text).split(" ") == (search_terms(text) or [""])


def test_a_common_word_wins_over_an_equally_likely_place_name() -> None:
    assert search_terms("режу по дереву") == ["резать", "дерево"]
