"""A table's caption never ends a page alone: wherever the page break falls, every tagged
table of a PDF the application renders keeps its header cells (PDF/UA 15-005)."""

from __future__ import annotations

from flask import Flask, render_template_string

from caseflow.services.cases import letters
from tests.pdf_checks import pdf_ua_findings

PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Proef</title>
{% include "letters/_pdf_style.html" %}</head><body><h1>Proef</h1>
<div style="height: {{ height }}mm"></div>
<table><caption>Een tabel</caption>
<thead><tr><th scope="col">Naam</th><th scope="col">Aantal</th></tr></thead>
<tbody>{% for n in range(40) %}<tr><td>Regel {{ n }}</td><td>{{ n }}</td></tr>{% endfor %}</tbody>
</table></body></html>"""


def test_a_caption_at_the_foot_of_a_page_stays_with_its_table(app: Flask) -> None:
    # Spacers from 200 to 250 mm put the caption on the last lines of the first page.
    with app.test_request_context():
        for height in range(200, 251, 5):
            pdf = letters.render_pdf(render_template_string(PAGE, height=height))
            assert pdf_ua_findings(pdf) == [], height
