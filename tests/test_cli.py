"""The command-line tasks used for the documentation (`seed`: tests/test_seed.py)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from caseflow import ROOT


def test_documented_diagrams_are_current(app: Flask, tmp_path: Path) -> None:
    result = app.test_cli_runner().invoke(args=["caseflow", "diagrams", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rendered = sorted(tmp_path.glob("*.svg"))
    assert [p.name for p in rendered] == [
        "masterplan-v1.svg",
        "nieuwe_dienst-v1.svg",
        "omvangswijziging-v1.svg",
        "omvangswijziging-v2.svg",
        "zbo_gesprek-v1.svg",
    ]
    for path in rendered:
        committed = ROOT / "docs" / "workflows" / path.name
        assert committed.read_text() == path.read_text(), (
            f"{committed} is outdated: run `flask --app wsgi caseflow diagrams`"
        )
