"""Property: whatever the figures, every layout reads back exactly what was written."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wagtail_govdisclosure.formats import FORMAT_2019, FORMAT_2021
from wagtail_govdisclosure.importers import read_report

from . import builders

#: What people write in a cell besides a number: nothing, or a placeholder (kept as written).
ODD_CELLS = [None, "/", "／", "—", "无", "-"]

LAYOUTS = {
    "docx": lambda d, w: (builders.render_docx(d, write=w), "r.docx"),
    "html-spans": lambda d, w: (builders.render_html(d, write=w), "r.html"),
    "html-flat": lambda d, w: (builders.render_html(d, layout="flat", write=w), "r.html"),
    "text": lambda d, w: (builders.render_text(d, write=w).encode("utf-8"), "r.txt"),
}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32),
    report_format=st.sampled_from([FORMAT_2021, FORMAT_2019]),
    layout=st.sampled_from(sorted(LAYOUTS)),
    messy=st.booleans(),
    odd=st.integers(0, 12),
)
def test_any_figures_read_back(seed, report_format, layout, messy, odd) -> None:
    document = builders.consistent_document(report_format, seed=seed)
    rng = random.Random(seed)
    for cell in rng.sample(report_format.cells, odd):
        document.set(cell.ref, rng.choice(ODD_CELLS))
    data, filename = LAYOUTS[layout](document, builders.messy if messy else builders.plain)

    result = read_report(data, filename=filename)

    assert result.ok, result.problems
    assert result.document.format is report_format
    assert result.document.to_json()["tables"] == document.to_json()["tables"]
