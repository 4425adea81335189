"""`make audit` (.ci/audit.py) tells a clean audit, a vulnerable pin and an audit that could not
run apart: pip-audit alone says "No known vulnerabilities found" when it reached no service."""

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "audit.py"


@pytest.fixture
def audit(monkeypatch):
    spec = importlib.util.spec_from_file_location("tremplin_audit", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def answer(dependencies):
        out = json.dumps({"dependencies": dependencies, "fixes": []})
        monkeypatch.setattr(
            subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 0, stdout=out, stderr="")
        )
        return module

    return answer


def test_clean_audit_passes(audit, capsys):
    module = audit([{"name": "django", "version": "5.2.19", "vulns": []}])
    assert module.main() == 0
    assert "1 paquets audités, 0 vulnérabilité" in capsys.readouterr().out


def test_a_known_vulnerability_fails_with_its_id(audit, capsys):
    vuln = {"id": "PYSEC-2099-1", "fix_versions": ["5.2.20"], "aliases": [], "description": ""}
    module = audit([{"name": "django", "version": "5.2.19", "vulns": [vuln]}])
    assert module.main() == 1
    assert "PYSEC-2099-1" in capsys.readouterr().out


def test_no_service_is_said_plainly_and_strict_mode_fails(audit, capsys, monkeypatch):
    skipped = {"name": "django", "version": "5.2.19", "skip_reason": "Dependency not found on PyPI"}
    module = audit([skipped])
    assert module.main() == 0
    assert "AUDIT DES DÉPENDANCES NON EFFECTUÉ" in capsys.readouterr().out
    monkeypatch.setenv("AUDIT_STRICT", "1")
    assert module.main() == 1
