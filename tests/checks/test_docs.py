"""The generated documentation is committed up to date and says what the code says."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail_govdisclosure.checks import CHECKS
from wagtail_govdisclosure.formats import FORMATS
from wagtail_govdisclosure.management.commands.govdisclosure_docs import (
    DOCUMENTS,
    GENERATED_BY,
    render_checks_docs,
    render_format_docs,
)

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_committed_docs_are_up_to_date(name: str) -> None:
    committed = (DOCS / name).read_text(encoding="utf-8")
    assert committed == DOCUMENTS[name](), (
        f"docs/{name} is out of date: run `python example_site/manage.py govdisclosure_docs`"
    )


def test_generated_docs_say_they_are_generated() -> None:
    for text in (render_format_docs(), render_checks_docs()):
        assert text.splitlines()[0] == GENERATED_BY
        assert "python example_site/manage.py govdisclosure_docs" in GENERATED_BY


def test_format_docs_cover_every_label_and_key() -> None:
    text = render_format_docs()
    for report_format in FORMATS.values():
        assert report_format.reference in text
        for label in report_format.labels():
            assert label in text
        for cell in report_format.cells:
            assert f"`{cell.row.key}`" in text and f"`{cell.column.key}`" in text


def test_checks_docs_cover_every_code_in_english() -> None:
    text = render_checks_docs()
    for code, info in CHECKS.items():
        assert f"## `{code}`" in text
        assert info.severity.value in text
    assert "Blank cell" in text  # the English msgid, whatever the active language


def test_command_writes_and_checks(tmp_path) -> None:
    with pytest.raises(CommandError):
        call_command(
            "govdisclosure_docs", "--check", "--output-dir", str(tmp_path), stdout=StringIO()
        )
    call_command("govdisclosure_docs", "--output-dir", str(tmp_path), stdout=StringIO())
    assert (tmp_path / "checks.md").read_text(encoding="utf-8") == render_checks_docs()
    out = StringIO()
    call_command("govdisclosure_docs", "--check", "--output-dir", str(tmp_path), stdout=out)
    assert "up to date" in out.getvalue()
