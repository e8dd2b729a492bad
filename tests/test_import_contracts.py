"""The layering contracts of pyproject.toml ([tool.importlinter]) hold, so `pytest` alone
catches an import across a layer, not only `make test` (which runs `lint-imports` too).
docs/architecture.md draws the layers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def test_import_contracts_are_kept() -> None:
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = result.stdout[result.stdout.find("Contracts") :] + result.stderr
    assert result.returncode == 0, report


def test_the_contracts_name_every_layer() -> None:
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for arrow in (
        '"caseflow.web",',
        '"caseflow.services",',
        '"caseflow.engine : caseflow.domain : caseflow.models",',
        'ignore_imports = ["caseflow -> caseflow.web", "caseflow -> caseflow.web.*"]',
        'source_modules = ["workflows"]',
        'source_modules = ["caseflow.tasks"]',
        'source_modules = ["caseflow.domain"]',
        "exclude_type_checking_imports = true",
    ):
        assert arrow in config, arrow
