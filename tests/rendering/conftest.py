"""Fixtures of the table rendering tests: the seed report and a grid-occupancy checker."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from wagtail_govdisclosure import interchange

SEED_JSON = Path(__file__).resolve().parents[1] / "fixtures" / "jiaxiang-kejiju-2022.json"


@pytest.fixture
def seed() -> interchange.ReportDocument:
    """The seed report (嘉祥县科学技术局 2022), fresh for every test."""
    return interchange.loads(SEED_JSON.read_bytes())


def occupy(lines: Sequence[Iterable[tuple[int, int]]], width: int) -> list[list[int]]:
    """Lay out lines of ``(rowspan, colspan)`` the way a browser does; check the result.

    Each cell takes the first column not covered by a cell from a line above. Returns,
    for every line, the column each of its cells starts at. Fails the test when two
    cells overlap, a cell sticks out on the right or at the bottom, or a position of
    the ``len(lines) × width`` rectangle stays empty.
    """
    taken: dict[tuple[int, int], tuple[int, int]] = {}
    starts: list[list[int]] = []
    for y, line in enumerate(lines):
        x = 0
        line_starts = []
        for index, (rowspan, colspan) in enumerate(line):
            assert rowspan >= 1 and colspan >= 1
            while (y, x) in taken:
                x += 1
            line_starts.append(x)
            for dy in range(rowspan):
                for dx in range(colspan):
                    position = (y + dy, x + dx)
                    assert position not in taken, f"cell {index} of line {y} overlaps at {position}"
                    assert y + dy < len(lines), f"cell {index} of line {y} spans below the table"
                    assert x + dx < width, f"cell {index} of line {y} sticks out on the right"
                    taken[position] = (y, index)
            x += colspan
        starts.append(line_starts)
    missing = [(y, x) for y in range(len(lines)) for x in range(width) if (y, x) not in taken]
    assert not missing, f"holes in the grid at {missing[:5]}"
    return starts


@pytest.fixture(name="occupy")
def occupy_fixture():
    return occupy
