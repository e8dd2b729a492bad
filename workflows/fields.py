"""What a ministry fills in per case type, declared once in the workflow definition.

A ``Field`` names a column of ``Case`` and says what kind of value it holds; the filing
form, the submission check (``indienen`` waits for the required fields), the normalisation
of text and the case list all read the same declaration, so adding a field to a case type
is one edit in its definition. ``kind`` is one of a small closed set (``KINDS``): the web
layer has one form-field factory per kind, the bounds of fte kinds live there.

Pure data: nothing from ``caseflow`` is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

TEXT = "text"  # one line, stored "" when empty (never NULL: "missing" has one meaning)
LONGTEXT = "longtext"  # several lines, stored like TEXT
FTE = "fte"  # a whole number of fte, not negative
SIGNED_FTE = "signed_fte"  # growth positive, shrinkage negative
PROVINCE = "province"  # a province id
ORGANISATION = "organisation"  # an organisation id; the form offers a new one beside it
MASTERPLAN = "masterplan"  # a masterplan id
DATE = "date"
BOOLEAN = "boolean"  # stored as True/False, never NULL
CHOICE = "choice"  # a code from the option list named by ``Field.options``
KINDS: frozenset[str] = frozenset(
    {TEXT, LONGTEXT, FTE, SIGNED_FTE, PROVINCE, ORGANISATION, MASTERPLAN, DATE, BOOLEAN, CHOICE}
)
# Kinds stored as a stripped string ("" when empty).
TEXT_KINDS: frozenset[str] = frozenset({TEXT, LONGTEXT, CHOICE})
# Option lists a CHOICE field may name (the web layer knows their entries).
CHANGE_KINDS = "change_kinds"
LABOUR_MARKET_OUTCOMES = "labour_market_outcomes"
OPTION_LISTS: frozenset[str] = frozenset({CHANGE_KINDS, LABOUR_MARKET_OUTCOMES})


@dataclass(frozen=True)
class Field:
    """One filing field of a case type.

    ``label`` is the Dutch name in messages, the audit trail and the timeline;
    ``form_label`` replaces it on the form where the form says more (e.g. "(optioneel)").
    ``required`` is for submission, not for saving a draft; ``required_to_save`` makes the
    form itself refuse an empty value (the title). ``in_list`` puts the field in the case
    list under ``list_label`` (default ``label``).
    """

    name: str
    label: str
    kind: str
    required: bool = False
    required_to_save: bool = False
    in_list: bool = False
    form_label: str = ""
    list_label: str = ""
    description: str = ""
    max_length: int | None = None
    options: str = ""
    # A CHOICE field's first, empty option ("Maak een keuze", "Nog niet bekend").
    empty_option: str = ""

    @property
    def text(self) -> bool:
        return self.kind in TEXT_KINDS

    @property
    def heading(self) -> str:
        return self.list_label or self.label

    def problems(self) -> list[str]:
        """What is wrong with the declaration itself (checked at start-up)."""
        found: list[str] = []
        if self.kind not in KINDS:
            found.append(f"{self.name}: unknown kind {self.kind!r}")
        if (self.kind == CHOICE) != (self.options in OPTION_LISTS):
            found.append(f"{self.name}: a choice names one of {sorted(OPTION_LISTS)}")
        return found


def field_index(fields: tuple[Field, ...]) -> dict[str, Field]:
    """Fields by name; a name declared twice is an error in the definition."""
    index: dict[str, Field] = {}
    for item in fields:
        if item.name in index:
            raise ValueError(f"field {item.name} declared twice")
        index[item.name] = item
    return index


def required(item: Field) -> Field:
    """``item`` as a field submission waits for."""
    return replace(item, required=True)


# The fields the case types share; each definition picks its own, in its form order, and
# marks which of them submission waits for (``required``).
TITLE = Field(
    "title",
    "Titel",
    TEXT,
    required=True,
    required_to_save=True,
    max_length=200,
    description="Korte omschrijving, bijvoorbeeld 'Groei IND Zwolle'.",
)
ORGANISATION_ID = Field("organisation_id", "Organisatie", ORGANISATION, in_list=True)
UNIT_NAME = Field(
    "unit_name",
    "Naam dienst of organisatieonderdeel",
    TEXT,
    form_label="Naam nieuwe dienst of organisatieonderdeel",
    max_length=160,
)
CHANGE_KIND = Field(
    "change_kind",
    "Soort wijziging",
    CHOICE,
    options=CHANGE_KINDS,
    empty_option="Maak een keuze",
    description=(
        "Groei of krimp op een locatie, een nieuwe vestiging of een verplaatsing: "
        "bepaalt hoe het effect op de spreiding wordt berekend."
    ),
)
FTE_CURRENT = Field("fte_current", "Huidige omvang (fte)", FTE)
FTE_CHANGE = Field(
    "fte_change",
    "Wijziging (fte)",
    SIGNED_FTE,
    in_list=True,
    list_label="Fte",
    description="Groei positief, krimp negatief, bijvoorbeeld -120.",
)
FTE_MOVED = Field(
    "fte_moved",
    "Te verplaatsen fte",
    FTE,
    description="Alleen bij verplaatsing van een deel van de dienst.",
)
CURRENT_PROVINCE_ID = Field("current_province_id", "Huidige provincie", PROVINCE)
CURRENT_PLACE = Field("current_place", "Huidige vestigingsplaats", TEXT, max_length=80)
PROPOSED_PROVINCE_ID = Field("proposed_province_id", "Voorgestelde provincie", PROVINCE)
PROPOSED_PLACE = Field("proposed_place", "Voorgestelde vestigingsplaats", TEXT, max_length=80)
SECOND_PROVINCE_ID = Field(
    "second_province_id",
    "Tweede provincie",
    PROVINCE,
    form_label="Tweede provincie (optioneel)",
)
SECOND_PLACE = Field(
    "second_place",
    "Tweede vestigingsplaats",
    TEXT,
    form_label="Tweede vestigingsplaats (optioneel)",
    max_length=80,
)
SECOND_FTE = Field(
    "second_fte",
    "Fte op de tweede locatie",
    FTE,
    description="Bij twee provincies: het deel dat op de tweede locatie landt.",
)
# Standplaats vs place of work (caseflow.domain.place_of_work): the locations above are
# standplaatsen, as the yearly figures count; these say where part of the fte of the change
# will mostly work instead (hybrid working). One place of work per case, the rest of the fte
# work at their standplaats.
WORK_PROVINCE_ID = Field(
    "work_province_id",
    "Provincie plaats van tewerkstelling",
    PROVINCE,
    form_label="Provincie plaats van tewerkstelling (optioneel)",
    description=(
        "Alleen bij hybride werken: waar een deel van de fte vooral gaat werken als dat "
        "niet de standplaats is. De jaarcijfers tellen per standplaats; het overzicht kan "
        "de zaken ook per plaats van tewerkstelling tonen."
    ),
)
WORK_PLACE = Field(
    "work_place",
    "Plaats van tewerkstelling",
    TEXT,
    form_label="Plaats van tewerkstelling (optioneel)",
    max_length=80,
)
WORK_FTE = Field(
    "work_fte",
    "Fte vooral op de plaats van tewerkstelling",
    FTE,
    description=(
        "Het deel van de fte van de wijziging dat vooral daar gaat werken in plaats van op "
        "de standplaats; de rest werkt op de standplaats."
    ),
)
MASTERPLAN_ID = Field("masterplan_id", "Masterplan", MASTERPLAN)
CHANGE_REQUEST = Field(
    "change_request",
    "Verzoek tot Wijziging (VtW)",
    BOOLEAN,
    form_label="Dit is een Verzoek tot Wijziging (VtW)",
)
TALK_DATE = Field("talk_date", "Datum gesprek", DATE)
MINISTER = Field("minister", "Minister of bewindspersoon", TEXT, max_length=120)
MOTIVATION = Field(
    "motivation",
    "Motivering",
    LONGTEXT,
    description="Waarom deze locatie? Bij afwijking van de principes: leg uit.",
)
LABOUR_MARKET_SCAN = Field(
    "labour_market_scan",
    "Uitkomst arbeidsmarktscan",
    CHOICE,
    options=LABOUR_MARKET_OUTCOMES,
    empty_option="Nog niet bekend",
)
LABOUR_MARKET_NOTE = Field("labour_market_note", "Toelichting arbeidsmarktscan", LONGTEXT)
LABOUR_MARKET_SOURCE = Field(
    "labour_market_source",
    "Bron arbeidsmarktscan",
    TEXT,
    max_length=200,
    description="Wie de scan uitvoerde of waarop hij steunt, bijvoorbeeld 'UWV, regio Zwolle'.",
)
LABOUR_MARKET_DATE = Field("labour_market_date", "Datum arbeidsmarktscan", DATE)
# The measures the letter names when the labour market is limited: two booleans and a text
# rather than a multi-choice kind, so no new form-field kind is needed.
LABOUR_MARKET_HYBRID = Field(
    "labour_market_hybrid",
    "Maatregel: in eerste instantie hybride werken",
    BOOLEAN,
    form_label="Maatregel: in eerste instantie hybride werken",
)
LABOUR_MARKET_STUDENTS = Field(
    "labour_market_students",
    "Maatregel: werven onder studenten in de regio",
    BOOLEAN,
    form_label="Maatregel: werven onder studenten in de regio",
)
LABOUR_MARKET_OTHER_MEASURE = Field(
    "labour_market_other_measure", "Andere maatregel arbeidsmarkt", TEXT, max_length=200
)

# Groups the location types share, in form order.
SECOND_LOCATION = (SECOND_PROVINCE_ID, SECOND_PLACE, SECOND_FTE)  # a change split over two
PLACE_OF_WORK = (WORK_PROVINCE_ID, WORK_PLACE, WORK_FTE)  # where part mostly works instead
LABOUR_MARKET = (
    required(LABOUR_MARKET_SCAN),
    LABOUR_MARKET_NOTE,
    LABOUR_MARKET_SOURCE,
    LABOUR_MARKET_DATE,
    LABOUR_MARKET_HYBRID,
    LABOUR_MARKET_STUDENTS,
    LABOUR_MARKET_OTHER_MEASURE,
)
