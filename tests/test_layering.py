"""The arrows point one way: the domain knows nothing of Slack or the database."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "governance": {"slack_bolt", "slack_sdk", "sqlalchemy", "alembic", "storage", "handlers", "scheduling", "bot"},
    "handlers": {"sqlalchemy", "alembic"},
    "scheduling": {"slack_bolt", "slack_sdk", "sqlalchemy", "alembic", "storage", "handlers", "bot"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_no_outer_layer(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_modules(path) & FORBIDDEN[package])
        for path in (ROOT / package).rglob("*.py")
        if imported_modules(path) & FORBIDDEN[package]
    }
    assert offenders == {}
    assert list((ROOT / package).rglob("*.py")), f"{package}/ holds no modules"
