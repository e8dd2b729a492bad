"""The annual overview over the API (``GET /api/v1/rapportage/jaaroverzicht``): the summary
the screen shows (counts and fte per ministry, case type, state or outcome and province, and
the effect per province), for BZK and the secretariat like the screen. The full lists are
the screen's streamed CSV; they are not repeated here."""

from __future__ import annotations

from datetime import date
from typing import Any

from caseflow.api import schemas
from caseflow.api.auth import actor
from caseflow.api.cases import bp, problems_documented
from caseflow.services.reporting import annual_overview


@bp.get("/rapportage/jaaroverzicht")
@problems_documented
@bp.arguments(schemas.AnnualOverviewArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.AnnualOverviewSchema)
def annual(jaar: int | None, peildatum: date | None, telling: str) -> Any:
    """Het jaaroverzicht voor de Kamerbrief: lopende zaken op de peildatum en besloten zaken
    in het jaar, geteld per ministerie, zaaktype, status of uitkomst en provincie, met het
    effect per provincie. Voor BZK en het secretariaat."""
    return annual_overview.annual_overview(actor(), jaar, peildatum, telling)
