"""The import graph of `app/` runs one way (docs: architecture.md): ui and the command line →
services → documents, exchange, store (which never import one another) → core → the foundation
modules any layer may use. Every import counts, a deferred one inside a function included, and
no two modules may import each other, however indirectly."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
FOUNDATION = {"app", "app.errors", "app.atomic", "app.paths", "app.settings"}
LAYERS = {  # rank: a module imports only modules of a lower rank (or its own layer)
    "core": 1,
    "store": 2,
    "documents": 2,
    "exchange": 2,
    "services": 3,
    "ui": 4,
}
COMMAND_LINE = 5  # app.cli, app.cli_*, app.selftest, app.__main__, app.launch: may start the GUI


def module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in APP.rglob("*.py")}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The app modules `name` imports, wherever in the file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from app.x import y` imports the module app.x.y when there is one
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]  # fmt: skip
        else:
            continue
        found |= {t for t in targets if t in known and t != name}
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(name, path, set(found)) for name, path in found.items()}


def layer(name: str) -> tuple[str, int]:
    if name in FOUNDATION:
        return "foundation", 0
    parts = name.split(".")
    if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS):
        return parts[1], LAYERS[parts[1]]
    return "command line", COMMAND_LINE


def test_every_module_belongs_to_a_layer():
    for name in modules():
        kind, _ = layer(name)
        if kind == "command line":
            assert name in {"app.cli", "app.cli_awards", "app.cli_inbox", "app.cli_json",
                            "app.cli_register", "app.selftest", "app.__main__", "app.launch",
                            "app.cli_words"}, (
                f"{name} has no layer"
            )  # fmt: skip


def test_imports_run_one_way():
    wrong = []
    for source, targets in graph().items():
        source_layer, source_rank = layer(source)
        for target in targets:
            target_layer, target_rank = layer(target)
            if target_layer == source_layer:
                continue
            if target_rank >= source_rank:
                wrong.append(f"{source} ({source_layer}) → {target} ({target_layer})")
    assert not wrong, "imports against the layers:\n" + "\n".join(sorted(wrong))


def test_core_imports_neither_qt_nor_sql():
    for name, path in modules().items():
        if layer(name)[0] != "core":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [
                    node.module or ""]  # fmt: skip
                for imported in names:
                    assert not imported.startswith(("PySide6", "sqlite", "sqlite_utils")), name


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_through_others():
    assert cycles(graph()) == []


def test_the_checks_see_a_wrong_arrow_and_a_cycle():
    """The checks themselves: a cycle is found, and a store module importing a service is
    against the layers."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert layer("app.store.register")[1] < layer("app.services.register")[1]
    assert layer("app.exchange.package")[1] == layer("app.store.inbox")[1]
