"""Guards on the shape of the code: no import cycle, between apps or modules; no huge module.

The imports are read from the source, the AST of every module of the project's own apps (tests
and migrations left out), so an import inside a function counts as much as one at the top; only
imports under `if TYPE_CHECKING:` do not, as they never run. `config/` is the composition root:
it may import every app and is not part of the graph. `demo/` may import every app and no app
may import it; until every demo module lives there, a module with "demo" in its path counts as
part of `demo`.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR).resolve()
DEMO = "demo"
MAX_MODULE_LINES = 600

Graph = dict[str, dict[str, list[str]]]  # node -> {imported node: [importing files]}


def project_apps() -> dict[str, Path]:
    """Return the project's own apps (not third-party ones) by top-level package name."""
    found = {}
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.parent == ROOT:
            found[path.name] = path
    return found


def source_modules(app_dir: Path) -> Iterator[Path]:
    """Yield the app's own modules: not its tests, not its migrations."""
    for path in sorted(app_dir.rglob("*.py")):
        parts = path.relative_to(app_dir).parts
        if "tests" in parts or "migrations" in parts or path.name.startswith("test_"):
            continue
        yield path


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def runtime_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """Yield the node's descendants, leaving out the bodies of `if TYPE_CHECKING:`."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for other in child.orelse:
                yield other
                yield from runtime_nodes(other)
            continue
        yield child
        yield from runtime_nodes(child)


def imported_modules(tree: ast.AST, package: str) -> Iterator[str]:
    """Yield the dotted names of the modules a module (in `package`) imports when it runs.

    `from a import b` names the module `a.b` when there is one, else `a`.
    """
    for node in runtime_nodes(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                dotted = f"{base}.{alias.name}"
                yield dotted if is_module(dotted) else base


def app_of(module: str, app_names: set[str]) -> str | None:
    """Return the app a dotted module belongs to (None outside the project's apps)."""
    top = module.split(".")[0]
    if top == DEMO or (top in app_names and DEMO in module):
        return DEMO
    return top if top in app_names else None


@cache
def module_graph() -> Graph:
    """Return which of the apps' modules import which (within the project's apps)."""
    app_dirs = project_apps()
    graph: Graph = {}
    for app_dir in app_dirs.values():
        for path in source_modules(app_dir):
            name = module_name(path)
            package = name if path.name == "__init__.py" else name.rpartition(".")[0]
            imports = graph.setdefault(name, {})
            for module in imported_modules(ast.parse(path.read_text(), str(path)), package):
                if module != name and app_of(module, set(app_dirs)) is not None:
                    imports.setdefault(module, []).append(str(path.relative_to(ROOT)))
    return graph


def app_graph() -> Graph:
    """Return which apps import which, with the files that do; demo's own imports left out."""
    app_names = set(project_apps())
    graph: Graph = {name: {} for name in [*sorted(app_names), DEMO]}
    for module, imports in module_graph().items():
        source = app_of(module, app_names)
        assert source is not None
        for imported, files in imports.items():
            target = app_of(imported, app_names)
            if target is None or target == source or source == DEMO:
                continue
            users = graph[source].setdefault(target, [])
            users.extend(path for path in files if path not in users)
    return graph


def find_cycle(graph: Graph) -> list[str] | None:
    """Return one cycle of the graph as [a, b, ..., a], or None if it has none."""
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        path.append(node)
        for target in sorted(graph.get(node, {})):
            if target in path:
                return [*path[path.index(target) :], target]
            if target not in done and (cycle := visit(target)):
                return cycle
        path.pop()
        done.add(node)
        return None

    for node in sorted(graph):
        if node not in done and (cycle := visit(node)):
            return cycle
    return None


def describe(cycle: list[str], graph: Graph) -> str:
    return "; ".join(
        f"{source} -> {target} (in {', '.join(graph[source][target])})"
        for source, target in itertools.pairwise(cycle)
    )


def test_the_apps_import_each_other_without_a_cycle() -> None:
    graph = app_graph()
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle between apps: " + describe(cycle, graph)


def test_the_modules_import_each_other_without_a_cycle() -> None:
    # Within an app too: a service that queues a task the task module's own service feeds.
    graph = module_graph()
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle between modules: " + describe(cycle, graph)


def test_no_app_imports_the_demo_data() -> None:
    importers = {app: users[DEMO] for app, users in app_graph().items() if DEMO in users}
    assert importers == {}


def test_the_graph_counts_imports_inside_functions_but_not_those_for_types() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from orders.models import Order\n"
        "else:\n"
        "    import json\n"
        "from . import models\n"
        "def f():\n"
        "    from members.models import Member\n"
        "    import events.tasks\n"
    )
    assert list(imported_modules(tree, "core")) == [
        "typing",
        "json",
        "core.models",
        "members.models",
        "events.tasks",
    ]


def test_a_cycle_is_named_app_by_app_in_order() -> None:
    graph: Graph = {"a": {"b": ["a/x.py"]}, "b": {"c": ["b/y.py"]}, "c": {"a": ["c/z.py"]}}
    cycle = find_cycle(graph)
    assert cycle == ["a", "b", "c", "a"]
    assert describe(cycle, graph) == "a -> b (in a/x.py); b -> c (in b/y.py); c -> a (in c/z.py)"
    assert find_cycle({"a": {"b": []}, "b": {}, "c": {"b": []}}) is None


def test_demo_modules_count_as_the_demo_app_wherever_they_still_are() -> None:
    app_names = {"events", "members"}
    assert app_of("events.demo", app_names) == DEMO
    assert app_of("members.management.commands.load_demo", app_names) == DEMO
    assert app_of("demo.events", app_names) == DEMO
    assert app_of("events.models", app_names) == "events"
    assert app_of("django.db", app_names) is None


def test_no_module_is_over_600_lines() -> None:
    too_long = [
        f"{path.relative_to(ROOT)} ({lines} lines)"
        for app_dir in project_apps().values()
        for path in source_modules(app_dir)
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    assert too_long == []
