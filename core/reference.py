"""Reference data shipped with the platform: towns, creative industries, the public pages.

Loaded by a data migration on every new database and re-runnable with
`manage.py load_reference_data`: rows are matched by slug and updated, never duplicated,
and curators' own rows are left alone.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_towns(town_model: Any) -> int:
    count = 0
    for row in _rows("towns.csv"):
        town_model.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name_ru": row["name_ru"],
                "name_en": row["name_en"],
                "latitude": Decimal(row["latitude"]),
                "longitude": Decimal(row["longitude"]),
                "is_monotown": row["is_monotown"].strip() == "1",
                "note": row.get("note", "")[:300],
            },
        )
        count += 1
    return count


def load_industries(group_model: Any, industry_model: Any) -> int:
    groups: dict[str, Any] = {}
    for position, row in enumerate(_rows("industries.csv")):
        slug = row["group_slug"]
        if slug not in groups:
            groups[slug], _ = group_model.objects.update_or_create(
                slug=slug,
                defaults={
                    "name_ru": row["group_ru"],
                    "name_en": row["group_en"],
                    "position": len(groups),
                },
            )
        industry_model.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "group": groups[slug],
                "name_ru": row["name_ru"],
                "name_en": row["name_en"],
                "position": position,
            },
        )
    return position + 1


def load_pages(page_model: Any) -> None:
    """Create the public pages if missing; once curators edit a page, their text stays."""
    page_model.objects.get_or_create(
        slug="how-it-works",
        defaults={
            "title_ru": "Как устроен кластер",
            "title_en": "How the cluster works",
            "body_ru": (DATA_DIR / "how_it_works_ru.md").read_text(encoding="utf-8"),
            "body_en": (DATA_DIR / "how_it_works_en.md").read_text(encoding="utf-8"),
        },
    )


def load_all(get_model: Any) -> None:
    load_towns(get_model("core", "Town"))
    load_industries(get_model("core", "IndustryGroup"), get_model("core", "Industry"))
    load_pages(get_model("core", "Page"))
