"""The shape of the code that the import contracts (pyproject.toml, run by `make test`) do not check themselves.

- No module-level import cycle among the project's modules: the layers contract forbids upward imports between
  layers, this test also catches a cycle inside one layer (two modules of one sub-package importing each other).
- An import inside a function says why it is there (`# noqa: PLC0415 -- <reason>`).
- `awards/models/__init__.py` only re-exports the models of the subjects.
- A test module imports no other test module: shared helpers live in `tests/conftest.py`, `tests/<app>/conftest.py`
  or `tests/factories/`.
"""

import ast
import pathlib

import pytest

pytestmark = pytest.mark.unit

ROOT = pathlib.Path(__file__).resolve().parent.parent
APPS = ("units", "emulation", "awards", "reports", "config")


def _modules() -> dict[str, pathlib.Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The project module an import names (a module, or the module defining the imported name)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _top_level_imports(path: pathlib.Path) -> set[str]:
    imported = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            target = _resolve(name)
            if target is not None:
                imported.add(target)
    return imported


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
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
                result.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def test_no_module_level_import_cycle():
    graph = {}
    for name, path in MODULES.items():
        # A package's __init__ importing its own submodules (a re-export) is not a cycle of the design.
        graph[name] = {target for target in _top_level_imports(path) if not target.startswith(name + ".")}
    assert _cycles(graph) == []


def test_every_import_inside_a_function_says_why():
    unexplained = []
    for name, path in MODULES.items():
        lines = path.read_text().splitlines()
        tree = ast.parse(path.read_text())
        top = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top:
                text = " ".join(lines[node.lineno - 1 : node.end_lineno])
                noqa = text.partition("# noqa:")[2]
                if "PLC0415" not in noqa or not noqa.partition("--")[2].strip():
                    unexplained.append(f"{name}:{node.lineno}")
    assert unexplained == []


def test_awards_models_package_only_re_exports():
    tree = ast.parse((ROOT / "awards" / "models" / "__init__.py").read_text())
    statements = [node for node in tree.body if not isinstance(node, ast.Expr)]
    assert statements
    assert all(isinstance(node, ast.ImportFrom) for node in statements)


def test_no_test_module_imports_another_test_module():
    offenders = []
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                leaf = node.module.rpartition(".")[2]
                if node.module.startswith("tests") and leaf.startswith("test_"):
                    offenders.append(f"{path.relative_to(ROOT)} imports {node.module}")
    assert offenders == []


def test_routes_are_declared_in_urls_modules_only():
    """Views are HTTP glue; their routes live in the app's (or the awards subject's) `urls.py`."""
    declaring = []
    for name, path in MODULES.items():
        if ".views" not in f".{name}":
            continue
        for node in ast.parse(path.read_text()).body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if any(isinstance(target, ast.Name) and target.id == "urlpatterns" for target in targets):
                declaring.append(name)
    assert declaring == []
