"""`flask caseflow verify-audit` and `audit-checkpoint`, as an operator runs them, and the
audit key generated outside the database."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from flask import Flask

from caseflow.config import load_config
from caseflow.extensions import db
from caseflow.models import AuditCheckpoint, Case, User
from caseflow.services.audit import chain_keys, trail
from tests.audit_attacks import event_ids, tamper, walked_case

Users = dict[str, User]


def test_verify_audit_exits_0_on_an_intact_record(app: Flask, users: Users) -> None:
    walked_case(users)
    walked_case(users)
    result = app.test_cli_runner().invoke(args=["caseflow", "verify-audit"])
    assert result.exit_code == 0, result.output
    assert "Audit-record intact: 2 zaken, 10 gebeurtenissen, 0 controlepunten." in result.output


def test_verify_audit_names_the_first_broken_link_and_exits_1(app: Flask, users: Users) -> None:
    walked_case(users)
    case_id = walked_case(users)
    ids = event_ids(case_id)
    tamper("UPDATE case_events SET comment = 'vervalst' WHERE id = :id", id=ids[3])
    tamper("DELETE FROM case_events WHERE id = :id", id=ids[1])
    reference = db.session.get(Case, case_id).reference

    result = app.test_cli_runner().invoke(args=["caseflow", "verify-audit"])

    assert result.exit_code == 1, result.output
    assert (
        f"Eerste breuk: zaak {reference}, gebeurtenis {ids[2]}: verwijderd: wat ervoor in de "
        "keten hoort, ontbreekt [removed]"
    ) in result.output
    assert "Audit-record NIET intact: 1 breuk(en) in 2 zaken" in result.output


def test_audit_checkpoint_writes_one_when_intact_and_refuses_otherwise(
    app: Flask, users: Users
) -> None:
    case_id = walked_case(users)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["caseflow", "audit-checkpoint"])
    assert first.exit_code == 0, first.output
    assert "Controlepunt 1: 1 zaak/zaken bijgewerkt tot gebeurtenis" in first.output

    tamper("DELETE FROM case_events WHERE id = :id", id=max(event_ids(case_id)))
    second = runner.invoke(args=["caseflow", "audit-checkpoint"])
    assert second.exit_code == 1
    assert "[missing_after_checkpoint]" in second.output
    assert "Geen controlepunt geschreven" in second.output
    assert db.session.query(AuditCheckpoint).count() == 1


def test_without_a_setting_the_audit_key_is_generated_once_outside_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASEFLOW_AUDIT_KEY", raising=False)
    instance = tmp_path / "instance"
    key = load_config(instance, {"SECRET_KEY": "s"})["AUDIT_KEY"]
    path = instance / "audit_key"
    assert len(key) == 64 and path.read_text() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_config(instance, {"SECRET_KEY": "s"})["AUDIT_KEY"] == key
    monkeypatch.setenv("CASEFLOW_AUDIT_KEY", "from-the-secret-store")
    assert load_config(instance, {})["AUDIT_KEY"] == "from-the-secret-store"


def test_events_signed_with_a_previous_key_verify_while_it_is_listed(
    app: Flask, users: Users
) -> None:
    walked_case(users)
    old = app.config["AUDIT_KEY"]
    app.config.update(AUDIT_KEY="the-new-key", AUDIT_PREVIOUS_KEYS=[old])
    case_id = walked_case(users)
    assert chain_keys.fingerprint("the-new-key") in {e.key_id for e in trail.timeline(case_id)}
    runner = app.test_cli_runner()
    assert runner.invoke(args=["caseflow", "verify-audit"]).exit_code == 0
    app.config["AUDIT_PREVIOUS_KEYS"] = []
    result = runner.invoke(args=["caseflow", "verify-audit"])
    assert result.exit_code == 1 and "[unknown_key]" in result.output
