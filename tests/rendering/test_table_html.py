"""The accessible HTML of the standard tables ({% report_table %}), parsed with lxml."""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html
import pytest
from django.template import Context, Template
from django.utils import translation

from wagtail_govdisclosure.formats import CURRENT
from wagtail_govdisclosure.formats.layout import table_grid
from wagtail_govdisclosure.templatetags.govdisclosure_tables import render_report_table

TABLE_KEYS = ("proactive", "applications", "reviews")


@dataclass
class FakeFinding:
    """The interface the tag reads: ``.cells``, ``.message``, ``.severity``."""

    cells: tuple
    message: str
    severity: str = "error"


def render(template: str, **context) -> lxml.html.HtmlElement:
    html = Template("{% load govdisclosure_tables %}" + template).render(Context(context))
    return lxml.html.fragment_fromstring(html, create_parent="div")


def page(document, **kwargs) -> lxml.html.HtmlElement:
    """All three tables of ``document`` in one page."""
    return lxml.html.fragment_fromstring(
        "".join(render_report_table(document, key, **kwargs) for key in TABLE_KEYS),
        create_parent="div",
    )


def text(element) -> str:
    """The visible text of a cell: without the screen-reader-only and flag parts."""
    parts = [element.text or ""]
    for child in element:
        classes = child.get("class", "").split()
        if "gd-visually-hidden" not in classes and "gd-flags" not in classes:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return "".join(parts)


def table_of(root, key: str, prefix: str = "gd"):
    (table,) = root.xpath(f'//table[@id="{prefix}-{key}"]')
    return table


def cell(root, ref: str):
    """The ``<td>`` showing the cell ``ref`` (found through its headers, like a reader)."""
    key = ref.split(".")[0]
    grid_cell = table_grid(CURRENT.table(key)).data_cells[ref]
    headers = " ".join(f"gd-{h}" for h in grid_cell.headers)
    (found,) = table_of(root, key).xpath(f'.//td[@headers="{headers}"]')
    return found


# --- labels, captions, structure ------------------------------------------------------


@pytest.mark.parametrize("key", TABLE_KEYS)
def test_every_label_appears_verbatim_as_a_cell(seed, key):
    root = render("{% report_table document key %}", document=seed, key=key)
    table = seed.format.table(key)
    cell_texts = {text(c).strip() for c in root.xpath("//th | //td")}
    for label in table.labels():
        assert label in cell_texts, label


def test_the_25_rows_of_applications_are_row_headers(seed):
    root = render('{% report_table document "applications" %}', document=seed)
    row_headers = [text(th) for th in root.xpath('//tbody//th[@scope="row"]')]
    assert row_headers == [row.label for row in seed.format.table("applications").rows]
    assert len(row_headers) == 25
    groups = [text(th) for th in root.xpath('//tbody//th[@scope="rowgroup"]')]
    assert groups == [
        "三、本年度办理结果",
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
        "（六）其他处理",
    ]
    columns = [text(th) for th in root.xpath('//thead//th[@scope="col"]')]
    assert columns == [
        "自然人",
        "总计",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    (note,) = root.xpath('//thead//td[contains(@class, "gd-note")]')
    assert text(note) == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@pytest.mark.parametrize("key", TABLE_KEYS)
def test_each_table_has_a_caption_and_a_labelled_scroll_region(seed, key):
    root = render("{% report_table document key %}", document=seed, key=key)
    table = seed.format.table(key)
    (caption,) = root.xpath("//table/caption")
    assert table.number in caption.text_content()
    assert table.title in caption.text_content()
    (region,) = root.xpath('//div[contains(@class, "gd-table-scroll")]')
    assert region.get("role") == "region"
    assert region.get("tabindex") == "0"
    assert region.get("aria-labelledby") == caption.get("id")
    assert region.xpath("./table")


def test_caption_is_translated(seed):
    with translation.override("en"):
        root = render('{% report_table document "proactive" %}', document=seed)
    assert root.xpath("//caption")[0].text_content() == "Table 二 主动公开政府信息情况"


def test_thead_and_tbody(seed):
    root = page(seed)
    applications = table_of(root, "applications")
    assert len(applications.xpath("./thead/tr")) == 3
    assert len(applications.xpath("./tbody")) == 1
    assert len(applications.xpath("./tbody/tr")) == 25
    # Each band of table 二 is a row group of its own, its header lines inside it.
    proactive = table_of(root, "proactive")
    assert not proactive.xpath("./thead")
    assert [len(b.xpath("./tr")) for b in proactive.xpath("./tbody")] == [4, 3, 4, 3]
    headings = proactive.xpath('.//tr[contains(@class, "gd-band-heading-row")]/th')
    assert [h.text for h in headings] == [
        band.heading for band in seed.format.table("proactive").bands
    ]
    assert {h.get("colspan") for h in headings} == {"4"}
    reviews = table_of(root, "reviews")
    assert len(reviews.xpath("./thead/tr")) == 3
    assert len(reviews.xpath("./tbody/tr/td")) == 15
    assert not reviews.xpath(".//tbody//th")


def test_applications_header_spans_like_the_official_form(seed):
    root = render('{% report_table document "applications" %}', document=seed)
    lines = root.xpath("//thead/tr")

    def spans(line):
        return [
            (text(c), int(c.get("rowspan", 1)), int(c.get("colspan", 1)))
            for c in line.xpath("./th | ./td")
        ]

    note = seed.format.table("applications").note
    assert spans(lines[0]) == [(note, 3, 3), ("申请人情况", 1, 7)]
    assert spans(lines[1]) == [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)]
    assert spans(lines[2]) == [
        (label, 1, 1) for label in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    ]
    assert lines[0].xpath("./th")[0].get("scope") == "colgroup"
    body = {text(th): th for th in root.xpath("//tbody//th")}
    assert body["三、本年度办理结果"].get("rowspan") == "22"
    assert body["一、本年新收政府信息公开申请数量"].get("colspan") == "3"
    assert body["（七）总计"].get("colspan") == "2"
    assert body["（三）不予公开"].get("rowspan") == "8"


def _html_grid(section, width: int, occupy):
    lines = [
        [(int(c.get("rowspan", 1)), int(c.get("colspan", 1))) for c in tr.xpath("./th | ./td")]
        for tr in section.xpath("./tr")
    ]
    occupy(lines, width)


@pytest.mark.parametrize("key", TABLE_KEYS)
def test_html_grid_is_rectangular(seed, key, occupy):
    root = render("{% report_table document key %}", document=seed, key=key)
    width = len(root.xpath("//colgroup/col"))
    assert width == table_grid(seed.format.table(key)).width
    for section in root.xpath("//thead | //tbody"):
        _html_grid(section, width, occupy)


def test_every_data_cell_names_existing_headers(seed):
    root = page(seed)
    ids = [e.get("id") for e in root.xpath("//*[@id]")]
    assert len(ids) == len(set(ids)), "ids are unique in the page"
    by_id = {e.get("id"): e for e in root.xpath("//*[@id]")}
    data = root.xpath('//td[contains(@class, "gd-num")]')
    assert len(data) == sum(len(t.cells) for t in seed.format.tables)
    for td in data:
        headers = td.get("headers", "").split()
        assert headers
        for header in headers:
            assert by_id[header].tag == "th", header


def test_two_copies_of_a_table_in_one_page_keep_ids_unique(seed):
    html = render_report_table(seed, "applications") + render_report_table(
        seed, "applications", id_prefix="preview"
    )
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    ids = [e.get("id") for e in root.xpath("//*[@id]")]
    assert len(ids) == len(set(ids))
    for td in table_of(root, "applications", "preview").xpath(".//td[@headers]"):
        assert all(h.startswith("preview-") for h in td.get("headers").split())


# --- values ----------------------------------------------------------------------------


def test_blank_totals_of_the_seed_render_empty_for_the_eye_and_blank_for_the_ear(seed):
    root = page(seed)
    rows = [row.key for row in seed.format.table("applications").rows]
    for key in rows[: rows.index("handled_total") + 1]:
        td = cell(root, f"applications.{key}.total")
        assert text(td) == ""
        (hidden,) = td.xpath('./span[@class="gd-visually-hidden"]')
        assert hidden.text.strip()
        assert "gd-blank" in td.get("class")
    last = cell(root, "applications.carried_over_out.total")
    assert text(last) == "0" and not last.xpath("./span")
    assert text(cell(root, "applications.received.natural_person")) == "0"


def test_numbers_are_printed_as_the_form_writes_them(seed):
    seed.set("proactive.fees.amount", "12.3400")
    seed.set("proactive.regulations.issued", "３")
    seed.set("reviews.reconsideration.total", "/")
    root = page(seed)
    assert text(cell(root, "proactive.fees.amount")) == "12.34"
    assert text(cell(root, "proactive.regulations.issued")) == "3"
    # A placeholder is shown as written: the reader sees what the report says.
    assert text(cell(root, "reviews.reconsideration.total")) == "/"


def test_values_are_escaped(seed):
    seed.set("applications.received.natural_person", "<script>alert(1)</script>")
    seed.set("proactive.fees.amount", '"><img src=x onerror=alert(1)>')
    finding = FakeFinding(("applications.received.natural_person",), "<b>bad</b> & worse")
    html = str(render_report_table(seed, "applications", findings=[finding]))
    html += str(render_report_table(seed, "proactive", id_prefix='x"><i'))
    assert "<script>" not in html and "<b>bad" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    assert not root.xpath("//script | //b | //img | //i")
    assert text(cell(root, "applications.received.natural_person")) == ("<script>alert(1)</script>")
    assert root.xpath('//li[contains(@class, "gd-finding")]//span')[0].text == (
        "<b>bad</b> & worse"
    )


def test_unknown_table_is_refused(seed):
    with pytest.raises(ValueError, match="no table 'nonsense'"):
        render_report_table(seed, "nonsense")


# --- findings -------------------------------------------------------------------------


def test_findings_flag_their_cells_with_a_text_message(seed):
    total = seed.format.table("applications").cell("handled_total", "natural_person")
    findings = [
        FakeFinding(("applications.received.total",), "一的总计为空。"),
        # Declared cells work as well as references; the first named is flagged too.
        FakeFinding((total, "applications.disclosed.natural_person"), "（七）不等于各项之和。"),
        FakeFinding(("reviews.reconsideration.total",), "与正文不符。", "warning"),
        FakeFinding(("sections.overview",), "not about a cell"),
    ]
    root = render(
        '{% report_table document "applications" findings=findings id_prefix="p" %}'
        '{% report_table document "reviews" findings=findings id_prefix="p" %}',
        document=seed,
        findings=findings,
    )
    items = root.xpath('//li[contains(@class, "gd-finding")]')
    assert [i.get("id") for i in items] == [
        "p-applications-finding-1",
        "p-applications-finding-2",
        "p-reviews-finding-1",
    ]
    assert "gd-finding--warning" in items[2].get("class")
    assert items[0].xpath("./span")[0].text == "一的总计为空。"

    flagged = root.xpath('//td[contains(@class, "gd-flagged")]')
    flagged_headers = {td.get("headers").split()[-1]: td for td in flagged}
    assert len(flagged) == 4
    received_total = root.xpath('//td[@aria-describedby="p-applications-finding-1"]')
    assert len(received_total) == 1
    assert "p-applications-row-received" in received_total[0].get("headers").split()
    assert "p-applications-col-total" in received_total[0].get("headers").split()
    assert "gd-flagged--error" in received_total[0].get("class")
    (link,) = received_total[0].xpath('.//a[@class="gd-flag gd-flag--error"]')
    assert link.get("href") == "#p-applications-finding-1"
    assert link.text.strip()
    second = root.xpath('//td[@aria-describedby="p-applications-finding-2"]')
    assert {td.get("headers").split()[-1] for td in second} == {"p-applications-col-natural_person"}
    assert len(second) == 2
    (review,) = root.xpath('//td[@aria-describedby="p-reviews-finding-1"]')
    assert "gd-flagged--warning" in review.get("class")
    assert "p-reviews-reconsideration-col-total" in flagged_headers
    # Everything else is left alone.
    assert len(root.xpath("//td[@aria-describedby]")) == 4


def test_findings_of_the_checks_are_understood(seed):
    from wagtail_govdisclosure.checks.base import Finding, Severity

    finding = Finding(
        "blank_cell", Severity.WARNING, ("applications.received.total",), 0, None, "空白"
    )
    root = page(seed, findings=[finding])
    td = cell(root, "applications.received.total")
    assert "gd-flagged--warning" in td.get("class")
    assert td.get("aria-describedby") == "gd-applications-finding-1"
