"""The layer order is checked, not wished: the contract, its drawing and the imports agree.

``make lint`` runs import-linter on the contract in ``setup.cfg``; these tests keep the
contract honest (no ignores, every package named) and the drawing in
``docs/architecture.md`` the same as the contract, and find imports hidden in functions.
"""
from __future__ import annotations

import ast
import configparser
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = "importlinter:contract:layers"


def contract() -> configparser.SectionProxy:
    """The layers contract as import-linter reads it."""
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg")
    return parser[CONTRACT]


def listed(value: str) -> list[str]:
    """A multi-line setting as its non-empty lines."""
    return [line.strip() for line in value.splitlines() if line.strip()]


def drawing() -> list[str]:
    """The layer lines of the drawing in docs/architecture.md, top to bottom."""
    text = (ROOT / "docs" / "architecture.md").read_text()
    match = re.search(r"<!-- layers: .*? -->\s*```text\n(.*?)```", text, re.S)
    assert match, "docs/architecture.md has no layer drawing after its '<!-- layers' marker"
    return [line.split("#")[0].strip() for line in match.group(1).splitlines()
            if line.split("#")[0].strip()]


def test_the_contract_ignores_nothing():
    section = contract()
    assert "ignore_imports" not in section
    assert section["type"] == "layers"
    assert section.getboolean("exhaustive")


def test_the_drawing_is_the_contract():
    assert drawing() == listed(contract()["layers"])


def test_every_package_and_module_has_a_layer():
    names = {name.strip("()") for line in listed(contract()["layers"])
             for name in re.split(r"\s*[:|]\s*", line)}
    ignored = set(listed(contract().get("exhaustive_ignores", "")))
    present = {p.stem if p.is_file() else p.name for p in (ROOT / "forum").iterdir()
               if (p.suffix == ".py" and p.name != "__init__.py")
               or (p.is_dir() and (p / "__init__.py").exists())}
    assert present - ignored <= names


def _function_imports(path: Path) -> list[int]:
    """Lines of imports inside functions that carry no comment saying why."""
    lines = path.read_text().splitlines()
    tree = ast.parse("\n".join(lines))
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                here = lines[node.lineno - 1]
                above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
                if "#" not in here and not above.startswith("#"):
                    found.append(node.lineno)
    return found


@pytest.mark.parametrize("path", sorted(p.relative_to(ROOT).as_posix()
                                        for p in (ROOT / "forum").rglob("*.py")
                                        if "migrations" not in p.parts))
def test_no_unexplained_import_inside_a_function(path):
    assert _function_imports(ROOT / path) == [], \
        f"{path}: an import inside a function needs a comment saying which knot it breaks"


def test_the_import_check_finds_a_hidden_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    import json\n    return json\n\n"
                      "def g():\n    # the reason\n    import json\n    return json\n")
    assert _function_imports(sample) == [2]
