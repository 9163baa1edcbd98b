from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_app_imports_the_demo() -> None:
    # The demo writes through every app; an app importing it back would tie the product to its
    # sample data and bring back the import cycles the demo app was made to remove.
    base = Path(settings.BASE_DIR)
    ours = [Path(config.path) for config in apps.get_app_configs() if config.name != "demo"]
    folders = [folder for folder in ours if folder.is_relative_to(base)] + [base / "config"]
    offenders = []
    for folder in folders:
        for path in folder.rglob("*.py"):
            parts = path.relative_to(folder).parts
            if "tests" in parts or "migrations" in parts:
                continue
            if "demo" in _imported_roots(path):
                offenders.append(str(path.relative_to(base)))
    assert offenders == []
