"""models and exporters never pull in Textual; tui never touches SQLAlchemy; the layers point one way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_core_imports_without_textual():
    code = (
        "import sys, pkgutil, importlib, models, exporters\n"
        "for pkg in (models, exporters):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if '.migrations' in info.name: continue\n"
        "        importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(len([m for m in sys.modules if m.startswith(('models.', 'exporters.'))]))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr or "textual was imported by models/exporters"
    assert int(result.stdout.strip()) >= 10  # the walk really imported the modules


def test_import_linter_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("import-linter is not installed in this environment")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_tui_never_imports_sqlalchemy_or_sqlmodel():
    """Screens read and write through models (tui.data.reading/writing call models.db); the
    import-linter contract says so, and this checks every tui module's imports without it."""
    import ast
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    assert any(c["type"] == "forbidden" and c["source_modules"] == ["tui"]
               and set(c["forbidden_modules"]) == {"sqlalchemy", "sqlmodel"} for c in contracts)
    found = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in names
                      if n.split(".")[0] in ("sqlalchemy", "sqlmodel")]
    assert found == []


def test_every_binding_has_an_id_and_a_tooltip():
    """Keys are discoverable (footer tooltips) and remappable (ids) everywhere in the app."""
    import ast

    bindings, missing = 0, []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Binding":
                bindings += 1
                given = {k.arg for k in node.keywords}
                if not {"id", "tooltip"} <= given:
                    missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bindings >= 20
    assert missing == []


MODULE_LIMIT = 400  # lines: a newcomer can read a module in one sitting


def test_no_module_in_the_packages_is_over_the_limit():
    """Every module in models/, exporters/ and tui/ (migrations aside) stays under the limit."""
    long = {str(path.relative_to(ROOT)): n
            for package in ("models", "exporters", "tui")
            for path in sorted((ROOT / package).rglob("*.py"))
            if "migrations" not in path.parts
            and (n := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LIMIT}
    assert long == {}, f"split these modules along what they do: {long}"
