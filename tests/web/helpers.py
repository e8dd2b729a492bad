"""Driving the application through HTTP as a person would: open a page, fill the form."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import Case, Masterplan
from tests.factories import organisation_id, province_id


def version_on(page: str) -> str:
    tag = re.search(r'<input[^>]*name="version"[^>]*>', page)
    assert tag, "form has no version field"
    value = re.search(r'value="(\d+)"', tag.group(0))
    assert value, "version field has no value"
    return value.group(1)


def act(client: FlaskClient, case_id: int, action: str, expect: int = 302, **data: Any) -> str:
    """Open the action's form, then submit it with ``data`` and the version it showed."""
    page = client.get(f"/zaken/{case_id}/acties/{action}")
    assert page.status_code == 200, (action, page.status_code)
    form = {"version": version_on(page.get_data(as_text=True)), **data}
    if action == "afronden" and 'name="openbaarheid"' in page.get_data(as_text=True):
        # Closing asks the Woo decision; tests that do not look at it close as public.
        form.setdefault("openbaarheid", "openbaar")
    # Drafting asks the weighing along the leidraad; tests that do not look at it keep what
    # the form shows and mark an unjudged consideration "not applicable".
    form = weighing_as_shown(page.get_data(as_text=True)) | form
    response = client.post(f"/zaken/{case_id}/acties/{action}", data=_plain(form))
    assert response.status_code == expect, (
        action,
        response.status_code,
        response.get_data(as_text=True)[:2000],
    )
    return response.get_data(as_text=True)


def weighing_as_shown(page: str, unjudged: str = "nvt") -> dict[str, str]:
    """The weighing lines of an advice form as the page shows them, with ``unjudged`` for a
    line without a judgement yet."""
    values: dict[str, str] = {}
    for index, code in re.findall(r'name="weging-(\d+)-code"[^>]*value="([^"]*)"', page):
        select = re.search(rf'name="weging-{index}-oordeel".*?</select>', page, re.S)
        chosen = re.search(r'<option selected value="([^"]+)"', select.group(0)) if select else None
        text = re.search(rf'name="weging-{index}-motivering"[^>]*>(.*?)</textarea>', page, re.S)
        values[f"weging-{index}-code"] = code
        values[f"weging-{index}-oordeel"] = chosen.group(1) if chosen else unjudged
        values[f"weging-{index}-motivering"] = html.unescape(text.group(1)).strip() if text else ""
    return values


def _plain(data: dict[str, Any]) -> dict[str, str]:
    return {k: v.isoformat() if isinstance(v, date) else str(v) for k, v in data.items()}


def filing(case_type: str) -> dict[str, Any]:
    """A complete filing form for each case type, as a ministry would fill it in."""
    if case_type == "omvangswijziging":
        return {
            "title": "Groei IND",
            "organisation_id": organisation_id("IND"),
            "change_kind": "groei",
            "fte_current": 1200,
            "fte_change": 140,
            "current_province_id": province_id("Zuid-Holland"),
            "current_place": "Den Haag",
            "proposed_province_id": province_id("Drenthe"),
            "proposed_place": "Assen",
            "motivation": "Groei buiten de Randstad.",
            "labour_market_scan": "voldoende",
        }
    if case_type == "nieuwe_dienst":
        return {
            "title": "Nieuw centrum",
            "organisation_id": organisation_id("CJIB"),
            "unit_name": "Centrum Noord",
            "fte_change": 160,
            "proposed_province_id": province_id("Fryslân"),
            "proposed_place": "Leeuwarden",
            "motivation": "Bij het CJIB.",
            "labour_market_scan": "beperkt",
        }
    if case_type == "masterplan":
        masterplan = db.session.scalars(
            select(Masterplan.id).where(Masterplan.name == "Masterplan Limburg")
        ).one()
        return {
            "title": "VtW Limburg",
            "masterplan_id": masterplan,
            "change_request": "y",
            "proposed_province_id": province_id("Limburg"),
            "proposed_place": "Heerlen",
            "motivation": "Meer werkplekken.",
        }
    return {
        "title": "Gesprek COA",
        "organisation_id": organisation_id("COA"),
        "talk_date": date.today() + timedelta(days=7),
        "minister": "Minister JenV",
    }


def file_case(client: FlaskClient, case_type: str, **extra: Any) -> Case:
    data = {**filing(case_type), **extra, "version": "0"}
    response = client.post(f"/zaken/nieuw/{case_type}", data=_plain(data))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    case_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    return state_of(case_id)


def state_of(case_id: int) -> Case:
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    assert case is not None
    return case


def option_values(page: str, field: str) -> list[str]:
    """The non-empty option values of select ``field`` on a page."""
    select_html = re.search(rf'<select[^>]*name="{field}"[^>]*>(.*?)</select>', page, re.S)
    assert select_html, f"no select {field}"
    return [v for v in re.findall(r'<option[^>]*value="([^"]*)"', select_html.group(1)) if v]


def page_of(client: FlaskClient, url: str) -> str:
    """The HTML of ``url``, which must answer 200."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)
