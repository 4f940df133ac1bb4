"""The import layers the README and DESIGN describe, enforced: cli -> pipeline -> stages -> config/errors -> model.

Every `import` in reportgen/ (at module level or inside a function) is read
with ast; nothing is imported.  A module may import from a lower floor, or from
its own package; stages never import one another; and there are no cycles.
A new top-level module fails `test_every_module_has_a_floor` until it is given
a floor here: that is the moment to decide where it belongs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "reportgen"

# Floor of each unit: a package of reportgen (a stage, the CLI, the query sources) or a top-level module.
# A module belongs to the package it sits in, so the folders say which stage it is part of; higher floors use lower ones.
FLOORS = {
    "__main__": 5,
    "cli": 5,  # the command and its terminal output
    "pipeline": 4,  # the one orchestrator
    "sources": 3,  # query sources: records fetched from APIs, parsed with ingest's record mappings
    # stages: pure functions from values to values (plus their own caches); never import one another
    "ingest": 2,
    "embed": 2,
    "themes": 2,
    "headlines": 2,
    "summarize": 2,
    "living": 2,  # the living survey: lineage across runs, new papers placed in the stored themes
    "render": 2,
    # foundation: what every stage may use
    "config": 1,
    "errors": 1,
    "runtime": 1,
    "writer": 1,
    "strings": 1,
    "vocab": 1,  # the word lists, as data files
    "vectors": 1,  # unit rows and the nearest centre: the theme fit's and the living survey's geometry
    "registry": 1,  # named entries the modules of a package declare (readers, output formats)
    "codec": 1,  # frozen values as JSON data and back (caches, stored themes, digests)
    "periods": 1,  # date grains and spans: the synthesis counts by them, the charts draw by them
    "__init__": 1,  # reportgen itself: the version
    "model": 0,
}
STAGE_FLOOR = 2


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _unit(module: str) -> str:
    """reportgen.ingest.jsonl -> ingest; reportgen -> __init__."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> set[str]:
    """reportgen modules this file imports, anywhere in it (absolute names)."""
    module = _module_name(path)
    modules = _all_modules()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            submodules = {f"{base}.{alias.name}" for alias in node.names} & modules.keys()
            found |= submodules  # `from reportgen import embed` imports the module embed
            if len(submodules) < len(node.names):
                found.add(base)  # a name defined in `base` itself

    return {name for name in found if name in modules and name != module}


def _all_modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _graph() -> dict[str, set[str]]:
    return {name: _imports(path) for name, path in _all_modules().items()}


def test_every_module_has_a_floor() -> None:
    missing = sorted({_unit(m) for m in _all_modules()} - set(FLOORS))
    assert not missing, f"give {missing} a floor in tests/test_layers.py (see the module map in docs/how-it-works.md)"


def test_no_upward_imports_and_stages_stay_apart() -> None:
    wrong = []
    for module, imported in _graph().items():
        for target in imported:
            here, there = _unit(module), _unit(target)
            if here == there or here not in FLOORS or there not in FLOORS:  # (a missing floor fails the test above)
                continue  # inside one package
            if FLOORS[there] > FLOORS[here]:
                wrong.append(f"{module} -> {target}: up from floor {FLOORS[here]} to {FLOORS[there]}")
            elif FLOORS[there] == FLOORS[here] == STAGE_FLOOR:
                wrong.append(
                    f"{module} -> {target}: one stage imports another (share through model, strings or config)"
                )
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_cycles() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            pytest.fail("import cycle: " + " -> ".join([*path[path.index(module) :], module]))
        if module in done:
            return
        for target in sorted(graph[module]):
            visit(target, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    """The AST reading itself: relative and absolute, top-level and inside a function."""
    sample = PACKAGE / "render" / "context.py"
    assert "reportgen.model" in _imports(sample) and "reportgen.config" in _imports(sample)
    assert "reportgen.render.formats" in _imports(PACKAGE / "render" / "site.py")
    assert "reportgen.themes" in _imports(PACKAGE / "pipeline.py")  # imported inside analyse()
