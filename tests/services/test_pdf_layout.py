"""The printed documents fit their paper: no character of the annual overview or of an advice
letter falls outside the page (the overview, a wide table, is printed on landscape A4). The
data is the worst a civil servant types: long titles, organisations and places without a
space to break at, and the largest fte changes the forms accept."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from sqlalchemy import select

from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import Advice, AdviceLetter, User
from caseflow.services.cases import letters
from caseflow.services.reporting import annual_overview
from tests.factories import act, case_in_state
from tests.pdf_layout import CM, page_sizes, summary, text_outside

Users = dict[str, User]
LONG_WORD = "Rijksvastgoedbedrijfsvestigingsherhuisvestingsprogrammaonderdeel"
A4_LANDSCAPE = (29.7 * CM, 21.0 * CM)


def _breakdown(dimension: str, n: int) -> annual_overview.Breakdown:
    cells = tuple(
        annual_overview.Cell(
            str(i), f"{LONG_WORD} {'en nog een lang label ' * 4}", 999_999, -999_999
        )
        for i in range(n)
    )
    return annual_overview.Breakdown(dimension, cells)


def _summary(section: str, status: str) -> annual_overview.Summary:
    return annual_overview.Summary(
        section,
        999_999,
        -999_999,
        tuple(
            _breakdown(d, 6)
            for d in (
                annual_overview.MINISTRY,
                annual_overview.CASE_TYPE,
                status,
                annual_overview.PROVINCE,
            )
        ),
    )


def test_the_annual_overview_fits_landscape_a4(users: Users) -> None:
    data = annual_overview.AnnualOverview(
        year=2026,
        peildatum=local_today(),
        state_from_audit=False,
        ongoing=_summary(annual_overview.ONGOING, annual_overview.STATE),
        decided=_summary(annual_overview.DECIDED, annual_overview.OUTCOME),
        effect=[
            annual_overview.EffectRow(f"{LONG_WORD} {n}", -999_999, 999_999) for n in range(12)
        ],
    )
    with force_locale(letters.DOCUMENT_LOCALE):
        pdf = letters.render_pdf(render_template("overview/annual_pdf.html", data=data))
    strays = text_outside(pdf)
    assert strays == [], summary(strays)
    sizes = page_sizes(pdf)
    assert all(abs(w - A4_LANDSCAPE[0]) < 2 and abs(h - A4_LANDSCAPE[1]) < 2 for w, h in sizes)


def test_the_checker_finds_text_beyond_the_edge(users: Users) -> None:
    html = (
        "<html lang='nl'><head><title>t</title><style>@page { size: A4; margin: 2cm }"
        "table { width: 40cm }</style></head><body><table><tr><td style='width: 36cm'>a</td>"
        "<td>voorbij de rand</td></tr></table></body></html>"
    )
    strays = text_outside(letters.render_pdf(html))
    assert "".join(s.text for s in strays).startswith("voorbij")


def test_an_advice_letter_fits_portrait_a4(users: Users) -> None:
    case = case_in_state(
        users,
        "omvangswijziging",
        "ter_goedkeuring",
        title=f"{LONG_WORD} {'met een lange titel ' * 5}",
        current_place=LONG_WORD[:80],
        proposed_place=LONG_WORD[:80],
        fte_current=999_999,
        fte_change=999_999,
    )
    draft = db.session.scalars(select(Advice).where(Advice.case_id == case.id)).one()
    draft.text = f"{LONG_WORD * 3}\n\n{'BZK adviseert een vestiging in de regio. ' * 40}"
    draft.advised_place = LONG_WORD[:80]
    db.session.commit()
    act(users["coordinator"], case, "uitbrengen")
    pdf = db.session.scalars(
        select(AdviceLetter.pdf).join(Advice).where(Advice.case_id == case.id)
    ).one()
    strays = text_outside(pdf)
    assert strays == [], summary(strays)
    assert all(abs(w - 21.0 * CM) < 2 and abs(h - 29.7 * CM) < 2 for w, h in page_sizes(pdf))
