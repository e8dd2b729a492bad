"""The weighing of a location choice along the leidraad *Afwegingen locatiekeuzes
rijksoverheid*: per consideration a judgement and a motivation.

Pure rules, no database: which judgements need a motivation, and that every active
consideration of the leidraad is judged (or explicitly marked "not applicable") once and no
consideration outside the leidraad is. The considerations themselves are reference data
(``services.reference.leidraad``); the weighing is stored per advice version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

POSITIVE = "positief"
NEUTRAL = "neutraal"
NEGATIVE = "negatief"
NOT_APPLICABLE = "nvt"

# In the order the form offers them.
JUDGEMENTS: dict[str, str] = {
    POSITIVE: "Positief",
    NEUTRAL: "Neutraal",
    NEGATIVE: "Negatief",
    NOT_APPLICABLE: "Niet van toepassing",
}
# A judgement on the merits must say why; "not applicable" may stand alone.
NEEDS_MOTIVATION = frozenset({POSITIVE, NEUTRAL, NEGATIVE})
MOTIVATION_MAX = 2000


@dataclass(frozen=True)
class WeighingLine:
    """One consideration as judged in an advice."""

    code: str
    judgement: str
    motivation: str = ""


@dataclass(frozen=True)
class WeighingProblem:
    """A refused line: the consideration's code ("" for the weighing as a whole) and why."""

    code: str
    message: str


def problems(active_codes: Iterable[str], lines: Iterable[WeighingLine]) -> list[WeighingProblem]:
    """What is wrong with ``lines`` as the weighing of the considerations ``active_codes``:
    an unjudged, doubly judged or unknown consideration, an unknown judgement, a judgement
    without its motivation, a motivation that is too long. Empty when the weighing holds."""
    active = list(active_codes)
    found: list[WeighingProblem] = []
    seen: set[str] = set()
    for line in lines:
        if line.code not in active:
            found.append(WeighingProblem(line.code, "Deze afweging staat niet in de leidraad."))
        elif line.code in seen:
            found.append(WeighingProblem(line.code, "Deze afweging is twee keer beoordeeld."))
        else:
            found.extend(_line_problems(line))
        seen.add(line.code)
    found.extend(
        WeighingProblem(code, "Kies een oordeel of 'niet van toepassing'.")
        for code in active
        if code not in seen
    )
    return found


def _line_problems(line: WeighingLine) -> list[WeighingProblem]:
    if line.judgement not in JUDGEMENTS:
        return [WeighingProblem(line.code, "Kies een oordeel of 'niet van toepassing'.")]
    if line.judgement in NEEDS_MOTIVATION and not line.motivation.strip():
        return [WeighingProblem(line.code, "Motiveer dit oordeel.")]
    if len(line.motivation) > MOTIVATION_MAX:
        return [WeighingProblem(line.code, f"Maximaal {MOTIVATION_MAX} tekens.")]
    return []


def tally(judgements: Iterable[str]) -> dict[str, int]:
    """How many considerations got each judgement, in the order of ``JUDGEMENTS`` (zeros
    left out): the short form of a weighing for an overview."""
    given = list(judgements)
    return {j: given.count(j) for j in JUDGEMENTS if given.count(j)}


def summary(judgements: Iterable[str]) -> str:
    """The tally as Dutch text, e.g. "3 positief, 1 negatief, 2 niet van toepassing"."""
    parts = [f"{n} {JUDGEMENTS[j].lower()}" for j, n in tally(judgements).items()]
    return ", ".join(parts) if parts else "geen afweging"
