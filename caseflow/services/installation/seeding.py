"""Seeding an installation: the reference data and, unless asked not to, the demo (figures,
development profiles, users, cases with their letters), in one transaction. A failure
half-way (a missing system library for the PDF letters, a rule that changed) leaves the
database as it was; running it again after a success adds nothing."""

from __future__ import annotations

from caseflow.services.installation import demo
from caseflow.services.installation.seed_steps import SeedFailed, step
from caseflow.services.reference import loader
from caseflow.services.unit_of_work import one_transaction

__all__ = ["SeedFailed", "seed"]


def seed(*, with_demo: bool) -> demo.DemoLoad | None:
    with one_transaction():
        with step("de referentiegegevens"):
            loader.load_reference()
        return demo.load_demo() if with_demo else None
