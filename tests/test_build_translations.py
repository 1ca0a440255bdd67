"""The pure-Python .po → .mo compiler used when building wheels (build_tools/compile_mo.py)."""

from __future__ import annotations

import gettext
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from build_tools.compile_mo import PoSyntaxError, compile_catalogs, compile_po, parse_po

REPO = Path(__file__).resolve().parents[1]

SAMPLE_PO = r"""# A translator comment.
msgid ""
msgstr ""
"Project-Id-Version: sample\n"
"POT-Creation-Date: 2026-11-28 08:00+0800\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#: models.py:10
msgid "Government information disclosure"
msgstr "政府信息公开"

msgctxt "annual report"
msgid "Report"
msgstr "年度报告"

msgctxt "application"
msgid "Report"
msgstr "举报"

msgid "%(count)s notice"
msgid_plural "%(count)s notices"
msgstr[0] "%(count)s 条公告（单数）"
msgstr[1] "%(count)s 条公告"

msgctxt "documents"
msgid "%(count)s file"
msgid_plural "%(count)s files"
msgstr[0] "%(count)s 个文件（单数）"
msgstr[1] "%(count)s 个文件"

msgid ""
"A long message "
"split over lines."
msgstr ""
"一条很长的"
"分行消息。"

msgid "Escapes"
msgstr "引号\"、制表\t、换行\n、反斜杠\\"

#, fuzzy
msgid "Fuzzy"
msgstr "不应出现"

#, python-format
msgid "Formatted %(name)s"
msgstr "格式化 %(name)s"

msgid "Untranslated"
msgstr ""

#~ msgid "Obsolete"
#~ msgstr "废弃"
msgid "No blank line before"
msgstr "前面没有空行"
"""


@pytest.fixture
def catalog(tmp_path: Path) -> gettext.GNUTranslations:
    po = tmp_path / "django.po"
    po.write_text(SAMPLE_PO, encoding="utf-8")
    mo = compile_po(po)
    assert mo == tmp_path / "django.mo"
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def test_simple_and_multiline(catalog: gettext.GNUTranslations) -> None:
    assert catalog.gettext("Government information disclosure") == "政府信息公开"
    assert catalog.gettext("A long message split over lines.") == "一条很长的分行消息。"
    assert catalog.gettext("Escapes") == '引号"、制表\t、换行\n、反斜杠\\'
    assert catalog.gettext("Formatted %(name)s") == "格式化 %(name)s"
    assert catalog.gettext("No blank line before") == "前面没有空行"


def test_context(catalog: gettext.GNUTranslations) -> None:
    assert catalog.pgettext("annual report", "Report") == "年度报告"
    assert catalog.pgettext("application", "Report") == "举报"
    assert catalog.gettext("Report") == "Report"


def test_plurals(catalog: gettext.GNUTranslations) -> None:
    assert (
        catalog.ngettext("%(count)s notice", "%(count)s notices", 1) == "%(count)s 条公告（单数）"
    )
    assert catalog.ngettext("%(count)s notice", "%(count)s notices", 5) == "%(count)s 条公告"
    assert catalog.npgettext("documents", "%(count)s file", "%(count)s files", 2) == (
        "%(count)s 个文件"
    )


def test_fuzzy_untranslated_and_obsolete_are_left_out(catalog: gettext.GNUTranslations) -> None:
    assert catalog.gettext("Fuzzy") == "Fuzzy"
    assert catalog.gettext("Untranslated") == "Untranslated"
    assert catalog.gettext("Obsolete") == "Obsolete"
    assert catalog.info()["plural-forms"] == "nplurals=2; plural=(n != 1);"


def test_fuzzy_header_is_kept(tmp_path: Path) -> None:
    # Like GNU msgfmt: a fuzzy header still carries the charset and the plural rule.
    po = tmp_path / "fuzzy.po"
    po.write_text(
        '#, fuzzy\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n\nmsgid "Yes"\nmsgstr "是"\n',
        encoding="utf-8",
    )
    with compile_po(po).open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.gettext("Yes") == "是"
    assert translations.info()["plural-forms"] == "nplurals=1; plural=0;"


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(PoSyntaxError, match=r"bad\.po:2"):
        parse_po('msgid "a"\nmsgstr oops\n', "bad.po")


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_same_catalog_as_gnu_msgfmt(tmp_path: Path, catalog: gettext.GNUTranslations) -> None:
    po = tmp_path / "django.po"
    gnu_mo = tmp_path / "gnu.mo"
    subprocess.run(["msgfmt", "-o", str(gnu_mo), str(po)], check=True)
    with gnu_mo.open("rb") as handle:
        gnu = gettext.GNUTranslations(handle)
    assert catalog._catalog == gnu._catalog


def test_shipped_catalogs_compile(tmp_path: Path) -> None:
    written = compile_catalogs(REPO / "wagtail_govdisclosure" / "locale", tmp_path)
    zh = tmp_path / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    assert zh in written
    with zh.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.gettext("Government information disclosure") == "政府信息公开"


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not installed")
def test_wheel_contains_compiled_catalogs(tmp_path: Path) -> None:
    """Build sdist then wheel from a copy without .mo files, as a fresh clone would."""
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, source / name)
    ignore = shutil.ignore_patterns("*.mo", "__pycache__", "*.pyc")
    shutil.copytree(REPO / "build_tools", source / "build_tools", ignore=ignore)
    shutil.copytree(REPO / "wagtail_govdisclosure", source / "wagtail_govdisclosure", ignore=ignore)

    subprocess.run(
        ["uv", "build", "--quiet", "--out-dir", str(tmp_path / "dist"), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        data = archive.read("wagtail_govdisclosure/locale/zh_Hans/LC_MESSAGES/django.mo")
    mo = tmp_path / "django.mo"
    mo.write_bytes(data)
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.gettext("Government information disclosure") == "政府信息公开"
