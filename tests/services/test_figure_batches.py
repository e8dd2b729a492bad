"""Import batches: what a batch adds goes, what it replaced comes back, in the right order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from caseflow.domain.errors import Conflict, NotAllowed
from caseflow.extensions import db
from caseflow.models import User
from caseflow.models.region import EmploymentFigure, FigureBatch
from caseflow.services.insight import figure_batches, figures
from tests.factories import province_id

Users = dict[str, User]
HEADER = "provincie;sector;peildatum;fte;bron\n"
DAY = date(2024, 1, 1)


@pytest.fixture(autouse=True)
def _imports(app: Flask, tmp_path: Path) -> None:
    app.config["FIGURE_IMPORTS_PATH"] = str(tmp_path / "imports")


def _import(user: User, body: str) -> FigureBatch:
    data = (HEADER + body).encode()
    return figures.import_figures(user, figures.store_upload(user, "cijfers.csv", data))


def _state() -> dict[tuple[str, str], tuple[float, str, int | None]]:
    return {
        (f.province.name, f.sector): (f.fte, f.source, f.batch_id)
        for f in db.session.scalars(select(EmploymentFigure))
    }


def test_withdrawal_restores_replaced_and_removes_added(users: Users) -> None:
    db.session.add(
        EmploymentFigure(
            province_id=province_id("Zeeland"),
            sector="DJI",
            peildatum=DAY,
            fte=50,
            source="officieel",
        )
    )
    db.session.commit()
    before = _state()
    batch = _import(
        users["adviseur"], "Zeeland;DJI;2024-01-01;70;herzien\nLimburg;DJI;2024-01-01;30;nieuw\n"
    )
    assert _state() == {
        ("Zeeland", "DJI"): (70, "herzien", batch.id),
        ("Limburg", "DJI"): (30, "nieuw", batch.id),
    }
    assert figure_batches.held_count(batch) == 2
    assert [(r.fte, r.source) for r in figure_batches.replaced(batch)] == [(50, "officieel")]
    figure_batches.withdraw(users["coordinator"], batch.id)
    assert _state() == before
    assert batch.withdrawn_by_id == users["coordinator"].id and batch.withdrawn_at is not None


def test_a_later_overwrite_is_withdrawn_first(users: Users) -> None:
    first = _import(users["adviseur"], "Zeeland;DJI;2024-01-01;70;eerste\n")
    second = _import(users["adviseur"], "Zeeland;DJI;2024-01-01;90;tweede\n")
    with pytest.raises(Conflict, match="Trek die eerst in"):
        figure_batches.withdraw(users["adviseur"], first.id)
    figure_batches.withdraw(users["adviseur"], second.id)
    assert _state() == {("Zeeland", "DJI"): (70, "eerste", first.id)}
    figure_batches.withdraw(users["adviseur"], first.id)
    assert _state() == {}
    with pytest.raises(Conflict):
        figure_batches.withdraw(users["adviseur"], first.id)


def test_figures_reloaded_from_the_sources_stay(users: Users) -> None:
    figures.load_known_figures()
    batch = _import(users["adviseur"], "Limburg;DJI;2023-01-01;900;herzien\n")
    figures.load_known_figures()  # the official 883 again, no longer the batch's
    figure_batches.withdraw(users["adviseur"], batch.id)
    assert _state()[("Limburg", "DJI")] == (
        883,
        "regionale pers (1Limburg) over het jaarverslag",
        None,
    )


@pytest.mark.parametrize("role", ["ministerie", "secretariaat", "beheerder"])
def test_only_bzk_withdraws(users: Users, role: str) -> None:
    batch = _import(users["adviseur"], "Zeeland;DJI;2024-01-01;70;x\n")
    with pytest.raises(NotAllowed):
        figure_batches.withdraw(users[role], batch.id)
    assert batch.withdrawn_at is None
