"""An editor working in Chinese sees no English from this app.

(a) every message of the committed catalogue ``locale/zh_Hans/LC_MESSAGES/django.po``
    is translated (non-empty, not fuzzy) and the committed ``.mo`` holds the same messages;
(b) the catalogue is complete: ``makemessages`` run over a copy of the package
    extracts no message the catalogue lacks (needs GNU gettext);
(c) a walk through the app's admin pages as a superuser in zh-hans — the create
    view of every page type, the edit views of a column and a report, a refused
    publication, the status board and the dashboard — finds none of the app's
    English messages in the HTML.
"""

from __future__ import annotations

import gettext
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Site

from tests.admin.conftest import YEAR, add_column, add_report
from tests.po import PoEntry, parse_po
from tests.reports.conftest import correct_document, wrong_document
from tests.reports.forms import report_form_data
from wagtail_govdisclosure import __file__ as package_init

PACKAGE = Path(package_init).resolve().parent
LOCALE = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES"
CATALOGUE = LOCALE / "django.po"
DOMAINS = ("django", "djangojs")


def entries(path: Path) -> list[PoEntry]:
    return [e for e in parse_po(path.read_text(encoding="utf-8"), str(path)) if not e.is_header]


def key(entry: PoEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def describe(entry: PoEntry) -> str:
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"{context}{entry.msgid!r}"


# --- (a) every message translated ---------------------------------------------------------


def test_every_message_is_translated() -> None:
    catalogue = entries(CATALOGUE)
    assert catalogue, f"{CATALOGUE} holds no message"
    untranslated = [describe(e) for e in catalogue if not e.is_translated]
    fuzzy = [describe(e) for e in catalogue if "fuzzy" in e.flags]
    assert not untranslated, "Messages without a translation:\n" + "\n".join(untranslated)
    assert not fuzzy, "Fuzzy (unchecked) translations:\n" + "\n".join(fuzzy)
    duplicates = {key(e) for e in catalogue if sum(key(o) == key(e) for o in catalogue) > 1}
    assert not duplicates, f"Messages listed twice: {sorted(duplicates, key=str)}"


def compiled_messages(path: Path) -> dict:
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


@pytest.mark.skipif(
    shutil.which("msgfmt") is None,
    reason="GNU gettext (msgfmt) is not installed: apt-get install gettext",
)
@pytest.mark.parametrize("domain", DOMAINS)
def test_the_committed_mo_matches_the_po(tmp_path: Path, domain: str) -> None:
    """The committed ``.mo`` holds exactly the messages ``msgfmt`` makes of the ``.po``.

    Message catalogues are compared, not bytes: msgfmt versions lay files out differently.
    """
    source = LOCALE / f"{domain}.po"
    committed = source.with_suffix(".mo")
    if not source.exists():
        assert not committed.exists(), f"{committed.name} has no {source.name}"
        return
    assert committed.exists(), f"{committed.name} is missing: run `make translations`"
    fresh = tmp_path / f"{domain}.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(source)], check=True)
    expected = compiled_messages(fresh)
    assert len(expected) > 1, f"msgfmt made (almost) nothing of {source.name}"
    actual = compiled_messages(committed)
    keys = expected.keys() | actual.keys()
    stale = sorted(repr(k) for k in keys if expected.get(k) != actual.get(k))
    assert not stale, (
        f"{committed.name} does not match {source.name} (run `make translations` and commit "
        "the .mo):\n" + "\n".join(stale[:20])
    )


# --- (b) the catalogue is complete ---------------------------------------------------------


def extracted_messages(tmp_path: Path, domain: str) -> list[PoEntry]:
    """The messages ``makemessages`` finds in a copy of the package (no catalogue in it)."""
    copy = tmp_path / "package"
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("locale", "__pycache__", "*.pyc", "vendor"),
    )
    (copy / "locale").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "--locale",
            "zh_Hans",
            "--domain",
            domain,
            "--no-location",
            "--no-obsolete",
            "--no-wrap",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    output = copy / "locale" / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po"
    return entries(output) if output.exists() else []


@pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msguniq") is None,
    reason="GNU gettext (xgettext, msguniq) is not installed: apt-get install gettext",
)
@pytest.mark.parametrize("domain", DOMAINS)
def test_the_catalogue_is_complete(tmp_path: Path, domain: str) -> None:
    extracted = extracted_messages(tmp_path, domain)
    if domain == "django":
        assert len(extracted) > 100, "makemessages found (almost) nothing: is the copy complete?"
    committed_path = LOCALE / f"{domain}.po"
    committed = {key(e) for e in entries(committed_path)} if committed_path.exists() else set()
    missing = [describe(e) for e in extracted if key(e) not in committed]
    assert not missing, (
        f"{len(missing)} message(s) of the code are not in {committed_path.name} "
        "(run `make messages` and translate them):\n" + "\n".join(missing)
    )


# --- (c) no English in the admin -----------------------------------------------------------

#: A placeholder in a message: %(name)s, %s, {name}, {{ name }}.
PLACEHOLDER = re.compile(r"%\([^)]*\)[a-z]|%[sd]|\{\{[^}]*\}\}|\{[a-z_]*\}")
#: Fragments shorter than this many English words are too common to mean anything.
MIN_WORDS = 3


def english_fragments() -> dict[str, str]:
    """Fragment of English text → the message it comes from, for every message of the app.

    A message is cut at its placeholders; a fragment counts when it holds at least
    :data:`MIN_WORDS` English words and the translation does not keep it as is.
    """
    fragments: dict[str, str] = {}
    for entry in entries(CATALOGUE):
        translations = " ".join(entry.msgstr.values())
        for text in filter(None, (entry.msgid, entry.msgid_plural)):
            for fragment in PLACEHOLDER.split(text):
                fragment = " ".join(fragment.split()).strip(" .,:;“”\"'()")
                if len(re.findall(r"[A-Za-z]{2,}", fragment)) < MIN_WORDS:
                    continue
                if fragment in translations:
                    continue
                fragments.setdefault(fragment, describe(entry))
    return fragments


def visible_text(response) -> str:
    text = html.unescape(response.content.decode())
    # JSON in attributes and scripts escapes slashes and quotes.
    return " ".join(text.replace("\\/", "/").replace('\\"', '"').split())


def english_in(text: str, fragments: dict[str, str]) -> list[str]:
    return [
        f"{fragment!r} (from {message})"
        for fragment, message in fragments.items()
        if fragment in text
    ]


def page_models() -> list[type[Page]]:
    config = apps.get_app_config("wagtail_govdisclosure")
    return [
        model
        for model in config.get_models()
        if issubclass(model, Page) and model is not Page and model.is_creatable
    ]


@pytest.fixture
def chinese_admin(admin_client, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    settings.WAGTAIL_I18N_ENABLED = False
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    with translation.override("zh-hans"):
        yield admin_client


@pytest.mark.django_db
def test_no_english_in_the_admin(chinese_admin) -> None:
    fragments = english_fragments()
    assert len(fragments) > 50, "Too few English messages found in the catalogue"

    site_root = Site.objects.get(is_default_site=True).root_page
    column = add_column(site_root, "嘉祥县人民政府", 1, kind="government")
    department = add_column(column, "嘉祥县科学技术局", 2)
    report = add_report(department, wrong_document(YEAR))
    add_report(column, correct_document(YEAR))

    visited: dict[str, str] = {}

    def visit(name: str, response) -> None:
        assert response.status_code == 200, f"{name}: HTTP {response.status_code}"
        visited[name] = visible_text(response)

    # The create view of every page type of the app, under the first page it may sit in.
    parents = [site_root, column, department, column.report_index, department.report_index]
    for model in page_models():
        parent = next((p for p in parents if model.can_create_at(p.specific)), None)
        if parent is None:
            continue
        url = reverse(
            "wagtailadmin_pages:add",
            args=(model._meta.app_label, model._meta.model_name, parent.pk),
        )
        visit(f"create {model.__name__}", chinese_admin.get(url))
    assert any(name.endswith("AnnualReportPage") for name in visited)

    visit("edit column", chinese_admin.get(reverse("wagtailadmin_pages:edit", args=(column.pk,))))
    edit_report = reverse("wagtailadmin_pages:edit", args=(report.pk,))
    visit("edit report", chinese_admin.get(edit_report))
    document = wrong_document(YEAR)
    document.agency = department.agency_name
    refused = chinese_admin.post(edit_report, report_form_data(document, action="action-publish"))
    visit("refused publication", refused)
    assert refused.context["form"].errors, "the publication was not refused"
    report.refresh_from_db()
    assert not report.live
    visit(
        "status board",
        chinese_admin.get(reverse("wagtail_govdisclosure_status:board"), {"year": YEAR}),
    )
    visit("dashboard", chinese_admin.get(reverse("wagtailadmin_home")))
    visit(
        "explorer",
        chinese_admin.get(reverse("wagtailadmin_explore", args=(department.report_index.pk,))),
    )

    found = {name: english_in(text, fragments) for name, text in visited.items()}
    found = {name: hits for name, hits in found.items() if hits}
    assert not found, "English shown to a Chinese editor:\n" + "\n".join(
        f"{name}: {hit}" for name, hits in found.items() for hit in hits
    )
