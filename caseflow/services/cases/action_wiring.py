"""Start-up check that every workflow action is wired: an input type, a form for it and
exactly one effect (or a declaration that it has none).

An action added to a definition without its effect or form would otherwise only fail when a
user first takes it; the app factory calls ``verify_definitions`` so the app refuses to start
instead, naming the action.
"""

from __future__ import annotations

import typing
from collections.abc import Collection, Iterable

import workflows
from caseflow.services.cases import effects
from workflows.base import Action, WorkflowDefinition
from workflows.inputs import ActionInput, field_kinds


def verify_definitions(
    forms: typing.Mapping[type[ActionInput], type],
    definitions: Iterable[WorkflowDefinition] | None = None,
) -> None:
    """Raise RuntimeError naming the first action that lacks an input type, a form for it
    (with a field per input attribute) or exactly one effect. ``forms`` is the web's form
    registry (the services do not import the web); ``definitions`` defaults to all."""
    for definition in workflows.REGISTRY.values() if definitions is None else definitions:
        for action in definition.actions:
            problem = _problem(action, forms)
            if problem:
                raise RuntimeError(f"{definition.code} v{definition.version}: {problem}")


def _problem(action: Action, forms: typing.Mapping[type[ActionInput], type]) -> str:
    where = f"action {action.name}"
    input_type: object = action.input_type  # declared typed, but data may lie
    if not (isinstance(input_type, type) and issubclass(input_type, ActionInput)):
        return f"{where} has no input type"
    try:
        kinds = field_kinds(input_type)  # a frozen dataclass of text, numbers and dates
    except TypeError as exc:
        return f"{where}: {exc}"
    form = forms.get(input_type)
    if form is None:
        return f"{where} has no form for {input_type.__name__}"
    missing = [name for name in kinds if not hasattr(form, name)]
    if missing:
        return f"{where}: form {form.__name__} lacks {', '.join(missing)}"
    return _effect_problem(where, action, effects.EFFECTS, effects.EFFECT_FREE)


def _effect_problem(
    where: str, action: Action, found: typing.Mapping[str, effects.Effect], free: Collection[str]
) -> str:
    has_effect, declared_free = action.name in found, action.name in free
    if has_effect == declared_free:
        return (
            f"{where} has an effect and is declared effect-free"
            if has_effect
            else f"{where} has no effect and is not declared effect-free"
        )
    if has_effect:
        takes = _input_taken(found[action.name])
        if takes is not None and not issubclass(action.input_type, takes):
            return f"{where}: its effect takes {takes.__name__}, not {action.input_type.__name__}"
    return ""


def _input_taken(effect: effects.Effect) -> type | None:
    """The input type an effect's ``ActionContext[...]`` annotation names, if a class."""
    hints = typing.get_type_hints(effect)
    context = next(iter(v for k, v in hints.items() if k != "return"), None)
    args = typing.get_args(context)
    return args[0] if args and isinstance(args[0], type) else None
