"""The arrows point one way: the domain knows nothing of Slack or the database, the store nothing of who calls
it, and among the front ends only the command line (which starts the others) reaches into another."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("governance", "storage", "scheduling", "handlers")
FORBIDDEN = {
    "governance": {"slack_bolt", "slack_sdk", "sqlalchemy", "alembic", "storage", "handlers", "scheduling", "bot"},
    "storage": {"slack_bolt", "slack_sdk", "handlers", "scheduling", "bot"},
    "handlers": {"sqlalchemy", "alembic", "bot"},
    "scheduling": {"slack_bolt", "slack_sdk", "sqlalchemy", "alembic", "storage", "handlers", "bot"},
}
FRONT_ENDS = {
    "text": set(),
    "report": {"text"},
    "console": {"text"},
    "slack": {"report"},
    "cli": {"text", "report", "console", "slack"},
}
"""Which of handlers' packages each may import: shared text rendering belongs to none of its users, the papers
(handlers/report) are written by whichever front end hands them out (the command line to files, Slack as uploads),
and the command line is the one front end that starts the others."""


def _imports(path: Path) -> list[ast.Import | ast.ImportFrom]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]


def imported_modules(path: Path) -> set[str]:
    """Every module the file imports, by its full dotted name."""
    names = set()
    for node in _imports(path):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif node.module and node.level == 0:
            names.add(node.module)
    return names


def _tops(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imported_modules(path)}


def _modules(package: str) -> list[Path]:
    found = sorted((ROOT / package).rglob("*.py"))
    assert found, f"{package}/ holds no modules"
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_no_outer_layer(package: str) -> None:
    offenders = {str(path.relative_to(ROOT)): sorted(_tops(path) & FORBIDDEN[package])
                 for path in _modules(package) if _tops(path) & FORBIDDEN[package]}
    assert offenders == {}


@pytest.mark.parametrize("front_end", sorted(FRONT_ENDS))
def test_front_ends_import_only_what_they_may(front_end: str) -> None:
    allowed = FRONT_ENDS[front_end] | {front_end}
    offenders = {}
    for path in _modules(f"handlers/{front_end}"):
        reached = {name.split(".")[1] for name in imported_modules(path)
                   if name.startswith("handlers.") and name.count(".") >= 1}
        if reached - allowed:
            offenders[str(path.relative_to(ROOT))] = sorted(reached - allowed)
    assert offenders == {}


def test_handlers_packages_are_the_known_front_ends() -> None:
    """A new package under handlers/ is given its place in FRONT_ENDS before it can be imported."""
    packages = {path.parent.name for path in (ROOT / "handlers").glob("*/__init__.py")}
    assert packages == set(FRONT_ENDS)
    assert not [p.name for p in (ROOT / "handlers").glob("*.py") if p.name != "__init__.py"]


@pytest.mark.parametrize("package", [*PACKAGES, "bench"])
def test_no_relative_imports(package: str) -> None:
    """A module says where what it uses lives, so the arrows above can be read off every import."""
    offenders = [str(path.relative_to(ROOT)) for path in _modules(package)
                 if any(isinstance(node, ast.ImportFrom) and node.level for node in _imports(path))]
    assert offenders == []
