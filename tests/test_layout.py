"""The house by stage: read → extract → frames → checks / report → run → cli, imports pointing one way.

Every import of every module is read from its source (lazy imports inside functions too), so a backward arrow
or a circle fails here before it confuses a reader."""

import ast

import pytest

from chitieu.paths import PACKAGE_DIR
from chitieu.run.fingerprints import package_modules

# the stages in the order text flows through them; a module may import its own stage and earlier ones
STAGES = ("ground", "reference", "read", "extract", "frames", "checks", ("report", "evaluate"), "run", "cli")
GROUND = {"model", "paths", "errors", "vocab", "storage", "__init__"}
MAX_MODULE_LINES = 450


def _rank(stage: str) -> int:
    for i, s in enumerate(STAGES):
        if stage == s or (isinstance(s, tuple) and stage in s):
            return i
    raise AssertionError(f"unknown stage {stage}")


MODULES = package_modules()   # every chitieu module by dotted name, as the stage fingerprints read them


def stage_of(module: str) -> str:
    parts = module.split(".")[1:]
    if not parts:
        return "ground"
    head = parts[0]
    if (PACKAGE_DIR / head).is_dir():
        return head
    return "cli" if head == "cli" else ("ground" if head in GROUND else f"unplaced:{head}")


def _resolve(importer: str, node: ast.ImportFrom) -> list[str]:
    """The chitieu modules an ImportFrom names (a name that is a submodule counts as that module)."""
    if node.level:
        is_pkg = MODULES[importer].name == "__init__.py"
        base = importer.split(".")
        base = base if is_pkg else base[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if not target.startswith("chitieu"):
        return []
    out = []
    for alias in node.names:
        sub = f"{target}.{alias.name}"
        out.append(sub if sub in MODULES else target)
    return out


def imports_of(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.update(_resolve(module, node))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("chitieu"))
    return {m for m in found if m != module and m in MODULES}


GRAPH = {m: imports_of(m) for m in MODULES}


def test_the_package_is_split_by_stage():
    subpackages = {stage_of(m) for m in MODULES} - {"ground", "cli"}
    assert len(subpackages) >= 6, subpackages
    assert not [m for m in MODULES if stage_of(m).startswith("unplaced")]


def test_no_import_points_backwards():
    backward = []
    for importer, targets in GRAPH.items():
        a = stage_of(importer)
        for t in targets:
            b = stage_of(t)
            if a != b and _rank(b) >= _rank(a):
                backward.append(f"{importer} ({a}) imports {t} ({b})")
    assert not backward, "\n".join(backward)


def test_no_import_circle():
    state: dict[str, int] = {}
    circles = []

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for t in sorted(GRAPH[m]):
            if state.get(t) == 1:
                circles.append(" -> ".join(path[path.index(t):] + [t]) if t in path else f"{m} -> {t}")
            elif t not in state:
                visit(t, [*path, t])
        state[m] = 2

    for m in sorted(GRAPH):
        if m not in state:
            visit(m, [m])
    assert not circles, "\n".join(circles)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_holds_one_idea_in_at_most_450_lines(module):
    n = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert n <= MAX_MODULE_LINES, f"{module}: {n} lines"


def test_every_subpackage_says_what_it_owns_and_may_import():
    for m, f in MODULES.items():
        if f.name == "__init__.py" and m != "chitieu":
            doc = ast.get_docstring(ast.parse(f.read_text(encoding="utf-8"))) or ""
            assert "import" in doc.lower() and len(doc) > 80, f"{m}: {doc!r}"
