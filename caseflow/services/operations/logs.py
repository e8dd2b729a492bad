"""The application's log, configured in this one place: the ``caseflow`` logger (Flask's
``app.logger``, the request log ``caseflow.requests`` and every other ``caseflow.*`` logger)
writes to standard error (journald or the container runtime collects it), as one JSON object
per line with ``LOG_FORMAT=json`` or as a readable line with ``LOG_FORMAT=text``. Every line
carries the request id of the request or task it belongs to. The security events keep their
own handler (``security_log``): they are JSON lines already.

Under test nothing is installed: records propagate to pytest's capture."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from flask import Flask

from caseflow.services.operations import request_ids

LOGGER = "caseflow"
REQUESTS = "caseflow.requests"
_HANDLER = "caseflow-application-lines"
FORMATS = ("json", "text")
# Attributes of every LogRecord; anything else a caller passes in ``extra`` is a field.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_ids.current(),
        }
        line.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record.request_id = request_ids.current() or "-"
        return super().format(record)


def formatter(kind: str) -> logging.Formatter:
    if kind not in FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {kind!r}")
    return JsonFormatter() if kind == "json" else TextFormatter()


def init_app(app: Flask) -> None:
    """Install the handler once per process (several apps in one process share it)."""
    chosen = formatter(str(app.config["LOG_FORMAT"]))
    logger = logging.getLogger(LOGGER)
    logger.disabled = False  # a logging.config call elsewhere (Alembic) may have disabled it
    logging.getLogger(REQUESTS).disabled = False
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)
    if app.testing:
        return
    existing = [h for h in logger.handlers if h.get_name() == _HANDLER]
    handler = existing[0] if existing else logging.StreamHandler(sys.stderr)
    handler.setFormatter(chosen)
    if not existing:
        handler.set_name(_HANDLER)
        logger.addHandler(handler)
        # Celery's worker puts its own handler on the root logger: write each line once.
        logger.propagate = False
