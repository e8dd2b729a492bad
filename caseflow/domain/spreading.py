"""De spreidingstoets: pure controle van een zaak tegen de richtinggevende principes.

Voor elke zaak berekent :func:`check_spreading` een reeks bevindingen voor de BZK-adviseur:
de fte-drempel, de richting (groei/nieuw buiten en krimp binnen de Randstad, anders
"pas toe of leg uit"), uitgezonderde sectoren, het zbo-gespreksspoor, de meldplicht bij
verplaatsing over een provinciegrens (motie-Van der Molen, Kamerstuk 31 490 nr. 261), de
uitkomst van de arbeidsmarktscan en ontbrekende gegevens. Alleen standaardbibliotheek; geen I/O.

Arbeidsmarktscan: volgens de brief kan de scan uitwijzen dat een dienst zich niet in een regio
kan vestigen. "Onvoldoende" is daarom een afwijking (de keuze voor die regio vraagt een
motivering); "beperkt" is een let-op: de brief noemt dan maatregelen als in eerste instantie
hybride werken of werven onder studenten in de regio, en de bevinding noemt de gekozen
maatregelen of dat ze ontbreken.
"""

from dataclasses import dataclass
from enum import StrEnum

from caseflow.domain.impact import RELOCATIONS, ChangeFacts, moves_for

SIZE_CASE_TYPES = frozenset({"omvangswijziging", "nieuwe_dienst"})


class Severity(StrEnum):
    """Zwaarte van een bevinding; ``afwijking`` vraagt om een motivering."""

    INFO = "info"
    LET_OP = "let_op"
    AFWIJKING = "afwijking"


_RANK = {Severity.AFWIJKING: 0, Severity.LET_OP: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Finding:
    """Eén bevinding van de spreidingstoets, met stabiele code en Nederlandse tekst."""

    code: str
    severity: Severity
    title: str
    explanation: str


@dataclass(frozen=True)
class SpreadingInput:
    """De gegevens van een zaak die de spreidingstoets nodig heeft."""

    case_type: str
    fte_current: int | None
    fte_change: int | None
    current_province: str | None
    proposed_province: str | None
    organisation_kind: str | None
    limited_by_primary_process: bool
    motivation: str
    # The stated kind of change (domain.impact.CHANGE_KINDS). Without one, another proposed
    # province reads as a relocation of the whole service, as before kinds were stated.
    change_kind: str = ""
    fte_moved: int | None = None
    second_province: str | None = None
    second_fte: int | None = None
    # The case's labour-market scan (domain.labour_market) and the measures it records,
    # as Dutch phrases ("in eerste instantie hybride werken").
    labour_market_scan: str = ""
    labour_market_measures: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpreadingSettings:
    """Instelbare parameters; of Flevoland tot de Randstad hoort verschilt per bron."""

    randstad_provinces: frozenset[str] = frozenset({"Noord-Holland", "Zuid-Holland", "Utrecht"})
    threshold_fte: int = 100
    report_border_move_fte: int = 50


@dataclass(frozen=True)
class SpreadingCheck:
    """Resultaat van de toets: bevindingen geordend van afwijking via let op naar info."""

    findings: tuple[Finding, ...]

    @property
    def deviations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.AFWIJKING)

    @property
    def needs_motivation(self) -> bool:
        return bool(self.deviations)

    @property
    def report_flag(self) -> bool:
        return any(f.code == "provinciegrens_50" for f in self.findings)

    @property
    def below_threshold(self) -> bool:
        return any(f.code == "drempel" for f in self.findings)


@dataclass(frozen=True)
class _Facts:
    """Genormaliseerde kijk op de invoer (lege provincienamen tellen als ontbrekend)."""

    inp: SpreadingInput
    current: str | None
    proposed: str | None

    @property
    def landing(self) -> str | None:
        return self.proposed or self.current

    @property
    def kind(self) -> str:
        if self.inp.change_kind:
            return self.inp.change_kind
        return "verplaatsing_geheel" if self._elsewhere else ""

    @property
    def _elsewhere(self) -> bool:
        return bool(self.current and self.proposed and self.current != self.proposed)

    @property
    def relocation(self) -> bool:
        return self._elsewhere and self.kind in RELOCATIONS

    @property
    def moved_fte(self) -> int | None:
        """Fte crossing the province border: the same moves the impact model uses, so the
        reporting flag and the impact table never disagree (a relocation moves the whole
        service, less any shrinkage taken before the move)."""
        if self.inp.fte_current is None and self.inp.fte_change is None:
            return None
        inp = self.inp
        moves = moves_for(
            ChangeFacts(
                self.kind,
                inp.fte_current,
                inp.fte_change,
                self.current,
                self.proposed,
                inp.fte_moved,
                inp.second_province,
                inp.second_fte,
            )
        )
        crossing = [
            m.fte
            for m in moves
            if m.from_province and m.to_province and m.from_province != m.to_province
        ]
        return round(sum(crossing)) if crossing else None


def is_randstad(province: str | None, settings: SpreadingSettings) -> bool:
    """Of een provincie volgens de instellingen tot de Randstad hoort."""
    return province is not None and province.strip() in settings.randstad_provinces


def _fte(n: int) -> str:
    return f"{abs(n):,} fte".replace(",", ".")


def _where(province: str, s: SpreadingSettings) -> str:
    return f"{province} ({'Randstad' if is_randstad(province, s) else 'buiten de Randstad'})"


def _change_text(inp: SpreadingInput) -> str:
    change = inp.fte_change
    if inp.case_type == "nieuwe_dienst":
        return "Nieuwe dienst" + (f" van {_fte(change)}" if change is not None else "")
    if not change:
        return "Wijziging van 0 fte"
    return f"{'Groei' if change > 0 else 'Krimp'} van {_fte(change)}"


def _threshold(f: _Facts, s: SpreadingSettings) -> list[Finding]:
    inp = f.inp
    if inp.case_type not in SIZE_CASE_TYPES:
        text = f"Voor zaaktype '{inp.case_type}' geldt geen fte-drempel."
        return [Finding("geen_drempel", Severity.INFO, "Geen drempel", text)]
    if inp.fte_change is None:
        return []
    limit = f"de drempel van {_fte(s.threshold_fte)}"
    if abs(inp.fte_change) >= s.threshold_fte:
        text = f"{_change_text(inp)} ligt op of boven {limit}; de zaak valt binnen de reikwijdte."
        return [Finding("boven_drempel", Severity.INFO, "Boven drempel", text)]
    text = (
        f"{_change_text(inp)} ligt onder {limit}: de zaak valt mogelijk buiten de reikwijdte, "
        "tenzij het om opgeknipte wijzigingen gaat (die worden apart gesignaleerd)."
    )
    return [Finding("drempel", Severity.LET_OP, "Onder drempel", text)]


def _conform(text: str) -> list[Finding]:
    return [Finding("richting_conform", Severity.INFO, "Richting conform principes", text)]


def _moved(f: _Facts) -> str:
    return f" van {_fte(f.moved_fte)}" if f.moved_fte is not None else ""


def _direction(f: _Facts, s: SpreadingSettings) -> list[Finding]:
    inp, change = f.inp, f.inp.fte_change
    if f.relocation and not is_randstad(f.current, s) and is_randstad(f.proposed, s):
        text = (
            f"Verplaatsing{_moved(f)} van {f.current} naar {f.proposed} (Randstad) geldt als "
            "groei in de Randstad; groei en verplaatsing horen in principe buiten de Randstad."
        )
        return [Finding("groei_in_randstad", Severity.AFWIJKING, "Groei in de Randstad", text)]
    if inp.case_type == "nieuwe_dienst" or (change is not None and change > 0):
        return _growth(f, s)
    if change is not None and change < 0:
        return _shrinkage(f, s)
    if f.relocation:
        return _conform(
            f"Verplaatsing{_moved(f)} van {f.current} naar {f.proposed}: geen afwijking."
        )
    if change == 0 and f.landing:
        return _conform(f"{_change_text(inp)} in {_where(f.landing, s)}.")
    return []


def _growth(f: _Facts, s: SpreadingSettings) -> list[Finding]:
    if not f.landing:
        return []
    what = f"{_change_text(f.inp)} in {_where(f.landing, s)}"
    if is_randstad(f.landing, s):
        text = f"{what}. Groei en nieuwe diensten horen in principe buiten de Randstad."
        return [Finding("groei_in_randstad", Severity.AFWIJKING, "Groei in de Randstad", text)]
    return _conform(f"{what} is conform de principes.")


def _shrinkage(f: _Facts, s: SpreadingSettings) -> list[Finding]:
    place = f.current or f.proposed
    if not place:
        return []
    what = f"{_change_text(f.inp)} in {_where(place, s)}"
    if is_randstad(place, s):
        return _conform(f"{what} is conform de principes.")
    text = f"{what}. Krimp hoort in principe in de Randstad plaats te vinden."
    return [Finding("krimp_buiten_randstad", Severity.AFWIJKING, "Krimp buiten de Randstad", text)]


def _motivation(found: list[Finding], inp: SpreadingInput) -> list[Finding]:
    count = sum(1 for x in found if x.severity is Severity.AFWIJKING)
    if count == 0 or inp.motivation.strip():
        return []
    noun = "afwijking" if count == 1 else "afwijkingen"
    text = (
        f"Er {'is' if count == 1 else 'zijn'} {count} {noun} van de richtinggevende principes "
        "zonder motivering; volgens 'pas toe of leg uit' moet het ministerie dit motiveren."
    )
    return [Finding("geen_motivering", Severity.AFWIJKING, "Motivering ontbreekt", text)]


def _exempt(f: _Facts) -> list[Finding]:
    if not f.inp.limited_by_primary_process:
        return []
    text = (
        "Het primaire proces bepaalt (mede) de vestigingsplaats, zoals bij Nationale Politie, "
        "vreemdelingenketen (COA, IND), Raad voor de Kinderbescherming, Douane, Defensie, "
        "Rijkswaterstaat of de gerechtelijke kaart; weeg de principes daarnaar."
    )
    return [Finding("uitgezonderde_sector", Severity.LET_OP, "Uitgezonderde sector", text)]


def _zbo(f: _Facts) -> list[Finding]:
    if f.inp.case_type == "zbo_gesprek":
        text = "Zbo-gesprek: het gespreksspoor geldt, niet het adviesspoor."
        return [Finding("zbo", Severity.INFO, "Zbo: gespreksspoor", text)]
    if (f.inp.organisation_kind or "").strip().lower() != "zbo":
        return []
    text = "De organisatie is een zbo; zbo's bespreken we in het gespreksspoor, niet via advies."
    return [Finding("zbo", Severity.LET_OP, "Zbo: gespreksspoor", text)]


def _border(f: _Facts, s: SpreadingSettings) -> list[Finding]:
    moved = f.moved_fte
    if not f.relocation or moved is None or moved < s.report_border_move_fte:
        return []
    text = (
        f"Verplaatsing van {_fte(moved)} van {f.current} naar {f.proposed} over de "
        f"provinciegrens (≥ {_fte(s.report_border_move_fte)}): jaarlijks melden "
        "(motie-Van der Molen, Kamerstuk 31 490 nr. 261)."
    )
    return [Finding("provinciegrens_50", Severity.LET_OP, "Meldplicht provinciegrens", text)]


def _measures(inp: SpreadingInput) -> str:
    chosen = [m.strip() for m in inp.labour_market_measures if m.strip()]
    if not chosen:
        return (
            "Er zijn geen maatregelen vastgelegd (zoals in eerste instantie hybride werken of "
            "werven onder studenten in de regio)."
        )
    listed = chosen[0] if len(chosen) == 1 else f"{', '.join(chosen[:-1])} en {chosen[-1]}"
    return f"Vastgelegde maatregelen: {listed}."


def _labour_market(f: _Facts) -> list[Finding]:
    scan = f.inp.labour_market_scan.strip().casefold()
    where = f" voor {f.landing}" if f.landing else ""
    if scan == "onvoldoende":
        text = (
            f"De arbeidsmarktscan{where} is onvoldoende: de dienst kan zich daar volgens de "
            f"scan niet vestigen; de keuze voor deze regio vraagt een motivering. "
            f"{_measures(f.inp)}"
        )
        return [
            Finding(
                "arbeidsmarkt_onvoldoende", Severity.AFWIJKING, "Arbeidsmarkt onvoldoende", text
            )
        ]
    if scan == "beperkt":
        text = f"De arbeidsmarktscan{where} is beperkt. {_measures(f.inp)}"
        return [Finding("arbeidsmarkt_beperkt", Severity.LET_OP, "Arbeidsmarkt beperkt", text)]
    return []


def _missing(f: _Facts) -> list[Finding]:
    inp, gaps = f.inp, []
    if inp.fte_change is None and (inp.case_type in SIZE_CASE_TYPES or not f.relocation):
        uses = "drempel en richting" if inp.case_type in SIZE_CASE_TYPES else "richting"
        gaps.append(f"fte-wijziging ({uses})")
    if not f.landing:
        gaps.append("provincie van huidige of voorgestelde locatie (richting)")
    if f.relocation and f.moved_fte is None:
        gaps.append("aantal te verplaatsen fte (meldplicht provinciegrens)")
    if not gaps:
        return []
    text = f"De spreidingstoets is onvolledig; ontbrekende gegevens: {', '.join(gaps)}."
    return [Finding("onvolledig", Severity.INFO, "Gegevens onvolledig", text)]


def _clean(province: str | None) -> str | None:
    return (province or "").strip() or None


def check_spreading(
    inp: SpreadingInput, settings: SpreadingSettings = SpreadingSettings()
) -> SpreadingCheck:
    """Voer de spreidingstoets uit; bevindingen: afwijkingen, dan let op, dan info."""
    f = _Facts(inp, _clean(inp.current_province), _clean(inp.proposed_province))
    found = _threshold(f, settings) + _direction(f, settings) + _labour_market(f)
    found += _motivation(found, inp)
    found += _exempt(f) + _zbo(f) + _border(f, settings) + _missing(f)
    return SpreadingCheck(tuple(sorted(found, key=lambda x: _RANK[x.severity])))
