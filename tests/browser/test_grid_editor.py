"""The grid editor of the report's tables, in Wagtail's real page editor (Chromium).

A clerk types the seed report's numbers into the grid, sees a wrong total turn red,
fills the totals, pastes a 25 × 6 block copied from a spreadsheet (a synthetic
clipboard: a paste event carrying a DataTransfer), tries to publish a wrong table,
finds the refused cell marked, fixes it and publishes.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.reports.conftest import (
    KEJIJU_USCC,
    RIGHT_VALUE,
    WRONG_REF,
    WRONG_VALUE,
    correct_document,
    make_column,
    make_report,
    wrong_document,
)
from tests.reports.forms import report_form_data
from wagtail_govdisclosure.formats import CURRENT
from wagtail_govdisclosure.interchange import blank_tables
from wagtail_govdisclosure.models import AnnualReportIndexPage, AnnualReportPage

# The editor guide ships with the app; its screenshots beside it.
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "wagtail_govdisclosure" / "guide" / "images"
APPLICATIONS = CURRENT.table("applications")
#: The applicant columns of the applications table (its total column left out).
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
PART_COLUMNS = [c.key for c in APPLICATIONS.bands[0].leaf_columns if not c.is_total]

# Live server tests flush the database; serialized_rollback brings back the default site.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def default_root() -> Any:
    """The default site's root page, set up again if a live-server test flushed it away.

    ``serialized_rollback`` restores the migrations' data in most runs; when another
    transactional test ran first without it, do what Wagtail's migrations do.
    """
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page, Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_page
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=Page(title="Home", slug="home"))
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def report_index(transactional_db) -> AnnualReportIndexPage:
    column = make_column(default_root(), "嘉祥县科学技术局", KEJIJU_USCC)
    return column.add_child(
        instance=AnnualReportIndexPage(title="政府信息公开年报", slug="nianbao")
    )


@pytest.fixture
def editor(page, live_server, settings) -> Iterator[Any]:
    """The browser logged in as an administrator; JavaScript errors fail the test."""
    # No avatar from gravatar.com: these machines have no way out, and the page would wait.
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None
    # Nor the editing session's pings, which would outlive the test's database.
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 10 * 60 * 1000
    page.set_default_navigation_timeout(60_000)
    user = get_user_model().objects.create_superuser("clerk", "clerk@example.com", "pw")
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    # Leave the editor before the database goes: it keeps talking to the server.
    page.goto("about:blank")
    page.wait_for_timeout(300)  # the session's release beacon, sent on leaving
    assert errors == []


def open_tables(page: Any, report: AnnualReportPage) -> None:
    """The report's editor on its Tables tab, the three grids ready."""
    page.goto(reverse("wagtailadmin_pages:edit", args=[report.pk]), wait_until="domcontentloaded")
    page.wait_for_function("() => document.querySelectorAll('[data-grid-ready]').length === 3")
    page.locator("[role=tab]", has=page.locator("text=表格")).click()


def cell(page: Any, ref: str) -> Any:
    return page.locator(f'input[data-govdisclosure-cell="{ref}"]')


def grid_cell(page: Any, ref: str) -> Any:
    return page.locator(f'[data-grid-ref="{ref}"]')


def values(page: Any, table: str) -> dict[str, str]:
    return page.evaluate(
        """(table) => Object.fromEntries([...document.querySelectorAll(
            `input[data-govdisclosure-cell^="${table}."]`)].map(i => [i.dataset.govdisclosureCell,
            i.value]))""",
        table,
    )


def paste(page: Any, ref: str, text: str) -> None:
    """Paste ``text`` into the cell ``ref`` as the browser does from the system clipboard."""
    page.evaluate(
        """([ref, text]) => {
            const input = document.querySelector(`input[data-govdisclosure-cell="${ref}"]`);
            input.focus();
            const data = new DataTransfer();
            data.setData('text/plain', text);
            input.dispatchEvent(new ClipboardEvent('paste', {
                clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [ref, text],
    )


def grid_shot(page: Any, screenshot: Callable[[str], Path], table: str, name: str) -> Path:
    """A screenshot of one table's grid, kept for the documentation too."""
    element = page.locator(f'[data-govdisclosure-grid="{table}"]')
    # Tall enough for the whole table, so that the editor's floating footer stays below it.
    height = page.evaluate("(e) => e.getBoundingClientRect().height", element.element_handle())
    page.set_viewport_size({"width": 1280, "height": int(height) + 600})
    element.scroll_into_view_if_needed()
    path = screenshot(name)
    element.screenshot(path=str(path))
    page.set_viewport_size({"width": 1280, "height": 900})
    # The documentation's images are refreshed on request only: a test run changes no
    # tracked file.
    if os.environ.get("GOVDISCLOSURE_UPDATE_DOC_IMAGES"):
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS_IMAGES / f"{name}.png")
    return path


def spreadsheet_block(document: Any, *, full_width: bool = False) -> str:
    """The 25 × 6 applicant numbers of the applications table, as Excel copies them."""
    lines = []
    for row in APPLICATIONS.rows:
        numbers = [str(document.get(f"applications.{row.key}.{c}")) for c in PART_COLUMNS]
        if full_width:
            numbers = [
                n.translate(str.maketrans("0123456789", "０１２３４５６７８９")) for n in numbers
            ]
        lines.append("\t".join(numbers))
    return "\r\n".join(lines) + "\r\n"


def test_type_check_fill_and_paste(editor, report_index, screenshot) -> None:
    page = editor
    document = correct_document()
    blank = correct_document()
    blank.tables = blank_tables(CURRENT)
    report = make_report(report_index, blank)
    open_tables(page, report)

    # Every input of the format is on the page, named as the StreamField posts it.
    names = set(
        page.eval_on_selector_all("input[data-govdisclosure-cell]", "l => l.map(i => i.name)")
    )
    expected = {k for k in report_form_data(document) if k.startswith("tables-0-value-")}
    assert names == expected

    # Type the seed's first row with the keyboard: Tab moves along the row.
    first = f"applications.received.{PART_COLUMNS[0]}"
    cell(page, first).click()
    for column in PART_COLUMNS:
        page.keyboard.type(str(document.get(f"applications.received.{column}")))
        page.keyboard.press("Tab")
    total = "applications.received.total"
    assert page.evaluate("() => document.activeElement.dataset.govdisclosureCell") == total
    expected_hint = grid_cell(page, total).locator("[data-grid-expected]")
    assert expected_hint.inner_text().strip().endswith(str(RIGHT_VALUE))

    # A wrong total turns red at once, with the rule's message naming the row.
    page.keyboard.type(str(WRONG_VALUE))
    assert "is-mismatch" in (grid_cell(page, total).get_attribute("class") or "")
    live = page.locator('[data-govdisclosure-grid="applications"] .govdisclosure-grid-editor__live')
    assert "一、本年新收政府信息公开申请数量" in live.inner_text()
    assert str(RIGHT_VALUE) in live.inner_text() and str(WRONG_VALUE) in live.inner_text()
    grid_shot(page, screenshot, "applications", "editor-live-total")

    # Arrow keys and Enter move between cells like in a spreadsheet.
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.dataset.govdisclosureCell") == (
        "applications.carried_over_in.total"
    )
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("() => document.activeElement.dataset.govdisclosureCell") == (
        "applications.carried_over_in.other_org"
    )

    # "Fill in the totals" corrects the wrong total and never touches a part.
    page.locator('[data-govdisclosure-grid="applications"] [data-grid-fill]').click()
    assert cell(page, total).input_value() == str(RIGHT_VALUE)
    assert "is-mismatch" not in (grid_cell(page, total).get_attribute("class") or "")
    assert cell(page, first).input_value() == str(document.get(first))

    # A block with a word in it is refused, naming the cell; nothing is pasted.
    before = values(page, "applications")
    block = spreadsheet_block(document).replace("\t0\t", "\tabc\t", 1)
    paste(page, "applications.received.natural_person", block)
    message = page.locator(
        '[data-govdisclosure-grid="applications"] .govdisclosure-grid-editor__message'
    )
    assert "abc" in message.inner_text()
    assert "一、本年新收政府信息公开申请数量" in message.inner_text()
    assert values(page, "applications") == before
    grid_shot(page, screenshot, "applications", "editor-paste-refused")

    # The 25 × 6 block copied from the spreadsheet, in full-width digits, fills the table.
    paste(
        page, "applications.received.natural_person", spreadsheet_block(document, full_width=True)
    )
    page.locator('[data-govdisclosure-grid="applications"] [data-grid-fill]').click()
    typed = values(page, "applications")
    for ref, value in typed.items():
        assert value == str(document.get(ref)), ref
    assert page.locator('[data-govdisclosure-grid="applications"] .is-mismatch').count() == 0
    grid_shot(page, screenshot, "applications", "editor-grid")


def test_paste_with_labels_and_separators(editor, report_index) -> None:
    page = editor
    blank = correct_document()
    blank.tables = blank_tables(CURRENT)
    report = make_report(report_index, blank)
    open_tables(page, report)

    # Copied with the printed header line and the label columns, thousands separators, a blank.
    header = "\t".join(["", "", "", *[c.label for c in APPLICATIONS.bands[0].leaf_columns]])
    block = "\r\n".join(
        [
            header,
            "一、本年新收政府信息公开申请数量\t\t\t1,234\t2\t\t0\t0\t0\t1,236",
            "二、上年结转政府信息公开申请数量\t\t\t１\t0\t0\t0\t0\t0\t1",
        ]
    )
    paste(page, "applications.received.natural_person", block)
    got = values(page, "applications")
    assert got["applications.received.natural_person"] == "1234"
    assert got["applications.received.commercial_enterprise"] == "2"
    assert got["applications.received.research_institution"] == ""
    assert got["applications.received.total"] == "1236"
    assert got["applications.carried_over_in.natural_person"] == "1"

    # A block that does not fit from the chosen cell is refused whole.
    paste(page, "applications.carried_over_out.other_org", "1\t2\t3")
    assert values(page, "applications") == got

    # Printed across: the reviews table takes its one line of 15 numbers.
    paste(page, "reviews.reconsideration.upheld", "\t".join(["1"] * 4 + ["4"] + ["0"] * 10))
    reviews = values(page, "reviews")
    assert reviews["reviews.reconsideration.total"] == "4"
    assert reviews["reviews.litigation_after_reconsideration.total"] == "0"


def test_refused_publication_marks_the_cell(editor, report_index, screenshot) -> None:
    page = editor
    report = make_report(report_index, wrong_document())
    open_tables(page, report)

    def publish() -> None:
        publish_from_footer(page)

    publish()
    report.refresh_from_db()
    assert report.live is False
    page.wait_for_function("() => document.querySelectorAll('[data-grid-ready]').length === 3")
    # Summarised at the top of the page …
    top = page.locator(".messages .error").first
    assert top.is_visible()
    # … and on its cell, listed above its table.
    flagged = grid_cell(page, WRONG_REF)
    page.locator("[role=tab]", has=page.locator("text=表格")).click()
    assert "has-server-error" in (flagged.get_attribute("class") or "")
    errors = page.locator('[data-govdisclosure-grid="applications"] [data-grid-errors]')
    assert errors.is_visible()
    # Both findings on the cell are listed: its total and the table's balance.
    assert errors.locator("[data-grid-goto]").count() == 2
    assert "一、本年新收政府信息公开申请数量" in errors.inner_text()
    grid_shot(page, screenshot, "applications", "editor-refused")

    # Going to the cell from the list, fixing it and publishing.
    errors.locator(f'[data-grid-goto="{WRONG_REF}"]').first.click()
    assert page.evaluate("() => document.activeElement.dataset.govdisclosureCell") == WRONG_REF
    page.keyboard.type(str(RIGHT_VALUE))
    assert "has-server-error" not in (flagged.get_attribute("class") or "")
    publish()
    report.refresh_from_db()
    assert report.live is True
    assert report.get_tables()["applications"]["received"]["total"] == RIGHT_VALUE


# --- The clerk's report, right the first time ------------------------------------------------

AGENCY = "嘉祥县科学技术局"
#: Words of English allowed on a zh-hans editor page: product names.
ENGLISH_ALLOWED = {"Excel", "WPS", "PDF", "Wagtail", "admin", "clerk"}


def publish_from_footer(page: Any) -> None:
    # Let Wagtail's autosave finish first: publishing while it creates the page would post
    # the create form a second time.
    page.wait_for_timeout(1500)
    page.wait_for_load_state("networkidle")
    page.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").first.click()
    # Publishing renders the PDF: give it time on a busy machine.
    with page.expect_navigation(wait_until="domcontentloaded", timeout=120_000):
        page.locator("button[name='action-publish']").click(no_wait_after=True)


def english_words(text: str) -> set[str]:
    import re

    return {word for word in re.findall(r"[A-Za-z]{3,}", text)} - ENGLISH_ALLOWED


def test_new_report_changed_to_2022_and_published_with_zeros(editor, report_index) -> None:
    """The form proposes last year; the clerk picks 2022, fills blanks with 0, publishes."""
    from django.utils import timezone

    page = editor
    page.set_viewport_size({"width": 1366, "height": 900})
    add = reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_govdisclosure", "annualreportpage", report_index.pk),
    )
    page.goto(add, wait_until="domcontentloaded")
    page.wait_for_function("() => document.querySelectorAll('[data-grid-ready]').length === 3")
    proposed = timezone.localdate().year - 1
    assert page.input_value("#id_year") == str(proposed)
    assert page.input_value("#id_title") == CURRENT.title_for(AGENCY, proposed)

    page.fill("#id_year", "2022")
    assert page.input_value("#id_title") == CURRENT.title_for(AGENCY, 2022)
    assert page.input_value("#id_slug") == "2022"

    page.locator("[role=tab]", has=page.locator("text=表格")).click()
    live = page.locator('[data-govdisclosure-grid="applications"] .govdisclosure-grid-editor__live')
    assert live.inner_text().strip() == f"还有 {len(APPLICATIONS.cells)} 个空白单元格"
    dialogs: list[str] = []

    def accept(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    for table in CURRENT.tables:
        page.locator(f'[data-govdisclosure-grid="{table.key}"] [data-grid-zero]').click()
    assert len(dialogs) == len(CURRENT.tables)
    assert all("0" in message and "空白单元格" in message for message in dialogs)
    for table in CURRENT.tables:
        for ref, value in values(page, table.key).items():
            assert value == "0", ref
    assert live.inner_text().strip() == "各合计数与分项之和一致。"

    publish_from_footer(page)
    report = AnnualReportPage.objects.get()
    assert (report.year, report.title, report.slug, report.live) == (
        2022,
        CURRENT.title_for(AGENCY, 2022),
        "2022",
        True,
    )
    assert report.url.endswith("/nianbao/2022/")
    assert page.goto(report.url).status == 200
    assert page.locator("h1").first.inner_text().find("2022") >= 0
    page.goto(report_index.url)
    links = page.eval_on_selector_all("main a[href]", "l => l.map(a => a.getAttribute('href'))")
    assert any(link.endswith("/nianbao/2022/") for link in links)
    assert not any("2025" in link or str(proposed) + "/" in link for link in links)


def test_refused_publication_in_chinese_on_the_tables_tab(editor, report_index) -> None:
    page = editor
    report = make_report(report_index, wrong_document())
    open_tables(page, report)
    page.locator("[role=tab]", has=page.locator("text=正文")).click()
    publish_from_footer(page)
    page.wait_for_function("() => document.querySelectorAll('[data-grid-ready]').length === 3")
    report.refresh_from_db()
    assert report.live is False

    # The page reopens on the Tables tab, where the errors are.
    tables_tab = page.locator("[role=tab]", has=page.locator("text=表格"))
    page.wait_for_function(
        """() => [...document.querySelectorAll('[role=tab]')].some(
            t => t.textContent.includes('表格') && t.getAttribute('aria-selected') === 'true')"""
    )
    # The banner and everything on the tab in Chinese.
    banner = page.locator(".messages").first.inner_text()
    assert "页面有错误" in banner
    assert english_words(banner) == set(), banner
    panel = page.locator("[role=tabpanel]:not([hidden])").first.inner_text()
    assert english_words(panel) == set(), english_words(panel)
    # The tab's badge counts the errors listed on the cells.
    listed = page.locator("[data-grid-errors] li").count()
    assert listed == 2
    assert tables_tab.locator("[data-w-count-target=total]").inner_text().strip() == str(listed)


def test_table_four_fully_visible_at_1366(editor, report_index, screenshot) -> None:
    page = editor
    page.set_viewport_size({"width": 1366, "height": 900})
    report = make_report(report_index, correct_document())
    open_tables(page, report)
    grid = page.locator('[data-govdisclosure-grid="reviews"]')
    grid.scroll_into_view_if_needed()
    scroll = grid.locator(".govdisclosure-grid-editor__scroll")
    widths = scroll.evaluate("(e) => [e.clientWidth, e.scrollWidth]")
    assert widths[0] >= widths[1], widths
    last = cell(page, "reviews.litigation_after_reconsideration.total").bounding_box()
    assert last is not None and last["x"] + last["width"] <= 1366
    hint = grid.locator(".govdisclosure-grid-editor__hint")
    assert float(hint.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)")) >= 13
    expected = page.locator("[data-grid-expected]").first
    assert float(expected.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)")) >= 13
    path = screenshot("editor-1366-reviews")
    page.screenshot(path=str(path))


def test_table_two_pasted_from_the_official_forms_copy(editor, report_index) -> None:
    """Excel copies a merged value cell as its value followed by blanks."""
    page = editor
    blank = correct_document()
    blank.tables = blank_tables(CURRENT)
    report = make_report(report_index, blank)
    open_tables(page, report)
    copied = "\r\n".join(
        [
            "第二十条第（一）项\t\t\t",
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
            "规章\t1\t0\t5",
            "行政规范性文件\t2\t1\t7",
            "第二十条第（五）项\t\t\t",
            "信息内容\t本年处理决定数量\t\t",
            "行政许可\t120\t\t",
            "第二十条第（六）项\t\t\t",
            "信息内容\t本年处理决定数量\t\t",
            "行政处罚\t30\t\t",
            "行政强制\t4\t\t",
            "第二十条第（八）项\t\t\t",
            "信息内容\t本年收费金额（单位：万元）\t\t",
            "行政事业性收费\t1.5\t\t",
        ]
    )
    paste(page, "proactive.regulations.issued", copied + "\r\n")
    got = values(page, "proactive")
    assert got == {
        "proactive.regulations.issued": "1",
        "proactive.regulations.repealed": "0",
        "proactive.regulations.in_force": "5",
        "proactive.normative_documents.issued": "2",
        "proactive.normative_documents.repealed": "1",
        "proactive.normative_documents.in_force": "7",
        "proactive.licensing.decisions": "120",
        "proactive.penalty.decisions": "30",
        "proactive.coercion.decisions": "4",
        "proactive.fees.amount": "1.5",
    }
