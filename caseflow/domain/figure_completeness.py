"""Whether the employment figures of one peildatum are complete enough to compute with.

A peildatum is complete when every province has a figure and, where the figures of that
peildatum are given per sector, every province has a figure for every sector given. A
partial year would otherwise count as the whole country: two rows for 2025 made a national
total of 11.800 fte and a Randstad share of 0%. Only the standard library; no I/O.
"""

from collections.abc import Iterable
from dataclasses import dataclass

TOTAL = "Totaal"


@dataclass(frozen=True)
class Completeness:
    """What is missing on one peildatum; complete when nothing is."""

    missing_provinces: tuple[str, ...]
    missing_sectors: tuple[tuple[str, tuple[str, ...]], ...]  # (province, its missing sectors)

    @property
    def complete(self) -> bool:
        return not self.missing_provinces and not self.missing_sectors

    def summary(self) -> str:
        """One Dutch sentence naming what is missing (empty when complete)."""
        parts = []
        if self.missing_provinces:
            parts.append(
                f"geen cijfers voor {len(self.missing_provinces)} van de provincies "
                f"({', '.join(self.missing_provinces)})"
            )
        for province, sectors in self.missing_sectors:
            parts.append(f"{province} mist de sector(en) {', '.join(sectors)}")
        return "; ".join(parts)


def completeness(figures: Iterable[tuple[str, str]], provinces: Iterable[str]) -> Completeness:
    """``figures`` are the (province, sector) pairs of one peildatum; ``provinces`` all
    provinces that must have a figure (the twelve)."""
    sectors_of: dict[str, set[str]] = {}
    for province, sector in figures:
        sectors_of.setdefault(province, set()).add(sector)
    given = {s for sectors in sectors_of.values() for s in sectors if s != TOTAL}
    order = list(provinces)
    missing = tuple(p for p in order if p not in sectors_of)
    lacking = tuple(
        (p, tuple(sorted(given - sectors_of[p])))
        for p in order
        if p in sectors_of and given - sectors_of[p]
    )
    return Completeness(missing, lacking)
