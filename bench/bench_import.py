"""Import of an agency's spreadsheets: 10,000 members and 60,000 resource map items.

    .venv/bin/python bench/bench_import.py                   # 10,000 members, 6 items each
    .venv/bin/python bench/bench_import.py --members 2000 --items-per-member 10

Writes members.csv and resources.csv from the synthetic region to a temporary folder, imports
them into a fresh SQLite database through `import_members`, then imports them again (every row
becomes an update and every map is replaced), and prints both times.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LEGAL_FORMS = ["ИП", "самозанятый", "ООО", "нет"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--items-per-member", type=int, default=6)
    return parser.parse_args()


def setup_django(folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/import.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def write_files(folder: Path, n_members: int, items_per_member: int) -> tuple[Path, Path]:
    from bench.synthetic_region import generate
    from core.inn import with_check_digits
    from core.models import Industry, Town
    from resources.importing import MEMBER_COLUMNS, RESOURCE_COLUMNS

    members, items, _coords = generate(n_members, items_per_member=items_per_member, seed=3)
    towns = {town.slug: town.name_ru for town in Town.objects.all()}
    industries = [industry.name_ru for industry in Industry.objects.all()]
    rng = random.Random(3)
    members_path, resources_path = folder / "members.csv", folder / "resources.csv"
    with members_path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(MEMBER_COLUMNS)
        for info in members:
            form = rng.choice(LEGAL_FORMS)
            inn = {
                "ИП": with_check_digits(f"51{rng.randrange(10**8):08d}"),
                "самозанятый": with_check_digits(f"51{rng.randrange(10**8):08d}"),
                "ООО": with_check_digits(f"51{rng.randrange(10**7):07d}"),
            }.get(form, "")
            writer.writerow(
                [
                    f"MRM-{info.id:05d}",
                    f"Мастерская {info.id}",
                    "резидент",
                    towns[str(info.town)],
                    ";".join(rng.sample(industries, rng.randint(1, 2))),
                    form,
                    inn,
                    rng.randint(1, 12),
                    f"m{info.id}@example.ru" if rng.random() < 0.7 else "",
                    "Делаем изделия ручной работы и проводим мастер-классы для гостей.",
                ]
            )
    with resources_path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(RESOURCE_COLUMNS)
        for item in items:
            writer.writerow([f"MRM-{item.member_id:05d}", item.direction, item.type, item.text])
    return members_path, resources_path


def timed_import(members: Path, resources: Path) -> str:
    """Return the wall-clock and CPU seconds of one import (CPU shows it on a busy machine)."""
    from django.core.management import call_command

    wall, cpu = time.perf_counter(), time.process_time()
    call_command("import_members", "--members", str(members), "--resources", str(resources))
    return f"{time.perf_counter() - wall:6.1f} s ({time.process_time() - cpu:.1f} s CPU)"


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        setup_django(folder)
        members, resources = write_files(folder, args.members, args.items_per_member)
        rows = args.members * args.items_per_member
        print(f"{args.members} members, {rows} items, SQLite")
        print(f"first import:  {timed_import(members, resources)}")
        print(f"second import: {timed_import(members, resources)}, every row an update")


if __name__ == "__main__":
    main()
