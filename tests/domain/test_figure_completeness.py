"""A peildatum is complete when every province, and every sector given, has a figure."""

from caseflow.domain.figure_completeness import completeness

PROVINCES = ("Groningen", "Utrecht", "Zeeland")


def test_every_province_with_a_total_is_complete() -> None:
    found = completeness([(p, "Totaal") for p in PROVINCES], PROVINCES)
    assert found.complete and found.summary() == ""


def test_missing_provinces_are_named_in_order() -> None:
    found = completeness([("Utrecht", "Ministeries")], PROVINCES)
    assert not found.complete
    assert found.missing_provinces == ("Groningen", "Zeeland")
    assert found.summary() == "geen cijfers voor 2 van de provincies (Groningen, Zeeland)"


def test_where_sectors_are_given_every_province_needs_each() -> None:
    figures = [
        ("Groningen", "Ministeries"),
        ("Groningen", "DJI"),
        ("Utrecht", "Ministeries"),
        ("Zeeland", "Totaal"),  # a total alone lacks the sectors the others give
    ]
    found = completeness(figures, PROVINCES)
    assert not found.complete and found.missing_provinces == ()
    assert found.missing_sectors == (("Utrecht", ("DJI",)), ("Zeeland", ("DJI", "Ministeries")))
    assert "Utrecht mist de sector(en) DJI" in found.summary()


def test_nothing_is_incomplete() -> None:
    assert completeness([], PROVINCES).missing_provinces == PROVINCES
