"""What a user gives with a workflow action: one frozen dataclass per kind of input.

Each ``Action`` names its input type; the web has one form per input type and turns a
validated form into the dataclass with ``read_input``, the service's effect reads typed
attributes (``ctx.input.tekst``), and callers without a form (demo data, scripts) hand
``read_input`` a plain mapping. Field names are the Dutch form field names, because the
services report a refused value under that name and the form puts the message beside it.

The values are as given, not yet checked: the services validate them (required text,
an existing province, a date not in the future) with their Dutch messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from typing import Any, ClassVar, TypeVar, get_type_hints

__all__ = [
    "ActionInput",
    "AdviceInput",
    "AgendaInput",
    "AgreementInput",
    "AssignInput",
    "CloseInput",
    "CommentInput",
    "DecisionInput",
    "FollowUpDoneInput",
    "FollowUpInput",
    "ObjectionInput",
    "OutOfScopeInput",
    "QuestionInput",
    "ReasonInput",
    "ReportInput",
    "ReturnInput",
    "SupplyInput",
    "WeighingEntry",
    "read_input",
]


@dataclass(frozen=True)
class ActionInput:
    """What every action input has: the name of its form and the timeline comment."""

    form_name: ClassVar[str]

    @property
    def comment(self) -> str:
        """The optional comment the timeline shows with the action ("" when it has none)."""
        return ""


InputT = TypeVar("InputT", bound=ActionInput)


@dataclass(frozen=True)
class CommentInput(ActionInput):
    """A plain action: nothing but an optional comment for the timeline."""

    form_name: ClassVar[str] = "opmerking"
    opmerking: str = ""

    @property
    def comment(self) -> str:
        return self.opmerking


@dataclass(frozen=True)
class QuestionInput(ActionInput):
    form_name: ClassVar[str] = "vraag"
    vraag: str = ""


@dataclass(frozen=True)
class SupplyInput(ActionInput):
    form_name: ClassVar[str] = "aanvulling"
    aanvulling: str = ""


@dataclass(frozen=True)
class OutOfScopeInput(ActionInput):
    form_name: ClassVar[str] = "buiten_behandeling"
    reden_code: str = ""
    reden: str = ""


@dataclass(frozen=True)
class AssignInput(ActionInput):
    form_name: ClassVar[str] = "toewijzen"
    behandelaar_id: int | None = None


@dataclass(frozen=True)
class WeighingEntry:
    """One consideration of the leidraad as the adviser judged it (unchecked)."""

    code: str = ""
    oordeel: str = ""
    motivering: str = ""


@dataclass(frozen=True)
class AdviceInput(ActionInput):
    form_name: ClassVar[str] = "advies"
    tekst: str = ""
    provincie_id: int | None = None
    plaats: str = ""
    # The weighing along the leidraad; empty from a caller without the form (demo data).
    weging: tuple[WeighingEntry, ...] = ()


@dataclass(frozen=True)
class ReturnInput(ActionInput):
    form_name: ClassVar[str] = "terugsturen"
    opmerkingen: str = ""


@dataclass(frozen=True)
class AgreementInput(ActionInput):
    form_name: ClassVar[str] = "overeenstemming"
    provincie_id: int | None = None
    plaats: str = ""
    opmerking: str = ""

    @property
    def comment(self) -> str:
        return self.opmerking


@dataclass(frozen=True)
class ObjectionInput(ActionInput):
    form_name: ClassVar[str] = "bezwaar"
    bezwaren: str = ""


@dataclass(frozen=True)
class AgendaInput(ActionInput):
    form_name: ClassVar[str] = "agenderen"
    vergadering_id: int | None = None
    onderraad: str = ""


@dataclass(frozen=True)
class DecisionInput(ActionInput):
    form_name: ClassVar[str] = "besluit"
    besluit: str = ""
    provincie_id: int | None = None
    plaats: str = ""
    besloten_op: date | None = None


@dataclass(frozen=True)
class ReasonInput(ActionInput):
    form_name: ClassVar[str] = "reden"
    reden: str = ""


@dataclass(frozen=True)
class ReportInput(ActionInput):
    form_name: ClassVar[str] = "verslag"
    verslag: str = ""


@dataclass(frozen=True)
class FollowUpInput(ActionInput):
    form_name: ClassVar[str] = "vervolgactie"
    omschrijving: str = ""
    eigenaar: str = ""
    uiterlijk: date | None = None
    nieuwe_zaak: str = ""


@dataclass(frozen=True)
class FollowUpDoneInput(ActionInput):
    form_name: ClassVar[str] = "actie_gereed"
    actie_id: int | None = None


@dataclass(frozen=True)
class CloseInput(ActionInput):
    """Closing a location case: the Woo decision besides the comment."""

    form_name: ClassVar[str] = "afronding"
    openbaarheid: str = ""
    weigeringsgrond: str = ""
    opmerking: str = ""

    @property
    def comment(self) -> str:
        return self.opmerking


def read_input(input_type: type[InputT], data: Mapping[str, Any]) -> InputT:
    """``input_type`` filled from ``data`` (a validated form's data or a plain mapping).

    Keys the type does not declare are ignored; a value of the wrong kind becomes "no
    value" (empty text, None), which the service then refuses with its own message."""
    values = {
        name: _convert(kind, data.get(name)) for name, kind in field_kinds(input_type).items()
    }
    return input_type(**values)


_KINDS: dict[type[ActionInput], dict[str, type]] = {}


def field_kinds(input_type: type[ActionInput]) -> dict[str, type]:
    """Per field of ``input_type``: str, int or date (an optional int or date may be None),
    or ``WeighingEntry`` for the advice's weighing (a tuple of them)."""
    if input_type not in _KINDS:
        _KINDS[input_type] = _read_kinds(input_type)
    return _KINDS[input_type]


def _read_kinds(input_type: type[ActionInput]) -> dict[str, type]:
    if not is_dataclass(input_type):
        raise TypeError(f"{input_type.__name__} is no dataclass")
    hints = get_type_hints(input_type)
    kinds: dict[str, type] = {}
    for found in fields(input_type):
        hint = hints[found.name]
        if hint == tuple[WeighingEntry, ...]:
            kinds[found.name] = WeighingEntry
            continue
        kind = next((k for k in (str, int, date) if k is hint or k in _members(hint)), None)
        if kind is None:
            raise TypeError(f"{input_type.__name__}.{found.name}: unsupported type {hint}")
        kinds[found.name] = kind
    return kinds


def _members(hint: Any) -> tuple[Any, ...]:
    return tuple(getattr(hint, "__args__", ()))


def _convert(kind: type, value: Any) -> Any:
    if kind is WeighingEntry:
        return _entries(value)
    if kind is str:
        return "" if value is None else str(value)
    if kind is int:
        return _whole_number(value)
    return value if isinstance(value, date) else _iso_date(value)


def _entries(value: Any) -> tuple[WeighingEntry, ...]:
    """Weighing entries from a list of mappings (a WTForms FieldList's data); anything else
    is no weighing at all."""
    if not isinstance(value, list | tuple):
        return ()
    return tuple(
        WeighingEntry(
            **{name: _convert(str, item.get(name)) for name in ("code", "oordeel", "motivering")}
        )
        for item in value
        if isinstance(item, Mapping)
    )


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None


def _iso_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
