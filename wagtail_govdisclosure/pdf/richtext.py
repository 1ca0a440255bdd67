"""The narrative sections' HTML, made safe to print.

Sections are rich text written by editors or read from an imported document: the
PDF keeps their structure (paragraphs, lists, sub-headings, emphasis, links, small
tables) and drops everything else. Unknown elements give up their tags but keep
their text; elements whose content is not text (scripts, styles, embedded frames,
forms) go with their content. No attribute survives except a checked ``href`` and
``src``, and the spans of a table cell.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from django.utils.html import escape
from wagtail.rich_text import expand_db_html
from wagtail.whitelist import check_url

_PLAIN = frozenset(
    "p br strong b em i u s sub sup ul ol li blockquote h3 h4 h5 h6 "
    "table thead tbody tfoot tr caption".split()
)
#: Elements whose content is not narrative text: removed with what they hold.
_DROPPED = frozenset(
    "script style template iframe frame frameset object embed applet noscript "
    "svg math canvas audio video source track form input button select textarea "
    "head title meta link base".split()
)
# A rich text editor's h2 would compete with the report's own section titles (h2).
_RENAMED = {"h1": "h3", "h2": "h3"}


def _span(value: str) -> str | None:
    return value if value.isdigit() and 0 < int(value) <= 50 else None


def _pixels(value: str) -> str | None:
    return value if value.isdigit() and int(value) <= 5000 else None


def _url(value: str) -> str | None:
    return check_url(value.strip()) or None


_ATTRIBUTES = {
    "a": {"href": _url},
    "img": {"src": _url, "alt": str, "width": _pixels, "height": _pixels},
    "td": {"rowspan": _span, "colspan": _span},
    "th": {"rowspan": _span, "colspan": _span},
}


def clean_section_html(html: str) -> str:
    """The section's HTML with Wagtail's links and embeds expanded, then whitelisted."""
    if not html or not html.strip():
        return ""
    soup = BeautifulSoup(expand_db_html(html), "html.parser")
    _clean(soup)
    return soup.decode(formatter=escape).strip()


def _clean(node: Tag) -> None:
    for child in list(node.children):
        if isinstance(child, Comment) or (
            isinstance(child, NavigableString) and type(child) is not NavigableString
        ):
            # Comments, CDATA, processing instructions, doctype: never printed.
            child.extract()
        elif isinstance(child, Tag):
            _clean_tag(child)


def _clean_tag(tag: Tag) -> None:
    name = (tag.name or "").lower()
    if name in _DROPPED:
        tag.decompose()
        return
    _clean(tag)
    name = _RENAMED.get(name, name)
    if name in _PLAIN or name in _ATTRIBUTES:
        tag.name = name
        rules = _ATTRIBUTES.get(name, {})
        for attribute, value in list(tag.attrs.items()):
            rule = rules.get(attribute)
            cleaned = rule(" ".join(value) if isinstance(value, list) else value) if rule else None
            if cleaned is None:
                del tag[attribute]
            else:
                tag[attribute] = cleaned
        if name == "img" and not tag.get("src"):
            tag.replace_with(tag.get("alt", ""))
    else:
        tag.unwrap()
