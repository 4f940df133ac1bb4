"""Property tests: normalization is idempotent; no reader crashes on arbitrary input."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.config import IngestSettings
from reportgen.errors import ReportgenError
from reportgen.ingest import load_corpus, readers
from reportgen.ingest.normalize import normalize_text

LATEXISH = st.lists(
    st.sampled_from(
        list("ab1. ~$\\{}%_&#^x-") + ["\\textbf{", "\\sim", "\\times", "$\\", "``", "''", "\u00a0", "\ufb01", "e\u0301"]
    ),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=80), LATEXISH.map(lambda parts: "".join(parts))))
def test_normalization_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@pytest.mark.parametrize("reader", sorted(readers()))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_readers_never_crash_on_arbitrary_bytes(reader: str, data: bytes) -> None:
    """Any input either reads or raises the project's own error: never a traceback."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.dat"
        path.write_bytes(data)
        with contextlib.suppress(ReportgenError):
            load_corpus([path], IngestSettings(input_format=reader))
