"""The package's imports point down only (read with `ast`, imports inside functions included).

Layers, lowest first; a module may import its own layer's modules (without a cycle) and any
layer below it, never one above:

    foundation  errors, findings, config, versions, faults: plain values, exceptions, settings,
                the names of version folders and injected test faults; any layer imports them,
                they import only each other
    sources     readers -> raw page batches
    text        folding, dates, years, language
    pages       line roles and fields of one page
    corpus      corpus passes (template lines)
    rules       per-page and corpus rules -> findings
    pipeline    pipeline.py and engines/: the one run over a corpus; splits.py: leakage-free splits
    suites      Great Expectations gates
    store       version folders
    hub         publishing
    report      reports and evaluation (report/, evaluate.py)
    analyses    the polars analyses as commands (`pagevet analyze`, scripts/)
    cli         cli.py and the pytest plugin
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "pagevet"

LAYERS: list[tuple[str, ...]] = [
    ("errors", "findings", "config", "versions", "faults"),
    ("sources",),
    ("text",),
    ("pages",),
    ("corpus",),
    ("rules",),
    ("pipeline", "engines", "splits", "suppress"),
    ("suites",),
    ("store",),
    ("hub",),
    ("report", "evaluate"),
    ("analyses",),
    ("cli", "pytest_plugin"),
]
LAYER_OF = {part: i for i, parts in enumerate(LAYERS) for part in parts}


def module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def imports_of(path: Path) -> list[tuple[str, str | None, int]]:
    """(module, imported name or None, line) of every pagevet import in the file."""
    found: list[tuple[str, str | None, int]] = []
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(a.name, None, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                # `from pagevet.x import y`: y may be a submodule or a name in pagevet.x
                if f"{base}.{alias.name}" in MODULES:
                    found.append((f"{base}.{alias.name}", None, node.lineno))
                else:
                    found.append((base, alias.name, node.lineno))
    return [(m, n, line) for m, n, line in found if m == "pagevet" or m.startswith("pagevet.")]


def part_of(module: str) -> str:
    """The layer part a module belongs to: its subpackage or top-level module."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "pagevet"


EDGES = [
    (importer, imported, name, line)
    for importer, path in MODULES.items()
    for imported, name, line in imports_of(path)
]


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {part_of(m) for m in MODULES} - {"pagevet"}
    assert parts <= set(LAYER_OF), f"parts without a layer: {sorted(parts - set(LAYER_OF))}"


def test_imports_point_down_only() -> None:
    upward = [
        f"{importer} (line {line}) imports {imported}"
        for importer, imported, _, line in EDGES
        if part_of(importer) != "pagevet"
        and part_of(imported) != "pagevet"
        and LAYER_OF[part_of(imported)] > LAYER_OF[part_of(importer)]
    ]
    assert not upward, "imports that point up:\n" + "\n".join(upward)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle found by depth-first search (one per back edge)."""
    cycles, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return cycles


def test_no_cycle_between_parts() -> None:
    graph: dict[str, set[str]] = {}
    for importer, imported, _, _ in EDGES:
        a, b = part_of(importer), part_of(imported)
        if a != b and "pagevet" not in (a, b):
            graph.setdefault(a, set()).add(b)
    assert not _cycles(graph), f"cycles between parts: {_cycles(graph)}"


def test_no_cycle_between_modules() -> None:
    graph: dict[str, set[str]] = {}
    for importer, imported, _, _ in EDGES:
        # a package's __init__ re-exporting its modules is not a dependency of theirs on it
        if imported in MODULES and importer != imported and not importer.startswith(imported + "."):
            graph.setdefault(importer, set()).add(imported)
    assert not _cycles(graph), f"cycles between modules: {_cycles(graph)}"


def test_no_private_name_is_imported_from_another_part() -> None:
    private = [
        f"{importer} (line {line}) imports {name or imported} from {imported}"
        for importer, imported, name, line in EDGES
        if part_of(importer) != part_of(imported)
        and any(
            n.startswith("_") and not n.startswith("__")
            for n in (name or "", imported.rpartition(".")[2])
        )
    ]
    assert not private, "private names used across parts:\n" + "\n".join(private)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import pagevet.rules.base\n", [("pagevet.rules.base", None)]),
        ("from pagevet.text import fold\n", [("pagevet.text.fold", None)]),
        ("def f():\n    from pagevet.pages.lines import page_lines\n",
         [("pagevet.pages.lines", "page_lines")]),
        ("from .base import Rule\n", [("pagevet.rules.base", "Rule")]),
    ],
)  # fmt: skip
def test_the_import_reader_sees_every_kind_of_import(
    tmp_path: Path, source: str, expected: list[tuple[str, str | None]]
) -> None:
    path = SRC / "rules" / "_probe_for_test.py"
    assert not path.exists()
    try:
        path.write_text(source, "utf-8")
        MODULES["pagevet.rules._probe_for_test"] = path
        assert [(m, n) for m, n, _ in imports_of(path)] == expected
    finally:
        MODULES.pop("pagevet.rules._probe_for_test", None)
        path.unlink()
