"""Whatever bytes arrive, the file checks answer with a file type or a Dutch refusal
(ValidationFailed), never with another exception: no upload or import can become a 500."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseflow.domain import filetypes
from caseflow.domain.errors import ValidationFailed
from caseflow.domain.tabular import TableLimits, read_table
from tests import sample_files

PREFIXES = [b"", b"%PDF-1.7\n", b"PK\x03\x04", sample_files.pdf()[:200], sample_files.docx()[:60]]


def _mutations() -> st.SearchStrategy[bytes]:
    """Random bytes behind a real-looking start, and real files with bytes overwritten."""
    prefixed = st.builds(lambda p, b: p + b, st.sampled_from(PREFIXES), st.binary(max_size=2000))
    real = st.sampled_from([make() for make in sample_files.VALID.values()])
    damaged = st.builds(
        lambda data, at, junk: data[: at % len(data)] + junk + data[at % len(data) + len(junk) :],
        real,
        st.integers(min_value=0, max_value=10**6),
        st.binary(min_size=1, max_size=40),
    )
    return st.one_of(prefixed, damaged, real)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_mutations(), extension=st.sampled_from([".pdf", ".docx", ".xlsx", ".odt", ".exe"]))
def test_upload_check_is_total(data: bytes, extension: str) -> None:
    try:
        found = filetypes.check(f"stuk{extension}", io.BytesIO(data), len(data))
    except ValidationFailed as exc:
        assert exc.message
    else:
        assert found.extension == extension


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=3000).map(str.encode),
        st.builds(
            lambda body: b"provincie;sector;peildatum;fte\n" + body.encode(),
            st.text(alphabet=';,"\n\r\t 0123456789.-aeinfNI\x00', max_size=3000),
        ),
        _mutations(),
    ),
    extension=st.sampled_from([".csv", ".xlsx"]),
)
def test_import_reading_is_total(data: bytes, extension: str) -> None:
    limits = TableLimits(max_rows=50, max_columns=6, max_cell_chars=100)
    try:
        table = read_table(f"cijfers{extension}", data, limits)
    except ValidationFailed as exc:
        assert exc.message
    else:
        assert len(table) <= limits.max_rows + 1
        assert all(len(row) <= limits.max_columns for row in table)
        assert all(len(cell) <= limits.max_cell_chars for row in table for cell in row)
