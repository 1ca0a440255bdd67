"""The grid script reads cells and sums like the server (run under Node.js when it is installed).

The browser tests exercise the script in the real editor; here its pure functions are
compared with :func:`~wagtail_govdisclosure.formats.values.read_cell` on many inputs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from wagtail_govdisclosure.formats import CURRENT, FORMATS
from wagtail_govdisclosure.formats.values import PLACEHOLDERS, CellStatus, read_cell

SCRIPT = (
    Path(__file__).resolve().parents[2]
    / "wagtail_govdisclosure/static/wagtail_govdisclosure/js/table-editor.js"
)
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")

HARNESS = """
const window = globalThis;
window.wagtailStreamField = { blocks: { StructBlockDefinition: class {} } };
window.telepath = { register() {} };
require(process.argv[1]);
const { readCell, formatNumber, parseClipboard } = window.govdisclosureGrid;
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const placeholders = new Set(input.placeholders);
const readings = input.cells.map(([text, column]) => {
  const r = readCell(text, column, placeholders);
  return [r.status, r.value === undefined ? null : formatNumber(r.value)];
});
const clipboard = input.clipboard.map((text) => parseClipboard(text));
process.stdout.write(JSON.stringify({ readings, clipboard }));
"""

TEXTS = [
    "0",
    "12",
    " 12 ",
    "１２",
    "1,234",
    "１，２３４",
    "1,234,567",
    "12,34",
    "1.5",
    "1.50",
    "0.0001",
    "0.00001",
    "-1",
    "-0",
    "+3",
    ".5",
    "5.",
    "",
    "   ",
    "/",
    "—",
    "无",
    "N/A",
    "abc",
    "十二",
    "1e3",
    "3件",
    "１ ２",
]


def run_script(cells: list, clipboard: list[str]) -> dict:
    payload = json.dumps(
        {"placeholders": sorted(PLACEHOLDERS), "cells": cells, "clipboard": clipboard}
    )
    result = subprocess.run(
        [NODE, "-e", HARNESS, str(SCRIPT)],
        input=payload,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def test_cells_read_like_the_server():
    columns = {}
    for report_format in FORMATS.values():
        for cell in report_format.cells:
            columns.setdefault(cell.column.kind, cell.column)
    cells, expected = [], []
    for column in columns.values():
        info = {"kind": column.kind.value, "decimals": column.decimals}
        for text in TEXTS:
            reading = read_cell(text, column)
            cells.append([text, info])
            expected.append([reading.status.value, reading.value if reading.ok else None])
    got = run_script(cells, [])["readings"]
    # Numbers compare as numbers: the script writes 「-0」 as 0.
    assert [[status, None if value is None else Decimal(value)] for status, value in got] == [
        [status, None if value is None else Decimal(value)] for status, value in expected
    ]
    assert CellStatus.TOO_PRECISE.value in {status for status, _value in expected}


def test_clipboard_splits_like_a_spreadsheet_copy():
    got = run_script(
        [],
        [
            "1\t2\r\n3\t4\r\n",
            '"（二）部分公开\n（区分处理的）"\t5\n\t6',
            'a""b\t"say ""hi"""',
            "7",
        ],
    )["clipboard"]
    assert got == [
        [["1", "2"], ["3", "4"]],
        [["（二）部分公开\n（区分处理的）", "5"], ["", "6"]],
        [['a""b', 'say "hi"']],
        [["7"]],
    ]


def test_every_total_is_computable_in_the_script_data():
    """Each total the script may fill has a rule naming its parts (as ``checks.fill_totals``)."""
    from wagtail_govdisclosure.blocks.adapters import editor_data

    for table in CURRENT.tables:
        data = editor_data(CURRENT.key, table.key)
        totals = {rule["total"] for rule in data["rules"] if rule["total"]}
        assert totals == {cell.ref for cell in table.cells if cell.is_total}
