"""Writes of the JSON API (/api/v1): filing a draft, editing it and taking a workflow action,
each through the use case the screens call (``lifecycle.create_case``, ``update_case`` and
``perform``), so the same role, state, guard and need-to-know checks apply.

Optimistic locking over HTTP: a caller names the version it changes by the case's entity
tag (``entity_tag``, sent back as ``If-Match``). A tag that is not the case's current one is
``StaleVersion`` (412) before anything is checked or written; a change that slips in between
that check and the row lock is caught by the use case's own version check (a Conflict with
``unit_of_work.STALE``), which is the same 412 here: nothing is written either way.

The values arrive typed (the API's schemas bound numbers, dates and text lengths); what a
case type does not declare, or an action does not take, is refused per field (422) instead
of being ignored or written into another type's column."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import workflows
from caseflow.domain.errors import Conflict, DomainError, ValidationFailed
from caseflow.extensions import db
from caseflow.models import Case, User
from caseflow.services.cases import lifecycle
from caseflow.services.cases.case_record import find_case
from caseflow.services.reference.organisations import NEW_FIELD
from caseflow.services.unit_of_work import STALE
from workflows.base import Action
from workflows.fields import ORGANISATION, Field
from workflows.inputs import ActionInput, WeighingEntry, field_kinds, read_input

STALE_TAG = "De zaak is intussen gewijzigd; haal haar opnieuw op en stuur de nieuwe ETag mee."
UNDECLARED = "Dit veld hoort niet bij dit zaaktype."
NOT_TAKEN = "Deze actie kent dit veld niet."
MINISTRY_FIELD = "ministry_id"  # BZK chooses the ministry when it files (lifecycle)

# The kinds of an action's input field, as the API's schema names them.
TEXT, NUMBER, DATE, WEIGHING = "text", "number", "date", "weighing"
_KIND_NAMES: dict[type, str] = {str: TEXT, int: NUMBER, WeighingEntry: WEIGHING}


class StaleVersion(DomainError):
    """The caller changes a version of the case that is no longer the current one."""

    status = 412


def entity_tag(case_id: int, version: int) -> str:
    """The case version as an HTTP entity tag, quotes included."""
    return f'"{case_id}-{version}"'


def filing_fields() -> dict[str, Field]:
    """Every filing field any case type declares, by name (a name means the same in every
    type: ``filing.verify_fields``)."""
    found: dict[str, Field] = {}
    for definition in workflows.REGISTRY.values():
        for item in definition.fields:
            found.setdefault(item.name, item)
    return found


def input_fields() -> dict[str, str]:
    """Every field an action input takes, by name, with its kind (TEXT, NUMBER, DATE or
    WEIGHING); a name means the same in every input type."""
    found: dict[str, str] = {}
    for definition in workflows.REGISTRY.values():
        for action in definition.actions:
            for name, kind in field_kinds(action.input_type).items():
                found.setdefault(name, _KIND_NAMES.get(kind, DATE))
    return found


def create_draft(user: User, case_type: str, data: Mapping[str, Any]) -> Case:
    """File a new case of ``case_type`` (a concept where the type starts as one) with the
    fields its newest version declares."""
    if case_type in workflows.CASE_TYPES:
        definition = workflows.latest(case_type)
        _refuse_undeclared(definition.fields, data, extra={MINISTRY_FIELD, NEW_FIELD})
    return lifecycle.create_case(user, case_type, dict(data))


def update_draft(user: User, key: str, tags: Collection[str], data: Mapping[str, Any]) -> Case:
    """Change the filing fields of a case at the version tagged in ``tags``."""
    case = find_case(user, key)
    version = _current_version(case, tags)
    _refuse_undeclared(lifecycle.definition_of(case).fields, data, extra={NEW_FIELD})
    case_id = case.id
    db.session.expire(case)  # the locked read must see the row as it is then
    with _stale_is_412():
        return lifecycle.update_case(user, case_id, version, dict(data))


def take_action(
    user: User, key: str, name: str, tags: Collection[str], data: Mapping[str, Any]
) -> Case:
    """Take workflow action ``name`` on the case at the version tagged in ``tags``, with the
    action's typed input read from ``data`` once the action is checked."""
    case = find_case(user, key)
    version = _current_version(case, tags)
    case_id = case.id
    db.session.expire(case)

    def read(chosen: Action) -> ActionInput:
        taken = field_kinds(chosen.input_type)
        extra = {field: NOT_TAKEN for field in data if field not in taken}
        if extra:
            raise ValidationFailed("Controleer de gemarkeerde velden.", extra)
        return read_input(chosen.input_type, data)

    with _stale_is_412():
        return lifecycle.perform(user, case_id, name, version, read)


def _current_version(case: Case, tags: Collection[str]) -> int:
    if entity_tag(case.id, case.version) not in tags:
        raise StaleVersion(STALE_TAG)
    return case.version


def _refuse_undeclared(
    declared: tuple[Field, ...], data: Mapping[str, Any], *, extra: Collection[str]
) -> None:
    names = {item.name for item in declared}
    allowed = names | (set(extra) - {NEW_FIELD})
    if any(item.kind == ORGANISATION for item in declared) and NEW_FIELD in extra:
        allowed.add(NEW_FIELD)
    refused = {field: UNDECLARED for field in data if field not in allowed}
    if refused:
        raise ValidationFailed("Controleer de gemarkeerde velden.", refused)


@contextmanager
def _stale_is_412() -> Iterator[None]:
    try:
        yield
    except Conflict as exc:
        if exc.message == STALE:
            raise StaleVersion(STALE_TAG) from exc
        raise
