"""One way to commit: only ``services/unit_of_work.py`` calls ``.commit()``; services, the
command line and the Celery tasks write inside ``transaction()`` / ``one_transaction()``
(the rule in that module's docstring)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNIT_OF_WORK = "caseflow/services/unit_of_work.py"


def _commit_calls(tree: ast.AST) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "commit"
    ]


def test_only_the_unit_of_work_commits() -> None:
    offenders = [
        f"{file.relative_to(ROOT).as_posix()}:{line}"
        for file in sorted((ROOT / "caseflow").rglob("*.py"))
        if file.relative_to(ROOT).as_posix() != UNIT_OF_WORK
        for line in _commit_calls(ast.parse(file.read_text()))
    ]
    assert offenders == [], "commit through services/unit_of_work.py: " + ", ".join(offenders)


def test_the_detector_sees_a_commit() -> None:
    assert _commit_calls(ast.parse("db.session.commit()\nx = 1\nsession.commit()\n")) == [1, 3]
