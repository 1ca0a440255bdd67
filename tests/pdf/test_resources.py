"""What the PDF may fetch (media files, nothing else); the CSS and title it writes."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image
from pypdf import PdfReader

from wagtail_govdisclosure.pdf import render_report_pdf
from wagtail_govdisclosure.pdf.render import css_content, media_name, title_parts

from .conftest import page_texts, seed_document, squeeze


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def image_count(pdf: bytes) -> int:
    """Distinct image objects the pages draw (pages share resources; forms nest them)."""
    images: set[int] = set()
    seen: set[int] = set()

    def walk(resources) -> None:
        for reference in (resources or {}).get("/XObject", {}).values():
            if reference.idnum in seen:
                continue
            seen.add(reference.idnum)
            xobject = reference.get_object()
            if xobject.get("/Subtype") == "/Image":
                images.add(reference.idnum)
            elif xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page.get("/Resources"))
    return len(images)


def with_overview(html: str):
    document = seed_document()
    document.sections["overview"] = html
    return document


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.MEDIA_URL = "/media/"
    return tmp_path


def test_an_image_of_the_media_storage_is_printed(media):
    name = default_storage.save("images/chart.png", ContentFile(png()))
    document = with_overview(f'<p>图表：</p><p><img src="/media/{name}" alt="图表"></p>')
    pdf = render_report_pdf(document, base_url="http://testserver/reports/2022/")
    assert image_count(pdf) == 1


@pytest.mark.parametrize(
    "src",
    [
        "file:///etc/hostname",
        "http://127.0.0.1:9/chart.png",
        "https://example.com/chart.png",
        "/media/../../../etc/hostname",
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    ],
)
def test_nothing_else_is_fetched(media, monkeypatch, src):
    from weasyprint.urls import URLFetcher

    # WeasyPrint turns a fetcher's exceptions into warnings: record, then assert.
    opened: list[str] = []
    monkeypatch.setattr(URLFetcher, "open", lambda self, url, *args, **kwargs: opened.append(url))
    monkeypatch.setattr(default_storage, "open", lambda name, *args: opened.append(name))
    pdf = render_report_pdf(
        with_overview(f'<p><img src="{src}" alt="外部图片">正文</p>'),
        base_url="http://testserver/reports/2022/",
    )
    assert opened == []
    assert image_count(pdf) == 0
    assert "正文" in squeeze("".join(page_texts(pdf)))


def test_media_name(settings):
    settings.MEDIA_URL = "/media/"
    assert media_name("http://testserver/media/images/a%20b.png?x=1") == "images/a b.png"
    assert media_name("http://testserver/static/x.png") is None
    assert media_name("file:///media/x.png") is None
    assert media_name("http://testserver/media/../secret") is None
    settings.MEDIA_URL = "https://cdn.example.com/media/"
    assert media_name("https://cdn.example.com/media/images/a.png") == "images/a.png"
    assert media_name("http://testserver/media/images/a.png") is None


def test_css_content_escapes_the_text():
    assert css_content("第 %(page)s 页 共 %(pages)s 页", page="page", pages="pages") == (
        '"第 " counter(page) " 页 共 " counter(pages) " 页"'
    )
    assert css_content('%(page)s"</style>\\', page="page") == (
        'counter(page) "\\22 \\3c /style\\3e \\5c "'
    )


def test_the_title_breaks_between_agency_and_year():
    document = seed_document()
    assert title_parts(document) == ["嘉祥县科学技术局", "2022年政府信息公开工作年度报告"]
    assert "".join(title_parts(document)) == document.title
