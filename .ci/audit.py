"""Dependency audit: every pinned package of requirements*.txt checked by pip-audit.

Run by `make audit` (and so by `make test` and CI). Exit status:
  0  every package was audited and none has a known vulnerability (beyond .ci/audit-ignore.txt),
     or the vulnerability service cannot be reached from this machine: then a banner says the
     audit did NOT run (set AUDIT_STRICT=1 to make that an error, e.g. on a release machine);
  1  a known vulnerability, or some packages could not be audited while others could.

pip-audit asks PyPI's JSON API (pypi.org/pypi/<name>/<version>/json) by default; machines that
reach only a package mirror get "not found" for every package, and pip-audit would then print
"No known vulnerabilities found" and succeed: this script tells that case apart.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE_FILE = ROOT / ".ci" / "audit-ignore.txt"


def ignored() -> dict[str, str]:
    """Vulnerability ids accepted on purpose, each with its reason (`ID  # why`)."""
    accepted = {}
    for line in IGNORE_FILE.read_text(encoding="utf-8").splitlines():
        vuln_id, _, reason = line.partition("#")
        if vuln_id.strip():
            accepted[vuln_id.strip()] = reason.strip()
    return accepted


def main() -> int:
    accepted = ignored()
    command = [
        sys.executable, "-m", "pip_audit", "--no-deps", "--disable-pip", "--progress-spinner", "off",
        "-f", "json", "-s", os.environ.get("AUDIT_SERVICE", "pypi"),
        "-r", str(ROOT / "requirements.txt"), "-r", str(ROOT / "requirements-dev.txt"),
    ]  # fmt: skip
    for vuln_id in accepted:
        command += ["--ignore-vuln", vuln_id]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        return unreachable(result.stderr.strip().splitlines()[-1:] or ["pip-audit n'a rien répondu"])
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = [d for d in dependencies if not d.get("skip_reason")]
    if dependencies and not audited:
        return unreachable([skipped[0]["skip_reason"]])
    vulnerable = [(d, v) for d in audited for v in d.get("vulns", [])]
    for dep, vuln in vulnerable:
        fixes = ", ".join(vuln.get("fix_versions", [])) or "aucune"
        print(f"VULNÉRABLE {dep['name']} {dep['version']} : {vuln['id']} (corrigé en : {fixes})")
    for dep in skipped:
        print(f"NON AUDITÉ {dep['name']} {dep['version']} : {dep['skip_reason']}")
    for vuln_id, reason in accepted.items():
        print(f"ACCEPTÉ {vuln_id} : {reason}")
    print(f"Audit des dépendances : {len(audited)} paquets audités, {len(vulnerable)} vulnérabilité(s).")
    return 1 if vulnerable or skipped else 0


def unreachable(detail) -> int:
    banner = "=" * 78
    print(banner)
    print("AUDIT DES DÉPENDANCES NON EFFECTUÉ : le service de vulnérabilités (PyPI JSON API")
    print("ou OSV) ne répond pas depuis cette machine, qui n'atteint qu'un miroir de paquets.")
    print(f"Détail : {detail[0]}")
    print("Lancez `make audit` sur une machine qui a accès à pypi.org (ou AUDIT_SERVICE=osv).")
    print(banner)
    return 1 if os.environ.get("AUDIT_STRICT") == "1" else 0


if __name__ == "__main__":
    sys.exit(main())
