"""The house: the product's import graph, built from the source with imports inside functions counted, has no
cycle and never imports from a lower layer into a higher one (README, "Layout").

Layers, lowest first: 1 ``i18n``; 2 the core of ``market`` (its top-level modules and the ``accounts``,
``notifications``, ``payments`` and ``uploads`` packages); 3 feature slices (``catalog``, ``matching``,
``market.jewelry``, ``market.prototypes`` and every later feature); 4 composition (``market.app``, ``market.cli``,
``market.demo``, and every feature's ``demo*``, ``bench`` and ``cli`` modules). A module may import its own layer
or lower ones, never a higher one.
"""

from __future__ import annotations

import ast
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGES = ("i18n", "market", "catalog", "matching")

# Longest prefix wins. Anything in ``market`` not named here is core (layer 2) only if listed; an unlisted
# module fails the test, so a new package must choose its layer.
LAYERS: dict[str, int] = {
    "i18n": 1,
    "market": 2,
    "market.accounts": 2,
    "market.notifications": 2,
    "market.payments": 2,
    "market.uploads": 2,
    "market.surveys": 2,
    "market.verification": 2,
    "market.reviews": 2,
    "catalog": 3,
    "matching": 3,
    "market.home": 3,
    "market.admin": 3,
    "market.jewelry": 3,
    "market.prototypes": 3,
    "market.careers": 3,
    "market.people": 3,
    "market.tours": 3,
    "market.programmes": 3,
    "market.trainings": 3,
    "market.association": 3,
    "market.centres": 3,
    "market.rfq": 3,
    "market.orders": 3,
    "market.workspace": 3,
    "market.app": 4,
    "market.cli": 4,
    "market.demo": 4,
}
NAMES = {1: "i18n", 2: "core", 3: "feature", 4: "composition"}


def _modules(root: pathlib.Path) -> dict[str, pathlib.Path]:
    mods = {}
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            rel = path.relative_to(root)
            if "migrations" in rel.parts:
                continue
            name = ".".join(rel.with_suffix("").parts)
            mods[name.removesuffix(".__init__")] = path
    return mods


def _resolve(name: str, mods) -> str | None:
    while name and name not in mods:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(root: pathlib.Path = ROOT) -> dict[str, set[str]]:
    """Every product module and the product modules it imports, anywhere in its source."""
    mods = _modules(root)
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for module, path in mods.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            else:
                continue
            for target in targets:
                resolved = _resolve(target, mods)
                if resolved and resolved != module and not module.startswith(resolved + "."):
                    edges[module].add(resolved)
    return edges


def layer_of(module: str) -> int | None:
    """The layer of ``module`` by its longest listed prefix (None when no prefix names it); a feature's demo
    steps, benchmarks and command groups (``demo*``, ``bench``, ``cli`` modules) are composition."""
    if any(part.startswith("demo") or part in ("bench", "cli") for part in module.split(".")[1:]):
        return 4
    best = None
    for prefix in LAYERS:
        if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > len(best)):
            best = prefix
    return LAYERS[best] if best else None


def upward_imports(edges) -> list[str]:
    """Each import from a lower layer into a higher one, as readable lines."""
    found = []
    for module, targets in sorted(edges.items()):
        for target in sorted(targets):
            if layer_of(target) > layer_of(module):
                found.append(f"{module} ({NAMES[layer_of(module)]}) imports {target} ({NAMES[layer_of(target)]})")
    return found


def cycles(edges) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_every_module_has_a_layer():
    """A new module sits in a named layer, so the rule below covers it."""
    assert [m for m in import_graph() if layer_of(m) is None] == []


def test_no_import_from_a_lower_layer_to_a_higher_one():
    """i18n imports nothing of the product; the core imports no feature; features never import composition."""
    assert upward_imports(import_graph()) == []


def test_no_import_cycles():
    """No group of modules imports itself round, counting imports made inside functions."""
    assert cycles(import_graph()) == []


def test_the_checks_see_an_upward_import_inside_a_function(tmp_path):
    """An import tucked inside a function counts: the checks report its upward edge and the cycle it closes."""
    for package in ("i18n", "market"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "i18n" / "money.py").write_text("def rate():\n    from market.db import utcnow\n")
    (tmp_path / "market" / "db.py").write_text("from i18n import money\n")
    edges = import_graph(tmp_path)
    assert upward_imports(edges) == ["i18n.money (i18n) imports market.db (core)"]
    assert cycles(edges) == [["i18n.money", "market.db"]]


if __name__ == "__main__":
    graph = import_graph()
    for line in upward_imports(graph):
        print(line)
    for component in cycles(graph):
        print("cycle:", ", ".join(component))
    print("unlayered:", [m for m in graph if layer_of(m) is None])
