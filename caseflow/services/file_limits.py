"""The limits on incoming files, read from the settings (``ZIP_*``, ``IMPORT_*``) in one
place for document uploads and figure imports."""

from __future__ import annotations

from flask import current_app

from caseflow.domain.tabular import TableLimits
from caseflow.domain.zipguard import ZipLimits

MB = 1024 * 1024


def _setting(key: str) -> int:
    return int(current_app.config[key])


def document_zip_limits() -> ZipLimits:
    """For DOCX, XLSX and ODT documents on a case."""
    return ZipLimits(
        max_entries=_setting("ZIP_MAX_ENTRIES"),
        max_unpacked_bytes=_setting("ZIP_MAX_UNPACKED_MB") * MB,
        max_ratio=_setting("ZIP_MAX_RATIO"),
    )


def import_limits() -> TableLimits:
    """For CSV and XLSX imports: the document limits, with a far smaller unpacked size."""
    zip_limits = document_zip_limits()
    return TableLimits(
        max_bytes=_setting("IMPORT_MAX_MB") * MB,
        max_rows=_setting("IMPORT_MAX_ROWS"),
        max_columns=_setting("IMPORT_MAX_COLUMNS"),
        max_cell_chars=_setting("IMPORT_MAX_CELL_CHARS"),
        zip=ZipLimits(
            max_entries=zip_limits.max_entries,
            max_unpacked_bytes=min(
                zip_limits.max_unpacked_bytes, _setting("IMPORT_MAX_UNPACKED_MB") * MB
            ),
            max_ratio=zip_limits.max_ratio,
        ),
    )
