"""Issue 8, item 18: the dependency audit fails on a fixable vulnerability, and CI runs it."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _audit():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location("ci_audit", ROOT / ".ci" / "audit.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _report(*dependencies: dict) -> dict:
    return {"dependencies": list(dependencies), "fixes": []}


def test_08_18_a_vulnerability_with_a_fix_fails_the_audit():
    failures, warnings = _audit().classify(_report(
        {"name": "werkzeug", "version": "2.0.0",
         "vulns": [{"id": "GHSA-xxxx", "fix_versions": ["2.2.3", "3.0.1"]}]},
        {"name": "flask", "version": "3.1.3", "vulns": []}))
    assert failures == ["werkzeug 2.0.0: GHSA-xxxx, fixed in 2.2.3, 3.0.1"]
    assert warnings == []


def test_08_18_a_vulnerability_without_a_fix_only_warns():
    failures, warnings = _audit().classify(_report(
        {"name": "bleach", "version": "6.1.0",
         "vulns": [{"id": "PYSEC-0000", "fix_versions": []}]}))
    assert failures == [] and warnings == ["bleach 6.1.0: PYSEC-0000, no fixed release yet"]


def test_08_18_a_package_that_could_not_be_checked_fails_but_the_project_is_skipped():
    failures, _ = _audit().classify(_report(
        {"name": "civic-forum", "skip_reason": "distribution marked as editable"},
        {"name": "flask", "skip_reason": "Dependency not found on PyPI and could not be "
                                         "audited: flask (3.1.3)"}))
    assert len(failures) == 1 and failures[0].startswith("flask: not audited")


def test_08_18_an_unreachable_service_passes_loudly_unless_required():
    audit = _audit()
    unreachable = ["flask: not audited (Dependency not found on PyPI)"]
    assert audit.exit_status(unreachable, 0, required=False) == 0
    assert audit.exit_status(unreachable, 0, required=True) == 1
    # Once anything could be checked, an unchecked package fails the run again.
    assert audit.exit_status(unreachable, 12, required=False) == 1
    assert audit.exit_status([], 12, required=False) == 0


def test_08_18_ci_audits_before_it_tests():
    commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert commands.index("make audit") < commands.index("make test")
    assert "\naudit:" in (ROOT / "Makefile").read_text()
