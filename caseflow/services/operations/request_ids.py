"""The request id: one id per request (the incoming X-Request-ID when it is sane, else a new
uuid4), returned in the response, written in every log line of the request, carried in the
headers of every Celery task the request starts and, in the worker, in the log lines of
that task and the headers of the mail it sends. A task not started by a request (beat)
gets an id of its own per run.

A context variable holds it, so the log formatter, the mail and the task publisher read it
without a request context; the web layer sets it before a request and resets it after."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar, Token
from typing import Any

from celery import signals

HEADER = "X-Request-ID"
TASK_HEADER = "caseflow_request_id"
# What a proxy or client may hand us: a uuid, nginx's $request_id (32 hex) or similar; no
# spaces, quotes or control characters that could forge log lines, at most 128 characters.
_SANE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

_current: ContextVar[str | None] = ContextVar("caseflow_request_id", default=None)


def current() -> str | None:
    return _current.get()


def choose(incoming: str | None) -> str:
    """The incoming id when it is sane, else a new one."""
    if incoming and _SANE.fullmatch(incoming):
        return incoming
    return new()


def new() -> str:
    return str(uuid.uuid4())


def begin(request_id: str) -> Token[str | None]:
    return _current.set(request_id)


def end(token: Token[str | None]) -> None:
    _current.reset(token)


# ------------------------------------------------------------------------------ Celery

_task_tokens: dict[str, Token[str | None]] = {}


def _publish(headers: dict[str, Any] | None = None, **extra: Any) -> None:
    request_id = current()
    if headers is not None and request_id is not None:
        headers[TASK_HEADER] = request_id


def _prerun(task_id: str | None = None, task: Any = None, **extra: Any) -> None:
    carried = getattr(getattr(task, "request", None), TASK_HEADER, None)
    if not isinstance(carried, str):
        carried = current()  # an eager task runs inside the request that started it
    if task_id is not None:
        _task_tokens[task_id] = begin(choose(carried))


def _postrun(task_id: str | None = None, **extra: Any) -> None:
    token = _task_tokens.pop(task_id, None) if task_id is not None else None
    if token is not None:
        end(token)


def carry_into_tasks() -> None:
    """Connect the publisher and worker signals (idempotent: once per process)."""
    signals.before_task_publish.connect(_publish, weak=False, dispatch_uid="caseflow-rid-pub")
    signals.task_prerun.connect(_prerun, weak=False, dispatch_uid="caseflow-rid-pre")
    signals.task_postrun.connect(_postrun, weak=False, dispatch_uid="caseflow-rid-post")
