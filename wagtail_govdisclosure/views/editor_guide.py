"""The editor guide (``guide/editor_guide.md``, shipped with the app) inside the admin.

A clerk reads it where they work: the report editor links to it. The guide is
Markdown written for this project; :func:`render_guide` renders the subset it
uses (headings, paragraphs, lists, quotes, bold, inline code, images), escaping
every text. Images are served from the guide's ``images`` folder by name only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..conf import get_setting

URL_NAMESPACE = "wagtail_govdisclosure_guide"
_IMAGE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.png")


def guide_path() -> Path:
    """The guide's Markdown file (setting ``EDITOR_GUIDE``, else the one shipped with the app)."""
    configured = get_setting("EDITOR_GUIDE")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[1] / "guide" / "editor_guide.md"


def _inline(text: str, image_url: Any) -> str:
    """Escape a line of text, then mark up its images, bold and code spans."""

    def image(match: re.Match[str]) -> str:
        alt, source = match.group(1), match.group(2)
        name = source.removeprefix("images/")
        if not _IMAGE_NAME.fullmatch(name):
            return escape(alt)
        return format_html('<img src="{}" alt="{}" loading="lazy">', image_url(name), alt)

    parts = re.split(r"(!\[[^\]]*\]\([^)]*\))", text)
    html = []
    for part in parts:
        found = re.fullmatch(r"!\[([^\]]*)\]\(([^)]*)\)", part)
        if found:
            html.append(image(found))
            continue
        escaped = escape(part)
        escaped = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped)
        escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
        html.append(escaped)
    return "".join(html)


def render_guide(markdown: str, image_url: Any) -> SafeString:
    """HTML of the guide's Markdown (the subset the guide uses)."""
    out: list[str] = []
    paragraph: list[str] = []
    list_tag = ""
    items: list[list[str]] = []
    quote: list[str] = []

    def flush() -> None:
        nonlocal list_tag, items, paragraph, quote
        if paragraph:
            out.append(f"<p>{_inline(' '.join(paragraph), image_url)}</p>")
            paragraph = []
        if items:
            lines = "".join(f"<li>{_inline(' '.join(i), image_url)}</li>" for i in items)
            out.append(f"<{list_tag}>{lines}</{list_tag}>")
            items, list_tag = [], ""
        if quote:
            out.append(f"<blockquote><p>{_inline(' '.join(quote), image_url)}</p></blockquote>")
            quote = []

    for raw in markdown.splitlines():
        line = raw.rstrip()
        heading = re.match(r"(#{1,4})\s+(.*)", line)
        bullet = re.match(r"\s*[-*]\s+(.*)", line)
        number = re.match(r"\s*\d+\.\s+(.*)", line)
        if not line.strip():
            flush()
        elif heading:
            flush()
            level = max(2, len(heading.group(1)))  # the page's own title is the h1
            out.append(f"<h{level}>{_inline(heading.group(2), image_url)}</h{level}>")
        elif line.startswith(">"):
            if not quote:
                flush()
            quote.append(line.lstrip("> ").strip())
        elif bullet or number:
            tag = "ul" if bullet else "ol"
            if list_tag != tag:
                flush()
                list_tag = tag
            items.append([(bullet or number).group(1)])  # type: ignore[union-attr]
        elif items and raw.startswith(" "):
            items[-1].append(line.strip())
        else:
            if items or quote:
                flush()
            paragraph.append(line.strip())
    flush()
    return mark_safe("\n".join(out))


def guide_url() -> str:
    return reverse(f"{URL_NAMESPACE}:guide")


def editor_guide(request: HttpRequest) -> HttpResponse:
    source = guide_path()
    if not source.is_file():
        raise Http404(_("The editor guide is not installed."))
    markdown = source.read_text(encoding="utf-8")
    # The guide's own title becomes the page's heading.
    title_match = re.match(r"#\s+(.*)\n", markdown)
    title = title_match.group(1) if title_match else _("Editor guide")
    body = markdown[title_match.end() :] if title_match else markdown
    content = render_guide(
        body, lambda name: reverse(f"{URL_NAMESPACE}:image", kwargs={"name": name})
    )
    return TemplateResponse(
        request,
        "wagtail_govdisclosure/admin/editor_guide.html",
        {"page_title": title, "header_title": title, "content": content},
    )


def guide_image(request: HttpRequest, name: str) -> FileResponse:
    if not _IMAGE_NAME.fullmatch(name):
        raise Http404
    image = guide_path().parent / "images" / name
    if not image.is_file():
        raise Http404
    return FileResponse(image.open("rb"), content_type="image/png")


def admin_urls() -> list[Any]:
    """``govdisclosure-guide/`` and its images (inside the admin: editors only)."""
    urls = [
        path("", editor_guide, name="guide"),
        path("images/<str:name>", guide_image, name="image"),
    ]
    return [path("govdisclosure-guide/", include((urls, URL_NAMESPACE), namespace=URL_NAMESPACE))]
