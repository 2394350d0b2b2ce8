"""Audit the installed packages for known vulnerabilities; fail when one has a fix.

``make audit`` runs this with pip-audit's own interpreter and ``PIPAPI_PYTHON_LOCATION``
pointing at the project's virtualenv, so the packages audited are the forum's, not the
auditor's. The project itself (an editable install) is skipped. A vulnerability with a fixed
release fails the run; one with no fix yet is listed as a warning. A package that could not
be checked fails the run too, except when the vulnerability service could not be reached for
any package at all: then the run says loudly that nothing was audited and passes, unless
``AUDIT_REQUIRED=1`` (a network without PyPI's JSON API must not block every change; a
"nothing found" must never be printed for packages that were not checked). Extra arguments go
to pip-audit (e.g. ``--ignore-vuln ID``).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

EDITABLE = "editable"


def classify(report: dict) -> tuple[list[str], list[str]]:
    """Split a pip-audit JSON report into failures and warnings, one line each."""
    failures: list[str] = []
    warnings: list[str] = []
    for dependency in report.get("dependencies", []):
        name = dependency.get("name", "?")
        skipped = dependency.get("skip_reason")
        if skipped:
            if EDITABLE not in skipped:
                failures.append(f"{name}: not audited ({skipped})")
            continue
        for vuln in dependency.get("vulns", []):
            fixes = vuln.get("fix_versions") or []
            where = f"{name} {dependency.get('version', '?')}: {vuln.get('id', '?')}"
            if fixes:
                failures.append(f"{where}, fixed in {', '.join(fixes)}")
            else:
                warnings.append(f"{where}, no fixed release yet")
    return failures, warnings


def main(arguments: list[str]) -> int:
    """Run pip-audit, print what it found and return the exit status."""
    command = [sys.executable, "-m", "pip_audit", "--skip-editable", "--progress-spinner",
               "off", "--format", "json", *arguments]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        sys.stderr.write(result.stderr)
        print("audit: pip-audit gave no report; is the vulnerability service reachable?")
        return 2
    failures, warnings = classify(report)
    audited = sum(1 for d in report.get("dependencies", []) if not d.get("skip_reason"))
    for line in warnings:
        print(f"audit: warning: {line}")
    for line in failures:
        print(f"audit: FAIL: {line}")
    print(f"audit: {audited} packages checked, {len(failures)} failures, "
          f"{len(warnings)} warnings.")
    if failures and not audited:
        print("audit: NOT AUDITED: no package could be checked because the vulnerability "
              "service did not answer (pip-audit asks PyPI's JSON API by default; "
              "AUDIT_ARGS='-s osv' asks OSV).")
    return exit_status(failures, audited, required=os.environ.get("AUDIT_REQUIRED") == "1")


def exit_status(failures: list[str], audited: int, *, required: bool) -> int:
    """Fail on any failure, except an unreachable service (nothing audited) when not required."""
    if failures and not audited and not required:
        return 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
