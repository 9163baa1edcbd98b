"""Compile every locale/*/LC_MESSAGES/*.po into its .mo, without a system gettext."""

from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent


def main() -> None:
    for po_path in sorted((BASE_DIR / "locale").glob("*/LC_MESSAGES/*.po")):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))


if __name__ == "__main__":
    main()
