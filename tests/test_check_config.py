"""`flask caseflow check-config`: zero and "in orde" for a production configuration; each
unsafe setting named on a line of its own, in Dutch and English, with a non-zero exit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from caseflow import create_app
from caseflow.extensions import db

GOOD_KEY = "9f2c41d7a0b84e55c3e1f6a29d7b0c8e4a61f3d2b5c7e9a0"


def good_config(tmp_path: Path) -> dict[str, Any]:
    return {
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "ENV": "production",
        "SECRET_KEY": GOOD_KEY,
        "DATABASE_URL": "postgresql+psycopg://caseflow@db.internal/caseflow",
        "SESSION_COOKIE_SECURE": True,
        "REDIS_URL": "redis://redis.internal:6379/0",
        "BASE_URL": "https://caseflow.bzk.example",
    }


def check(config: dict[str, Any]) -> Result:
    app = create_app(config)
    try:
        return app.test_cli_runner().invoke(args=["caseflow", "check-config"])
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(autouse=True)
def _no_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("CASEFLOW_ENV", "CASEFLOW_SECRET_KEY", "CASEFLOW_REDIS_URL", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    yield


def problem_lines(result: Result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("- ")]


def test_a_production_configuration_is_in_order(tmp_path: Path) -> None:
    result = check(good_config(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Configuratie in orde voor productie." in result.output


@pytest.mark.parametrize(
    ("change", "setting", "dutch"),
    [
        ({"ENV": "development"}, "CASEFLOW_ENV", "staat niet op 'production'"),
        ({"SECRET_KEY": "test-secret-key"}, "CASEFLOW_SECRET_KEY", "bekende standaardwaarde"),
        ({"SECRET_KEY": "kort-maar-geheim"}, "CASEFLOW_SECRET_KEY", "te kort of te eenvoudig"),
        ({"SECRET_KEY": "x" * 40}, "CASEFLOW_SECRET_KEY", "te kort of te eenvoudig"),
        ({"DATABASE_URL": "sqlite:////var/lib/caseflow.db"}, "CASEFLOW_DATABASE_URL", "SQLite"),
        ({"SESSION_COOKIE_SECURE": False}, "CASEFLOW_SESSION_COOKIE_SECURE", "staat uit"),
        ({"REDIS_URL": ""}, "CASEFLOW_REDIS_URL", "ingebouwde broker"),
        ({"BASE_URL": "http://caseflow.bzk.example"}, "CASEFLOW_BASE_URL", "https://"),
        ({"BASE_URL": ""}, "CASEFLOW_BASE_URL", "https://"),
    ],
)
def test_each_unsafe_setting_is_named(
    tmp_path: Path, change: dict[str, Any], setting: str, dutch: str
) -> None:
    result = check({**good_config(tmp_path), **change})
    assert result.exit_code == 1, result.output
    assert "niet geschikt voor productie / Configuration not fit for production" in result.output
    [line] = problem_lines(result)
    assert line.startswith(f"- {setting}: ") and dutch in line
    assert " / " in line.removeprefix(f"- {setting}: ")  # the English half follows


def test_the_generated_instance_key_is_refused_in_production_only(tmp_path: Path) -> None:
    config = good_config(tmp_path)
    del config["SECRET_KEY"]  # generated into instance/secret_key on the first start
    result = check(config)
    assert result.exit_code == 1
    [line] = problem_lines(result)
    assert "komt uit instance/secret_key" in line and "CASEFLOW_SECRET_KEY" in line
    generated = (tmp_path / "instance" / "secret_key").read_text().strip()
    assert check({**good_config(tmp_path), "SECRET_KEY": generated}).exit_code == 1
    assert check({**good_config(tmp_path), "ENV": "staging"}).exit_code == 1  # ENV itself
    config_without_env = {**good_config(tmp_path), "SECRET_KEY": generated, "ENV": "test"}
    assert not any(
        "instance/secret_key" in line for line in problem_lines(check(config_without_env))
    )


def test_the_development_defaults_list_every_problem(tmp_path: Path) -> None:
    result = check({"INSTANCE_PATH": str(tmp_path / "instance"), "SESSION_COOKIE_SECURE": False})
    assert result.exit_code == 1
    named = [line.split(":")[0] for line in problem_lines(result)]
    assert named == [
        "- CASEFLOW_ENV",
        "- CASEFLOW_DATABASE_URL",
        "- CASEFLOW_SESSION_COOKIE_SECURE",
        "- CASEFLOW_REDIS_URL",
        "- CASEFLOW_BASE_URL",
    ]


def test_environment_variables_are_what_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = good_config(tmp_path)
    del config["ENV"], config["SECRET_KEY"]
    monkeypatch.setenv("CASEFLOW_ENV", "production")
    monkeypatch.setenv("CASEFLOW_SECRET_KEY", GOOD_KEY)
    assert check(config).exit_code == 0


def test_debug_from_the_environment_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLASK_DEBUG", "1")  # the flask command turns the debugger on
    result = check(good_config(tmp_path))
    assert result.exit_code == 1
    [line] = problem_lines(result)
    assert line.startswith("- DEBUG: staat aan")
