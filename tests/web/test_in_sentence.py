"""Labels set inside a sentence keep their abbreviations (the side paths under the diagram
read "vanuit concept, vooroverleg met BZK", not "... met bzk")."""

from __future__ import annotations

import pytest

from caseflow.web.filters import in_sentence


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Vooroverleg met BZK", "vooroverleg met BZK"),
        ("Geagendeerd voor ministerraad", "geagendeerd voor ministerraad"),
        ("BZK-adviseur", "BZK-adviseur"),
        ("VtW ingediend", "VtW ingediend"),
        ("Wijziging in omvang van een dienst", "wijziging in omvang van een dienst"),
        ("", ""),
    ],
)
def test_a_label_in_a_sentence(label: str, expected: str) -> None:
    assert in_sentence(label) == expected
