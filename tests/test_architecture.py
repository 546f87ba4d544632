"""docs/architecture.md against the package: every module listed, imports only go one way."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "helixnet"
DOC = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"
PRIVATE_SHARED = {"_validate", "_files", "_counting", "_graph", "_parallel", "_gc", "_kernels", "errors"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts and parts[-1] != "__main__":
            found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path) -> list[tuple[str, list[str]]]:
    """(imported module, imported names) of every relative import in the module."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            if node.module:
                out.append((".".join([*base, *node.module.split(".")]), [a.name for a in node.names]))
            else:
                out.extend((".".join([*base, a.name]), []) for a in node.names)
    return out


MODULES = _modules()


def test_every_module_is_in_the_architecture_page():
    listed = set(re.findall(r"`([a-z_.]+)`", DOC.read_text(encoding="utf-8")))
    missing = [m for m in MODULES if m not in listed and m.split(".")[-1] not in listed]
    assert not missing, f"docs/architecture.md does not list {missing}"


def test_no_import_cycle():
    graph = {m: {t for t, _ in _imports(m, p) if t in MODULES and t != m} for m, p in MODULES.items()}
    graph[""] = set()  # the package itself imports everything: it is the top, not part of a cycle
    state: dict[str, int] = {}

    def visit(m: str, trail: list[str]) -> None:
        state[m] = 1
        for t in graph.get(m, ()):
            if t == "" or t.startswith(m + "."):
                continue
            if state.get(t) == 1:
                pytest.fail(f"import cycle: {' -> '.join([*trail, m, t])}")
            if t not in state:
                visit(t, [*trail, m])
        state[m] = 2

    for m in graph:
        if m and m not in state:
            visit(m, [])


@pytest.mark.parametrize("name", sorted(MODULES))
def test_private_names_only_from_the_shared_private_layer(name):
    for target, names in _imports(name, MODULES[name]):
        if target.split(".")[-1] in PRIVATE_SHARED or target.split(".")[-1].startswith("_"):
            continue
        private = [n for n in names if n.startswith("_")]
        assert not private, f"{name} imports {private} from {target}; share them through a private module"
