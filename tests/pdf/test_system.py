"""A missing system library or font is named, with the Debian package that provides it."""

from __future__ import annotations

import pytest

from wagtail_govdisclosure.pdf import PdfUnavailable, check_pdf_support, render_report_pdf, system

from .conftest import seed_document


def test_the_fonts_of_the_stylesheet_are_installed():
    check_pdf_support()
    for family, style in system.REQUIRED_FONTS:
        assert system.font_match(family, style) == (family, style)


def test_a_missing_font_names_the_debian_package(monkeypatch):
    monkeypatch.setattr(system, "REQUIRED_FONTS", (("Noto Serif CJK XX", "Regular"),))
    with pytest.raises(PdfUnavailable) as raised:
        render_report_pdf(seed_document())
    assert raised.value.package == "fonts-noto-cjk"
    assert str(raised.value) == (
        "无法生成 PDF：缺少系统字体 Noto Serif CJK XX"
        "（软件包 fonts-noto-cjk；Debian：apt-get install fonts-noto-cjk）"
    )


def test_a_missing_style_is_a_missing_font():
    # Fontconfig answers a request for a style it lacks with the regular face.
    with pytest.raises(PdfUnavailable, match="Noto Sans CJK SC Nonexistent"):
        check_pdf_support((("Noto Sans CJK SC", "Nonexistent"),))


@pytest.mark.parametrize(
    ("library", "package"),
    [
        ("libpango-1.0-0", "libpango-1.0-0"),
        ("libpangoft2-1.0-0", "libpangoft2-1.0-0"),
        ("libharfbuzz-0", "libharfbuzz0b"),
        ("libfontconfig-1", "libfontconfig1"),
        ("libgobject-2.0-0", "libglib2.0-0"),
    ],
)
def test_a_missing_library_names_the_debian_package(monkeypatch, library, package):
    # What cffi says when WeasyPrint cannot dlopen a library.
    error = OSError(
        f"cannot load library '{library}': {library}: cannot open shared object file: "
        f"No such file or directory.  Additionally, ctypes.util.find_library() did not "
        f"manage to locate a library called '{library}'"
    )

    def fail(name):
        assert name == "weasyprint"
        raise error

    monkeypatch.setattr(system.importlib, "import_module", fail)
    with pytest.raises(PdfUnavailable) as raised:
        render_report_pdf(seed_document())
    assert raised.value.package == package
    assert str(raised.value) == (
        f"无法生成 PDF：缺少系统库 {library}（Debian：apt-get install {package}）"
    )
    assert raised.value.__cause__ is error


def test_weasyprint_not_installed(monkeypatch):
    def fail(name):
        raise ModuleNotFoundError("No module named 'weasyprint'")

    monkeypatch.setattr(system.importlib, "import_module", fail)
    with pytest.raises(PdfUnavailable, match="未安装 Python 软件包 WeasyPrint"):
        render_report_pdf(seed_document())
