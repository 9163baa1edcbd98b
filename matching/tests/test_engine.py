import pytest

from matching.engine import Item, MatchIndex, MemberInfo, combine

TOWNS = {
    "kirovsk": (67.6142, 33.6717),
    "apatity": (67.5677, 33.3933),
    "murmansk": (68.9585, 33.0827),
    "kovdor": (67.5661, 30.4744),
}

FILLER = [
    ("f1", "apatity", "offer", "skill", "Бухгалтерский учёт для ИП"),
    ("f1", "apatity", "need", "audience", "Ищу клиентов среди самозанятых"),
    ("f2", "murmansk", "offer", "skill", "Уроки английского языка"),
    ("f2", "murmansk", "need", "premises", "Ищу кабинет для занятий"),
    ("f3", "kovdor", "offer", "skill", "Ремонт обуви"),
    ("f3", "kovdor", "need", "materials", "Нужна кожа для подмёток"),
]


def make_index(rows, extra_members=()):
    """Build an index from (member, town, direction, type, text) rows."""
    rows = list(rows) + FILLER
    towns: dict[str, str] = {}
    for member, town, *_ in rows:
        towns.setdefault(member, town)
    members = [MemberInfo(m, t) for m, t in towns.items()] + list(extra_members)
    items = [
        Item(f"{member}-{n}", member, direction, type_, text)
        for n, (member, _, direction, type_, text) in enumerate(rows)
    ]
    return MatchIndex.build(members, items, TOWNS)


def partners(index, member, **kwargs):
    return [m.partner_id for m in index.top_k(member, **kwargs)]


def test_a_need_for_a_potter_meets_a_pottery_workshop():
    index = make_index(
        [
            ("arina", "kirovsk", "need", "skill", "Ищу гончара для совместных мастер-классов"),
            ("arina", "kirovsk", "offer", "sales_channel", "Сувенирная лавка"),
            ("olga", "apatity", "offer", "premises", "Гончарная мастерская с кругом"),
        ]
    )
    assert partners(index, "arina")[0] == "olga"


def test_synonyms_join_selling_and_realisation():
    index = make_index(
        [
            ("maker", "apatity", "need", "sales_channel", "Где продавать вязаные варежки"),
            ("shop", "kirovsk", "offer", "sales_channel", "Берём на реализацию изделия мастеров"),
        ]
    )
    assert partners(index, "maker") == ["shop"]


def test_two_sided_match_ranks_above_one_sided_but_both_are_shown():
    index = make_index(
        [
            ("arina", "kirovsk", "need", "skill", "Нужен фотограф для каталога"),
            ("arina", "kirovsk", "offer", "premises", "Сдаю зал для мастер-классов"),
            ("both", "kirovsk", "offer", "skill", "Предметная фотосъёмка для каталогов"),
            ("both", "kirovsk", "need", "premises", "Ищу зал для мастер-классов по фото"),
            ("one", "kirovsk", "offer", "skill", "Предметная фотосъёмка для каталогов"),
            ("one", "kirovsk", "need", "materials", "Нужен мешок цемента"),
        ]
    )
    matches = index.top_k("arina")
    assert [m.partner_id for m in matches][:2] == ["both", "one"]
    assert matches[1].score > 0
    assert matches[1].you_meet == 0
    assert matches[1].they_meet == pytest.approx(matches[0].they_meet)


def test_a_distant_town_ranks_slightly_lower_and_is_still_shown():
    index = make_index(
        [
            ("arina", "kirovsk", "need", "equipment", "Нужна печь для обжига керамики"),
            ("near", "apatity", "offer", "equipment", "Муфельная печь для обжига"),
            ("far", "kovdor", "offer", "equipment", "Муфельная печь для обжига"),
        ]
    )
    near, far = index.top_k("arina")[:2]
    assert (near.partner_id, far.partner_id) == ("near", "far")
    assert 0.75 < far.score / near.score < 1
    assert far.distance_km == pytest.approx(150, abs=20)


def test_reasons_name_the_items_that_met_in_both_directions():
    index = make_index(
        [
            ("arina", "kirovsk", "need", "skill", "нужен фотограф для каталога"),
            (
                "arina",
                "kirovsk",
                "offer",
                "sales_channel",
                "Сувенирная лавка, беру товары на продажу",
            ),
            ("dima", "apatity", "offer", "skill", "предметная фотосъёмка для каталогов"),
            ("dima", "apatity", "need", "sales_channel", "Где продавать фотографии-открытки"),
        ]
    )
    (match,) = [m for m in index.top_k("arina") if m.partner_id == "dima"]
    by_direction = {r.direction: r for r in match.reasons}
    theirs = by_direction["they_offer"]
    assert theirs.text == "нужен фотограф для каталога ↔ предметная фотосъёмка для каталогов"
    assert (theirs.need_member, theirs.offer_member) == ("arina", "dima")
    mine = by_direction["you_offer"]
    assert (mine.need_member, mine.offer_member) == ("dima", "arina")
    assert "Сувенирная лавка" in mine.offer_text


def test_generic_words_alone_do_not_make_a_match():
    index = make_index(
        [
            ("vague", "murmansk", "offer", "other", "Качественные услуги для творческих проектов"),
            ("vague", "murmansk", "need", "other", "Ищем творческих партнёров"),
            (
                "other",
                "murmansk",
                "offer",
                "other",
                "Качественно оказываем услуги творческим людям",
            ),
            ("other", "murmansk", "need", "other", "Нужны интересные творческие проекты"),
        ]
    )
    assert partners(index, "vague") == []


def test_exclude_and_k_limit_the_result():
    rows = [("me", "kirovsk", "need", "equipment", "Нужна печь для обжига")]
    rows += [(f"p{i}", "apatity", "offer", "equipment", f"Печь для обжига {i}") for i in range(5)]
    index = make_index(rows)
    assert len(partners(index, "me", k=3)) == 3
    assert "p0" not in partners(index, "me", exclude=["p0"])
    assert "p0" not in partners(index, "p0")


def test_a_shared_industry_ranks_higher():
    members = [
        MemberInfo("me", "kirovsk", ("crafts",)),
        MemberInfo("same", "kirovsk", ("crafts",)),
        MemberInfo("other", "kirovsk", ("music",)),
    ]
    items = [
        Item(1, "me", "need", "equipment", "Нужна печь для обжига"),
        Item(2, "same", "offer", "equipment", "Печь для обжига"),
        Item(3, "other", "offer", "equipment", "Печь для обжига"),
    ]
    index = MatchIndex.build(members, items, TOWNS)
    assert [m.partner_id for m in index.top_k("me")] == ["same", "other"]


def test_a_free_text_brief_is_routed_to_fitting_offers():
    index = make_index(
        [
            ("dima", "apatity", "offer", "skill", "Предметная фотосъёмка для каталогов"),
            ("olga", "apatity", "offer", "premises", "Гончарная мастерская"),
            ("band", "murmansk", "offer", "skill", "Живая музыка на корпоративах"),
        ]
    )
    matches = index.rank_offers_for_text(
        "Нужно сфотографировать товары для каталога", town="kirovsk"
    )
    assert matches[0].partner_id == "dima"
    assert matches[0].reasons[0].offer_text == "Предметная фотосъёмка для каталогов"
    assert matches[0].reasons[0].need_member is None
    music = index.rank_offers_for_text("музыканты на праздник", industries=["music"], k=1)
    assert [m.partner_id for m in music] == ["band"]


def test_combine_prefers_two_sided_and_keeps_one_sided_above_zero():
    import numpy as np

    two, one, none = combine(np.array([0.3, 0.6, 0.0]), np.array([0.3, 0.0, 0.0]))
    assert two > one > none == 0


def test_removed_member_disappears_from_recommendations():
    index = make_index(
        [
            ("me", "kirovsk", "need", "equipment", "Нужна печь для обжига"),
            ("kiln", "apatity", "offer", "equipment", "Печь для обжига"),
        ]
    )
    index.remove_member("kiln")
    assert partners(index, "me") == []
    index.upsert_item(Item("new", "kiln", "offer", "equipment", "Печь для обжига"))
    assert partners(index, "me") == ["kiln"]


def test_items_are_validated():
    with pytest.raises(ValueError, match="direction"):
        Item(1, "m", "want", "skill", "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="item type"):
        Item(1, "m", "need", "spaceship", "x")


def test_reasons_for_one_pair_are_those_of_the_recommendation():
    index = make_index(
        [
            ("me", "kirovsk", "need", "equipment", "Нужна печь для обжига"),
            ("me", "kirovsk", "offer", "premises", "Зал для мастер-классов"),
            ("kiln", "apatity", "offer", "equipment", "Печь для обжига"),
            ("kiln", "apatity", "need", "premises", "Ищу зал для мастер-классов"),
        ]
    )
    (match,) = index.top_k("me", k=1)
    assert index.reasons("me", "kiln") == match.reasons
    assert {r.direction for r in match.reasons} == {"they_offer", "you_offer"}
    (bare,) = [
        m for _, ms in index.top_k_all(k=1, reasons=False) for m in ms if m.partner_id == "kiln"
    ]
    assert bare.reasons == []


def test_ranking_everyone_leaves_single_queries_unchanged():
    index = make_index(
        [
            ("arina", "kirovsk", "need", "skill", "Нужен фотограф для каталога"),
            ("arina", "kirovsk", "offer", "premises", "Сдаю зал для мастер-классов"),
            ("both", "kirovsk", "offer", "skill", "Предметная фотосъёмка для каталогов"),
            ("both", "kirovsk", "need", "premises", "Ищу зал для мастер-классов по фото"),
        ]
    )
    before = [(m.partner_id, m.score) for m in index.top_k("arina")]
    list(index.top_k_all(3))
    assert [(m.partner_id, m.score) for m in index.top_k("arina")] == before
