from __future__ import annotations

from django.core.management import call_command

from core.models import Industry, IndustryGroup, Page, Town


def test_towns_industries_and_pages_are_there_on_a_new_database(db: None) -> None:
    assert Town.objects.filter(slug="monchegorsk", is_monotown=True).exists()
    assert {"monchegorsk", "polyarnye-zori", "murmansk", "kirovsk", "apatity"} <= set(
        Town.objects.values_list("slug", flat=True)
    )
    assert IndustryGroup.objects.count() == 4
    assert Industry.objects.count() >= 20
    assert not Industry.objects.filter(name_en="").exists()
    assert Page.objects.filter(slug="how-it-works").exists()


def test_reloading_keeps_curators_edits_to_pages_and_adds_no_duplicates(db: None) -> None:
    Page.objects.filter(slug="how-it-works").update(body_ru="Текст куратора")
    counts = (Town.objects.count(), Industry.objects.count())
    call_command("load_reference_data")
    assert (Town.objects.count(), Industry.objects.count()) == counts
    assert Page.objects.get(slug="how-it-works").body_ru == "Текст куратора"


def test_the_how_it_works_page_renders_markdown_without_raw_html(client, db: None) -> None:
    Page.objects.filter(slug="how-it-works").update(
        body_ru="## Шаги\n\n1. Заявка\n\n<script>alert(1)</script> [x](javascript:alert(1))"
    )
    html = client.get("/how-it-works/").content.decode()
    assert "<h2>Шаги</h2>" in html
    assert "<script>alert(1)</script>" not in html
    assert 'href="javascript:' not in html
