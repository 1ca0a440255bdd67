"""Reading a report published as a web page.

Government sites publish the report inside a page of navigation, breadcrumbs,
share buttons and footers, often as HTML exported from Word: tables with
``rowspan``/``colspan``, numbers wrapped in ``<p><span>``, ``&nbsp;`` in blank
cells, tables inside ``<p>`` (which the HTML parser moves out, as browsers do),
and sometimes the whole page laid out in tables. The page is parsed with
lxml's HTML parser, then:

* a table that holds other tables is page layout: its cells are read as
  content; every other table becomes a grid, spans laid out as the HTML table
  model places them;
* the report is the smallest element that holds all the report tables and as
  many section headings as the whole page, so navigation and footers around it
  stay out of the narrative;
* the ``<title>`` and the ArticleTitle/PubDate ``<meta>`` tags that
  government sites carry (《政府网站发展指引》) back up the title and give the
  publication date.
"""

from __future__ import annotations

import datetime
import re

import lxml.html
from django.utils.translation import gettext as _
from lxml import etree

from .grid import (
    Block,
    GridBuilder,
    SourceDocument,
    SourceTable,
    UnreadableFile,
    count_section_headings,
    is_report_table,
)
from .limits import ReadBudget

_SKIP = frozenset(
    {
        "script", "style", "noscript", "template", "head", "iframe", "object", "embed",
        "svg", "math", "select", "option", "button", "input", "textarea", "map", "canvas",
    }
)  # fmt: skip
_BLOCK = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "section", "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre",
        "address", "figure", "figcaption", "form", "fieldset", "center", "hr", "title",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "body", "html",
    }
)  # fmt: skip
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACES = re.compile(r"[ \t\r\n\f]+")
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
# A source line break between two Chinese characters is not a space in the text.
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_ENCODING_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
_DATE = re.compile(r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})")
#: Largest span honoured: the HTML standard's limit for colspan.
_MAX_SPAN = 1000


def decode_html(data: bytes) -> str:
    """The page's text: by its BOM, else its ``<meta charset>``, else UTF-8, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    candidates = ["utf-8", "gb18030"]
    declared = _META_CHARSET.search(data[:8192])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        candidates.insert(0, _ENCODING_ALIASES.get(name, name))
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


def _clean(text: str) -> str:
    return _CJK_GAP.sub("", _SPACES.sub(" ", text)).strip()


def _span(value: str | None, limit: int) -> int:
    match = re.match(r"\s*(\d+)", value or "")
    if not match:
        return 1
    # Thousands of digits are not a span (and int() would refuse them): the most there is.
    number = int(match.group(1)) if len(match.group(1)) <= 9 else limit
    return min(max(number, 1), limit)


def _hidden(element: etree._Element) -> bool:
    return element.get("hidden") is not None or bool(_HIDDEN.search(element.get("style") or ""))


class _Walker:
    """Collects an element's content as paragraphs and table grids, in reading order."""

    def __init__(
        self,
        grids: dict[etree._Element, SourceTable] | None = None,
        budget: ReadBudget | None = None,
    ) -> None:
        self.blocks: list[Block] = []
        self.budget = ReadBudget() if budget is None else budget
        self.elements: dict[int, etree._Element] = {}  # block index of a grid → its <table>
        self._buffer: list[str] = []
        # Grids already built, by <table>: the report's element is walked more than once.
        self._grids = {} if grids is None else grids

    def flush(self) -> None:
        text = "".join(self._buffer)
        self._buffer = []
        for line in text.split("\n"):
            line = _clean(line)
            if line:
                self.blocks.append(line)

    def walk(self, element: etree._Element) -> None:
        tag = element.tag
        if not isinstance(tag, str) or tag in _SKIP or _hidden(element):
            return  # comments and processing instructions: their tail is the parent's
        if tag == "br":
            self._buffer.append("\n")
            return
        if tag == "table" and not _holds_table(element):
            self.flush()
            caption = element.find("caption")
            if caption is not None:
                self.walk(caption)
                self.flush()
            self.elements[len(self.blocks)] = element
            if element not in self._grids:
                self._grids[element] = _grid(element, self.budget)
            self.blocks.append(self._grids[element])
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if element.text:
            self._buffer.append(element.text)
        for child in element:
            self.walk(child)
            if child.tail:
                self._buffer.append(child.tail)
        if block:
            self.flush()

    def content(self, element: etree._Element) -> list[Block]:
        self.walk(element)
        self.flush()
        return self.blocks


def _holds_table(table: etree._Element) -> bool:
    return any(True for nested in table.iter("table") if nested is not table)


def _cell_text(cell: etree._Element) -> str:
    walker = _Walker()
    walker._buffer.append(cell.text or "")
    for child in cell:
        walker.walk(child)
        if child.tail:
            walker._buffer.append(child.tail)
    walker.flush()
    return "\n".join(b for b in walker.blocks if isinstance(b, str))


def _grid(table: etree._Element, budget: ReadBudget) -> SourceTable:
    rows = [row for row in table.iter("tr")]
    grid = GridBuilder()
    budget.start_table()
    for number, row in enumerate(rows):
        grid.new_row()
        budget.start_row()
        column = 0
        for cell in row:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th") or _hidden(cell):
                continue
            column = grid.next_free(column)
            rowspan = budget.span(_span(cell.get("rowspan"), len(rows) - number), "rowspan")
            colspan = budget.span(_span(cell.get("colspan"), _MAX_SPAN), "colspan")
            # Counted before the grid builder fills the positions the spans cover.
            budget.place(column, rowspan=rowspan, colspan=colspan)
            column = grid.put(
                column, budget.text(_cell_text(cell)), rowspan=rowspan, colspan=colspan
            )
    return grid.table()


def _meta(root: etree._Element, *names: str) -> str:
    wanted = {name.lower() for name in names}
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() in wanted and meta.get("content"):
            return meta.get("content", "")
    return ""


def _published(root: etree._Element) -> datetime.date | None:
    match = _DATE.search(_meta(root, "PubDate", "pubdate", "publishdate", "firstpublishedtime"))
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _common_ancestor(elements: list[etree._Element]) -> etree._Element:
    paths = [[*reversed(list(element.iterancestors())), element] for element in elements]
    common = paths[0][0]
    for level in zip(*paths, strict=False):
        if all(node is level[0] for node in level):
            common = level[0]
        else:
            break
    return common


def read_html(data: bytes) -> SourceDocument:
    """The report's paragraphs and tables from a web page."""
    text = _XML_DECLARATION.sub("", decode_html(data))
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableFile(_("The page is empty or is not HTML.")) from exc
    body = root.find("body")
    if body is None:
        body = root
    grids: dict[etree._Element, SourceTable] = {}
    budget = ReadBudget()
    page = _Walker(grids, budget)
    blocks = page.content(body)

    hints = [_meta(root, "ArticleTitle")]
    title = root.find("head/title")
    if title is not None and title.text:
        # Site titles append the site's name: 「…年度报告_嘉祥县人民政府」.
        hints += re.split(r"\s*[_|｜]\s*|\s+-\s+", _clean(title.text))
    document = SourceDocument(blocks, [h for h in hints if h], _published(root))

    report = [
        element
        for i, element in page.elements.items()
        if isinstance(blocks[i], SourceTable) and is_report_table(blocks[i])
    ]
    if not report:
        return document
    # The report is the smallest element around its tables that shows as many
    # section headings as the whole page.
    everywhere = count_section_headings([b for b in blocks if isinstance(b, str)])
    container = _common_ancestor(report)
    while container is not body and container.getparent() is not None:
        budget.check_time()
        content = _Walker(grids, budget).content(container)
        if count_section_headings([b for b in content if isinstance(b, str)]) >= everywhere:
            break
        container = container.getparent()
    if container is body:
        return document
    inside = _Walker(grids, budget).content(container)
    # A heading above the report's element (an <h1> outside the article body) may be the title.
    first_table = min(i for i in page.elements if page.elements[i] in report)
    before = [b for b in blocks[:first_table] if isinstance(b, str)]
    document.blocks = inside
    document.title_hints = before[::-1][:30] + document.title_hints
    return document
