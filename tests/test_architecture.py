"""The package's shape, read from its source: imports run one way along the pipeline with no
cycle, ReportLab and pikepdf stay in render/ and pdf/, matplotlib in charts/, and only pdf/
touches their private names."""

from __future__ import annotations

import ast
import gc
import importlib.util
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "committee_report"
CORE = {"errors", "paths", "model", "limits", "processes", "stages", "__init__"}
APP = {"pipeline", "build", "cli", "console", "publish", "init", "__main__"}
ALLOWED = {
    # the flow: core -> inputs -> judge -> paper -> charts -> render -> pdf, the app on top
    "core": {"core"},
    "inputs": {"core", "inputs"},
    "judge": {"core", "inputs", "judge"},
    "paper": {"core", "inputs", "judge", "paper"},
    "charts": {"core", "inputs", "paper", "charts"},
    "render": {"core", "inputs", "paper", "charts", "render", "pdf"},
    "pdf": {"core", "charts", "pdf"},  # charts' data types only
    "app": {"core", "inputs", "judge", "paper", "charts", "render", "pdf", "app"},
}
FENCED = {"blPara", "useA85", "rl_config"}
"""ReportLab internals named in the issue that have no underscore: pdf/ only, too."""
MAX_LINES = 600


@lru_cache(maxsize=1)
def modules() -> dict[str, Path]:
    """Dotted name -> file, for every module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        out[".".join(parts)] = path
    return out


def layer(name: str) -> str:
    parts = name.split(".")
    if len(parts) > 2:
        return parts[1]
    if parts[-1] in APP:
        return "app"
    assert parts[-1] in CORE or parts[-1] == "committee_report", name
    return "core"


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The parse and the walk make and hold ~100,000 nodes: each collection they set off
    walks them all again, and the test process's heap besides (twice their own time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cache
def tree(path: Path) -> ast.Module:
    """Parsed once per run."""
    with _collector_paused():
        return ast.parse(path.read_text(encoding="utf-8"), str(path))


@cache
def nodes(path: Path) -> tuple[ast.AST, ...]:
    """Every node of the module, walked once: each check below filters this list. As
    `ast.walk` (breadth first) without its generators and the Load/Store markers no check
    reads, in a third of its time."""
    found: list[ast.AST] = [tree(path)]
    with _collector_paused():
        for node in found:  # the list grows behind the loop, as ast.walk's queue does
            for name in _fields(type(node)):
                value = getattr(node, name, None)
                if isinstance(value, list):
                    found.extend([item for item in value if isinstance(item, ast.AST)])
                elif isinstance(value, ast.AST):
                    found.append(value)
        return tuple(found)


@cache
def _fields(kind: type) -> tuple[str, ...]:
    return tuple(name for name in kind._fields if name != "ctx")  # type: ignore[attr-defined]


def test_the_walk_is_ast_walks() -> None:
    for path in list(modules().values())[:: max(1, len(modules()) // 8)]:
        walked = [n for n in ast.walk(tree(path)) if not isinstance(n, ast.expr_context)]
        assert nodes(path) == tuple(walked)


@cache
def _type_checking_only(path: Path) -> frozenset[int]:
    """Line numbers of imports under `if TYPE_CHECKING:` (no import at run time)."""
    lines: set[int] = set()
    for node in nodes(path):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return frozenset(lines)


@cache
def imports(name: str, path: Path, *, runtime: bool = False) -> frozenset[str]:
    """Every module `name` imports (top level or inside functions), resolved; with `runtime`,
    without those imported only for type checking."""
    skip = _type_checking_only(path) if runtime else frozenset()
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in nodes(path):
        if not isinstance(node, (ast.Import, ast.ImportFrom)) or node.lineno in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        else:
            base = node.module or ""
            if node.level:
                base = importlib.util.resolve_name("." * node.level + base, package)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return frozenset(found)


@cache
def graph(runtime: bool = True) -> dict[str, set[str]]:
    known = modules()
    return {
        name: {m for m in imports(name, path, runtime=runtime) if m in known and m != name}
        for name, path in known.items()
    }


def test_the_package_has_the_pipelines_folders() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert {"inputs", "judge", "paper", "charts", "render", "pdf"} <= folders
    for name in modules():
        layer(name)  # every module is in a folder of the flow, the core or the app layer


def test_no_import_cycle() -> None:
    deps = graph(runtime=True)
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for dep in sorted(deps[name]):
            if dep.endswith("__init__") or dep == "committee_report":
                continue
            if state.get(dep) == 1:
                cycle = stack[stack.index(dep) :] + [dep]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if dep not in state:
                visit(dep)
        stack.pop()
        state[name] = 2

    for name in sorted(deps):
        if name not in state:
            visit(name)


def test_no_import_against_the_flow() -> None:
    wrong = [
        f"{name} imports {dep}"
        for name, deps in graph(runtime=False).items()
        for dep in sorted(deps)
        if layer(dep) not in ALLOWED[layer(name)]
    ]
    assert wrong == []


def test_pdf_uses_only_the_charts_data_types() -> None:
    wrong = [
        f"{name} imports {dep}"
        for name, deps in graph(runtime=False).items()
        if layer(name) == "pdf"
        for dep in sorted(deps)
        if layer(dep) == "charts" and dep != "committee_report.charts.spec"
    ]
    assert wrong == []


def test_the_renderer_reads_no_report() -> None:
    """render/ maps a Paper and a Theme to pages: it imports neither the domain model (the
    scorecard, the judgements) nor the stages that make them."""
    wrong = [
        f"{name} imports {dep}"
        for name, deps in graph(runtime=False).items()
        if layer(name) == "render"
        for dep in sorted(deps)
        if dep in ("committee_report.model", "committee_report.pipeline") or layer(dep) == "judge"
    ]
    assert wrong == []


def third_party(name: str) -> set[str]:
    return {m.split(".")[0] for m in imports(name, modules()[name], runtime=False)}


@pytest.mark.parametrize(
    ("library", "folders"),
    [
        ("reportlab", {"render", "pdf"}),
        ("pikepdf", {"pdf"}),
        ("matplotlib", {"charts"}),
    ],
)
def test_libraries_stay_in_their_folders(library: str, folders: set[str]) -> None:
    users = {name for name in modules() if library in third_party(name)}
    assert users, f"nothing imports {library}: the test would pass for nothing"
    assert {name for name in users if layer(name) not in folders} == set()


@lru_cache(maxsize=1)
def private_library_names() -> frozenset[str]:
    """Every `_name` (not dunder) that ReportLab or pikepdf defines or uses."""
    names: set[str] = set()
    for library in ("reportlab", "pikepdf"):
        spec = importlib.util.find_spec(library)
        assert spec is not None and spec.submodule_search_locations
        for folder in spec.submodule_search_locations:
            for path in Path(folder).rglob("*.py"):
                text = path.read_text(encoding="utf-8", errors="replace")
                names.update(re.findall(r"\b(_[A-Za-z][A-Za-z0-9_]*)\b", text))
    return frozenset(n for n in names if not n.endswith("__"))


def private_uses(path: Path) -> list[str]:
    """Attributes, getattr strings and imported names of ReportLab and pikepdf that are
    private (or fenced), excluding names this module defines itself (its own `_x`)."""
    walked = nodes(path)
    private = private_library_names()
    own = {
        node.name
        for node in walked
        if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
    }
    own |= {
        t.attr
        for node in walked
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Attribute)
    }
    own |= {
        t.target.attr
        for t in walked
        if isinstance(t, ast.AnnAssign) and isinstance(t.target, ast.Attribute)
    }
    found = []
    for node in walked:
        name = None
        if isinstance(node, ast.Attribute):
            name = node.attr
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "hasattr", "setattr")
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            name = node.args[1].value
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in (
            "reportlab",
            "pikepdf",
        ):
            found += [
                f"{path.name}:{node.lineno}: imports {a.name}"
                for a in node.names
                if a.name.startswith("_") or a.name in FENCED
            ]
            if (node.module or "").split(".")[0] == "reportlab" and any(
                a.name == "rl_config" for a in node.names
            ):
                continue
        elif isinstance(node, ast.Constant) and node.value in FENCED:
            name = node.value
        if name is None:
            continue
        if name in FENCED or (name in private and name not in own and not name.startswith("__")):
            found.append(f"{path.name}:{node.lineno}: {name}")
    return found


def test_only_pdf_touches_private_reportlab_and_pikepdf_names() -> None:
    wrong = []
    for name, path in modules().items():
        if layer(name) != "pdf":
            wrong += private_uses(path)
    assert wrong == []


def test_the_private_name_check_finds_what_pdf_uses() -> None:
    """The check is not vacuous: the fenced fast paths in pdf/ are what it would report."""
    found = "\n".join(
        u for name, path in modules().items() if layer(name) == "pdf" for u in private_uses(path)
    )
    for name in (
        "_code",
        "_doc",
        "blPara",
        "_atTop",
        "_prevASpace",
        "_pagesize",
        "useA85",
        "_nrows",
        "_dynamicFont",
        "_content",
    ):
        assert name in found, name


def test_no_module_is_over_600_lines() -> None:
    long = {
        name: n
        for name, path in modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
