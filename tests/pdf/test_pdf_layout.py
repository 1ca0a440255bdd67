"""Where the seed report's pages break: 表三 whole on one page, headings with their text."""

from __future__ import annotations

from tests.pdf.conftest import page_texts, squeeze


def _pages(seed_pdf: bytes) -> list[str]:
    return [squeeze(text) for text in page_texts(seed_pdf)]


def test_table_three_is_on_one_page_with_its_heading_and_group_labels(seed_pdf) -> None:
    pages = _pages(seed_pdf)
    holding = [n for n, text in enumerate(pages) if "一、本年新收政府信息公开申请数量" in text]
    assert len(holding) == 1
    page = pages[holding[0]]
    # The heading, the first and the last line, and the group labels on the same page.
    for text in (
        "三、收到和处理政府信息公开申请情况",
        "四、结转下年度继续办理",
        "（六）其他处理",
        "3.其他",
        "（七）总计",
    ):
        assert text in page, text
    # The whole table: no line of it on any other page.
    for other, text in enumerate(pages):
        if other != holding[0]:
            assert "结转下年度继续办理" not in text
            assert "本年新收政府信息公开申请数量" not in text
    # The page before is not left nearly empty: it holds table 二 and its heading.
    assert "二、主动公开政府信息情况" in pages[holding[0] - 1]


def test_a_sub_heading_never_ends_a_page(seed_pdf) -> None:
    for text in page_texts(seed_pdf):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        # The last lines are the page number; the one before is the text's last line.
        body = [line for line in lines if not line.startswith("第") or "页" not in line]
        assert not body[-1].startswith("（") or "。" in body[-1], body[-1]


def test_the_pdf_names_the_publishing_agency_as_the_page_does(seed_pdf) -> None:
    text = "".join(_pages(seed_pdf))
    assert "发布机构：嘉祥县科学技术局" in text
    assert "发布机关" not in text
    assert "左右滑动" not in text  # the phone's scroll hint is not printed
