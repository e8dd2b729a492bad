"""The API's reference page (``/api/v1/docs``): the OpenAPI document read as a page of the
application itself, with no script and nothing from a CDN, so it stays under the content
security policy and works with a keyboard and a screen reader. Public, like the document.

``reference_of`` turns the document (a dict) into plain rows for the template: per operation
its method, path, summary, parameters and answers; per schema its fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, render_template
from flask.typing import ResponseReturnValue

bp = Blueprint("api_reference", __name__)
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    required: bool
    kind: str
    description: str


@dataclass(frozen=True)
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    body: str
    answers: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Schema:
    name: str
    fields: tuple[Parameter, ...]


@dataclass(frozen=True)
class Reference:
    title: str
    version: str
    description: str
    operations: tuple[Operation, ...]
    schemas: tuple[Schema, ...]


def _kind(schema: dict[str, Any]) -> str:
    """A schema in a few words: its $ref name, its type(s), enum values or array items."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "enum" in schema:
        return "één van: " + ", ".join(repr(v) for v in schema["enum"] if v not in ("", None))
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        return f"lijst van {_kind(schema['items'])}"
    kinds = schema.get("type", "")
    text = " of ".join(kinds) if isinstance(kinds, list) else str(kinds)
    return f"{text} ({schema['format']})" if "format" in schema else text or "object"


def _parameter(raw: dict[str, Any]) -> Parameter:
    return Parameter(
        name=str(raw.get("name", "")),
        where=str(raw.get("in", "")),
        required=bool(raw.get("required", False)),
        kind=_kind(raw.get("schema", {})),
        description=str(raw.get("description", "")),
    )


def _body(operation: dict[str, Any]) -> str:
    content = operation.get("requestBody", {}).get("content", {})
    return ", ".join(f"{media}: {_kind(v.get('schema', {}))}" for media, v in content.items())


def _answers(operation: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    found = []
    for code, answer in sorted(operation.get("responses", {}).items()):
        if "$ref" in answer:
            found.append((str(code), str(answer["$ref"]).rsplit("/", 1)[-1]))
        else:
            found.append((str(code), str(answer.get("description", ""))))
    return tuple(found)


def _operations(paths: dict[str, Any]) -> tuple[Operation, ...]:
    found = []
    for path, item in paths.items():
        shared = [_parameter(p) for p in item.get("parameters", [])]
        for method in METHODS:
            if method not in item:
                continue
            raw = item[method]
            own = [_parameter(p) for p in raw.get("parameters", [])]
            found.append(
                Operation(
                    anchor=f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""),
                    method=method.upper(),
                    path=path,
                    summary=str(raw.get("summary", "")),
                    description=str(raw.get("description", "")),
                    parameters=tuple(shared + own),
                    body=_body(raw),
                    answers=_answers(raw),
                )
            )
    return tuple(found)


def _schemas(schemas: dict[str, Any]) -> tuple[Schema, ...]:
    found = []
    for name, schema in sorted(schemas.items()):
        required = set(schema.get("required", []))
        fields = tuple(
            Parameter(key, "", key in required, _kind(value), str(value.get("description", "")))
            for key, value in schema.get("properties", {}).items()
        )
        found.append(Schema(name, fields))
    return tuple(found)


def reference_of(document: dict[str, Any]) -> Reference:
    info = document.get("info", {})
    return Reference(
        title=str(info.get("title", "")),
        version=str(info.get("version", "")),
        description=str(info.get("description", "")),
        operations=_operations(document.get("paths", {})),
        schemas=_schemas(document.get("components", {}).get("schemas", {})),
    )


@bp.get("/api/v1/docs")
def docs() -> ResponseReturnValue:
    api = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    return render_template("api/reference.html", ref=reference_of(api.spec.to_dict()))
