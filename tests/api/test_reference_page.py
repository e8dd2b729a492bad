"""The API's reference page: every operation and schema of the OpenAPI document on a page of
the application itself (no script, no CDN), public like the document."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from caseflow.api.reference import reference_of


def test_the_page_lists_every_operation_and_schema(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    response = client.get("/api/v1/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    for path, item in document["paths"].items():
        for method in ("get", "post", "patch", "put", "delete"):
            if method in item:
                assert f"<code>{method.upper()} {path}</code>" in page, (method, path)
    for name in document["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
    assert "<script" not in page and "cdn" not in page.lower()
    assert "het woord Bearer, een spatie en het token" in page
    assert 'href="/api/v1/openapi.json"' in page
    # No text of the page reads as markup (a "<token>" in a sentence would vanish).
    assert "<token>" not in page
    assert len(set(re.findall(r'id="([^"]+)"', page))) == len(re.findall(r'id="([^"]+)"', page))


def test_the_reading_of_a_document_by_hand() -> None:
    document = {
        "info": {"title": "t", "version": "v1", "description": "d"},
        "paths": {
            "/x/{key}": {
                "parameters": [
                    {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "get": {
                    "summary": "Eén x",
                    "parameters": [
                        {"name": "n", "in": "query", "schema": {"type": ["integer", "null"]}}
                    ],
                    "responses": {
                        "200": {"description": "ok"},
                        "404": {"$ref": "#/components/responses/NotFound"},
                    },
                },
                "patch": {
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/X"}}
                        }
                    },
                    "responses": {"412": {"description": "verouderd"}},
                },
            }
        },
        "components": {
            "schemas": {
                "X": {
                    "required": ["a"],
                    "properties": {"a": {"type": "array", "items": {"enum": ["", "p", "q"]}}},
                }
            }
        },
    }
    ref = reference_of(document)
    get, patch = ref.operations
    assert (get.method, get.path, get.summary) == ("GET", "/x/{key}", "Eén x")
    assert [(p.name, p.where, p.required, p.kind) for p in get.parameters] == [
        ("key", "path", True, "string"),
        ("n", "query", False, "integer of null"),
    ]
    assert get.answers == (("200", "ok"), ("404", "NotFound"))
    assert patch.body == "application/json: X"
    (schema,) = ref.schemas
    assert [(f.name, f.required, f.kind) for f in schema.fields] == [
        ("a", True, "lijst van één van: 'p', 'q'")
    ]
