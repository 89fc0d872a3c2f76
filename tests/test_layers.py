"""The layers of docs/architecture.md, checked on the source: every import (at the top of a module
or inside a function) of every module of the package, read with ast. A new import that breaks a
layer rule, or closes a cycle, fails here with the module and the line.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import armswatch

ROOT = Path(armswatch.__file__).parent

# Lowest first. A part may import the parts of its own layer and of the layers below it, never
# those above (docs/architecture.md). The shells are two layers: the CLI may start the web app
# (`serve`); the web app and the Python API never import the CLI.
LAYERS: list[set[str]] = [
    {"armswatch", "model", "errors", "terms", "report", "export", "parties"},  # vocabulary
    {"sources"},                     # SIPRI's files -> typed rows (no database)
    {"store", "db"},                 # typed rows -> the database; the one door to the file
    {"register"},                    # deals, deliveries and releases as stored
    {"analytics", "spending"},       # flows, fact sheets, dependence; Milex series
    {"extract"},                     # documents -> claims
    {"reconcile"},                   # claims checked against the register
    {"review", "batch"},             # stored claims and the review log; archives at scale
    {"web", "python_api"},           # shells
    {"cli", "__main__"},             # the CLI (may start the web app)
]
RANK = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}

# The package root's `armswatch.open()` imports the Python API when called: the front door.
FRONT_DOOR = {("armswatch", "armswatch.python_api")}
# Known breaks, each with who owns the file and the fix; a new break is not added here but fixed.
KNOWN: dict[tuple[str, str], str] = {}
# Cycles inside one package left for their owners: the learned models' training code
# (learning/*.py `fit`, `cross_validate`) runs the rule pipeline that imports the models.
KNOWN_MODULE_CYCLES = {
    frozenset({"armswatch.extract.events", "armswatch.extract.learning.events",
               "armswatch.extract.learning.statistics", "armswatch.extract.learning.transfers",
               "armswatch.extract.pipeline", "armswatch.extract.statistics"}),
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, int]]:
    """(module imported, line) for every armswatch import in the file. ``from pkg import sub``
    imports the submodule ``pkg.sub`` (the package itself only when ``sub`` is not a module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names if a.name.startswith("armswatch")]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            if not base.startswith("armswatch"):
                continue
            subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES]
            found += [(s, node.lineno) for s in subs]
            if len(subs) < len(node.names):
                found.append((base, node.lineno))
    return [(target, line) for target, line in found
            if target != name and (name, target) not in FRONT_DOOR]


def _part(module: str) -> str:
    """The layer part a module belongs to: its subpackage, or its own name at the root."""
    parts = module.split(".")
    return "armswatch" if len(parts) == 1 else parts[1]


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def test_every_part_of_the_package_has_a_layer():
    assert {_part(m) for m in MODULES} - RANK.keys() == set()


def test_no_module_imports_from_a_layer_above_its_own():
    breaks = {}
    for module, targets in GRAPH.items():
        for target, line in targets:
            if RANK[_part(target)] > RANK[_part(module)] and (module, _part(target)) not in KNOWN:
                breaks[f"{MODULES[module].relative_to(ROOT)}:{line}"] = target
    assert breaks == {}


def test_the_parts_of_the_package_import_one_another_without_cycles():
    edges = defaultdict(set)
    for module, targets in GRAPH.items():
        for target, _ in targets:
            if _part(target) != _part(module) and (module, _part(target)) not in KNOWN:
                edges[_part(module)].add(_part(target))
    assert [c for c in _cycles(edges) if len(c) > 1] == []


def test_modules_import_one_another_without_cycles():
    edges = {module: {t for t, _ in targets} for module, targets in GRAPH.items()}
    cycles = [c for c in _cycles(edges) if len(c) > 1]
    assert [sorted(c) for c in cycles if frozenset(c) not in KNOWN_MODULE_CYCLES] == []


def _cycles(edges: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components (Tarjan), iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    nodes = set(edges) | {t for ts in edges.values() for t in ts}
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                found.append(component)
    return found


def test_the_checks_find_a_break_and_a_cycle():
    """The checks above would see it: a store module importing the CLI, and a two-module loop."""
    assert RANK[_part("armswatch.cli.main")] > RANK[_part("armswatch.store.load")]
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [{"a", "b"}, {"c"}]


# The domain types of armswatch.model (issue 16, "one model"): each class is defined there and
# nowhere else; other modules import it (the extractor's names Transfer, Statistic and Event are
# aliases of the claim types, not classes of their own).
DOMAIN_TYPES = {"Release", "Deal", "Delivery", "DealRef", "Document", "DocumentProblem", "Evidence",
                "TransferClaim", "StatisticClaim", "EventClaim", "ExtractionResult", "Verdict",
                "CheckedClaim", "CheckedDocument", "Transfer", "Statistic", "Event"}


def _classes() -> dict[str, list[str]]:
    found = defaultdict(list)
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                found[node.name].append(name)
    return found


def test_the_domain_types_are_defined_once_in_the_model():
    classes = _classes()
    defined = {name: modules for name, modules in classes.items() if name in DOMAIN_TYPES}
    assert {name: len(modules) for name, modules in defined.items()} == {
        name: 1 for name in DOMAIN_TYPES - {"Transfer", "Statistic", "Event"}}
    assert {m for modules in defined.values() for m in modules} <= {
        "armswatch.model.claims", "armswatch.model.register", "armswatch.model.verdicts"}


def _literals(values: tuple[str, ...]) -> list[str]:
    """Modules that write out a vocabulary again: a tuple, list or set literal of its values."""
    wanted = set(values)
    found = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and node.elts and all(
                    isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
                if {e.value for e in node.elts} == wanted:
                    found.append(name)
    return found


# Lists written again, left for their owners, each with its fix (the same values, in the same
# order: the learned models index their classes by it).
KNOWN_LISTS = {
    "armswatch.extract.learning.transfers": "STATUSES = armswatch.model.TRANSFER_STATUSES",
    "armswatch.extract.learning.events": "TYPES = armswatch.model.EVENT_TYPES",
}


def test_the_vocabularies_are_written_once():
    from armswatch import model

    for values in (model.DEAL_STATUSES, model.TRANSFER_STATUSES, model.MEASURES,
                   model.EVENT_TYPES, model.VERDICTS, model.TRANSFER_VERDICTS):
        # the one place: the Literal type the tuple of values is read from
        found = [m for m in _literals(values) if m not in KNOWN_LISTS]
        assert found == ["armswatch.model.vocabulary"], values


def test_the_checks_see_a_class_and_a_list():
    """A class is found wherever it is defined, and a list of values in any order."""
    assert _classes()["Span"] == ["armswatch.extract.model"]
    assert _literals(("change", "rank", "value", "share")) == ["armswatch.model.vocabulary"]
