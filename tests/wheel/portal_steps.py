"""Steps inside the stock portal of ``make test-wheel``, run with the portal's own Python.

``python portal_steps.py STEP`` in the directory ``wagtail start`` made, with only the
installed wheel (not the source tree) importable. Each step prints one JSON line last.

- ``pages``: what an editor creates in the admin, in the order docs/installing.md gives:
  the county's column, a department's column under it, the department's guide (with its
  application form document), rules, application page, notice index and a notice (with a
  主题分类 loaded by ``govdisclosure_load_topics``), and the report index.
- ``publish``: an editor fills the totals of the report ``govdisclosure_load_report`` made
  and publishes it through the publish gate.
- ``fetch``: every page as a visitor and as an editor; each answer's status and checks.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

SITE = Path.cwd()
sys.path.insert(0, str(SITE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.documents import get_document_model  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402

import wagtail_govdisclosure  # noqa: E402
from wagtail_govdisclosure.checks import fill_totals  # noqa: E402
from wagtail_govdisclosure.models import (  # noqa: E402
    AnnualReportIndexPage,
    AnnualReportPage,
    DisclosureApplicationPage,
    DisclosureGuidePage,
    DisclosureIndexPage,
    DisclosurePolicyPage,
    NoticeCategory,
    NoticeIndexPage,
    NoticePage,
)

EDITOR = "admin"
# 统一社会信用代码 of two county organs (check characters computed, as the field verifies).
COUNTY_USCC = "11370829004175523L"
DEPARTMENT_USCC = "11370829MB0000001"


def with_check_character(first17: str) -> str:
    from wagtail_govdisclosure.models.agency import uscc_check_character

    return first17 + uscc_check_character(first17)


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def step_pages() -> dict:
    # The package must come from the virtualenv, not from a source tree.
    assert "site-packages" in wagtail_govdisclosure.__file__, wagtail_govdisclosure.__file__
    home = Site.objects.get(is_default_site=True).root_page
    contact = {
        "contact_office": "嘉祥县科学技术局办公室",
        "contact_address": "山东省济宁市嘉祥县呈祥大道1号",
        "contact_postcode": "272400",
        "contact_hours": "工作日上午9:00—12:00，下午13:30—17:00",
        "contact_phone": "0537-6851234",
    }
    county = publish(
        home.add_child(
            instance=DisclosureIndexPage(
                title="政府信息公开",
                slug="zwgk",
                agency_name="嘉祥县人民政府",
                uscc=COUNTY_USCC,
                level="county",
                kind="government",
                contact_office="嘉祥县人民政府办公室",
            )
        )
    )
    column = publish(
        county.add_child(
            instance=DisclosureIndexPage(
                title="嘉祥县科学技术局",
                slug="kjj",
                agency_name="嘉祥县科学技术局",
                uscc=with_check_character(DEPARTMENT_USCC),
                level="county",
                kind="department",
                **contact,
            )
        )
    )
    form = get_document_model()(title="政府信息公开申请表")
    form.file.save("shenqingbiao.docx", ContentFile(b"PK\x03\x04 application form"), save=False)
    form.save()
    guide = publish(
        column.add_child(
            instance=DisclosureGuidePage(
                title="嘉祥县科学技术局政府信息公开指南",
                slug="zhinan",
                application_form=form,
                classification="<p>本机关政府信息分为机构职能、政策文件、规划计划等类别。</p>",
                proactive_scope="<p>条例第二十条规定的信息。</p>",
                proactive_channels="<p>嘉祥县人民政府门户网站政府信息公开专栏。</p>",
                proactive_places="<p>嘉祥县档案馆、嘉祥县图书馆。</p>",
                proactive_time_limit="<p>自政府信息形成或者变更之日起20个工作日内予以公开。</p>",
                application_content="<p>申请人姓名、联系方式，所需政府信息的名称或文号。</p>",
                handling_flow="<p>登记、补正、答复。</p>",
                fees="<p>不收取费用。</p>",
                review_body="嘉祥县人民政府",
                litigation_court="嘉祥县人民法院",
            )
        )
    )
    assert guide.live, "the guide was refused"
    publish(
        column.add_child(
            instance=DisclosurePolicyPage(
                title="政府信息公开制度", slug="zhidu", body="<p>保密审查制度。</p>"
            )
        )
    )
    publish(
        column.add_child(
            instance=DisclosureApplicationPage(
                title="依申请公开", slug="yishenqing", intro="<p>可以申请获取政府信息。</p>"
            )
        )
    )
    notices = publish(
        column.add_child(instance=NoticeIndexPage(title="法定主动公开内容", slug="fdzdgknr"))
    )
    notice = publish(
        notices.add_child(
            instance=NoticePage(
                title="关于开展2023年度科技项目申报工作的通知",
                slug="kjxm-2023",
                category=NoticeCategory.objects.get(theme="科技、教育", name="科技"),
                body="<p>各有关单位：现将2023年度科技项目申报工作通知如下。</p>",
            )
        )
    )
    reports = publish(
        column.add_child(instance=AnnualReportIndexPage(title="政府信息公开年报", slug="nianbao"))
    )
    return {
        "county": county.url,
        "column": column.url,
        "guide": guide.url,
        "notices": notices.url,
        "notice": notice.url,
        "reports": reports.url,
        "report_index_id": reports.pk,
        "column_id": column.pk,
    }


def step_publish() -> dict:
    editor = get_user_model().objects.get(username=EDITOR)
    (page,) = AnnualReportPage.objects.all()
    draft = page.get_latest_revision_as_object()
    document = draft.document
    filled = fill_totals(document)
    draft.set_document(document)
    draft.save_revision(user=editor).publish(user=editor)
    page.refresh_from_db()
    assert page.live, "the publish gate refused the report"
    return {"report": page.url, "report_id": page.pk, "filled": len(filled)}


def step_fetch() -> dict:
    (report,) = AnnualReportPage.objects.live()
    column = report.get_parent().get_parent().specific
    guide = DisclosureGuidePage.objects.get()
    notice = NoticePage.objects.get()
    stylesheet = "/static/wagtail_govdisclosure/css/column.css"
    report_styles = "/static/wagtail_govdisclosure/css/report.css"
    # The stock frame's own stylesheet: the column is inside the portal's base.html.
    frame = "/static/css/portal.css"
    results = []

    def fetch(who: str, client: Client, url: str, *, contains: tuple[str, ...] = (),
              content_type: str = "text/html") -> None:
        response = client.get(url, follow=False)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        problems = []
        if response.status_code != 200:
            problems.append(f"status {response.status_code}")
        elif not response["Content-Type"].startswith(content_type):
            problems.append(f"Content-Type {response['Content-Type']}")
        else:
            text = body.decode("utf-8", "replace")
            problems += [f"lacks {needle!r}" for needle in contains if needle not in text]
        results.append({"who": who, "url": url, "ok": not problems, "problems": problems})

    visitor = Client()
    for url, needles in (
        (column.url, (stylesheet, frame, column.agency_name)),
        (guide.url, (stylesheet, frame, "政府信息公开申请表")),
        (notice.get_parent().url, (stylesheet, frame, notice.title)),
        (notice.url, (stylesheet, frame, "科技、教育/科技", notice.index_number)),
        (report.get_parent().url, (stylesheet, frame, report.title)),
        (report.url, (report_styles, frame, report.title)),
        (column.url + "search/?q=科技项目", (stylesheet, frame, notice.title)),
    ):
        fetch("visitor", visitor, url, contains=needles)
    fetch("visitor", visitor, report.url + "report.pdf", content_type="application/pdf")
    fetch("visitor", visitor, stylesheet, content_type="text/css")
    fetch("visitor", visitor, report_styles, content_type="text/css")
    fetch(
        "visitor",
        visitor,
        "/api/v2/pages/?type=wagtail_govdisclosure.AnnualReportPage&fields=*",
        contains=(report.title,),
        content_type="application/json",
    )
    fetch("visitor", visitor, f"/api/v2/pages/{report.pk}/", contains=(report.title,),
          content_type="application/json")

    editor = Client()
    editor.force_login(get_user_model().objects.get(username=EDITOR))
    admin_urls = [
        "/admin/",
        f"/admin/pages/{column.pk}/",
        f"/admin/pages/{column.pk}/edit/",
        f"/admin/pages/{report.pk}/edit/",
        f"/admin/pages/{guide.pk}/edit/",
        f"/admin/pages/{notice.pk}/edit/",
        "/admin/govdisclosure-status/",
        "/admin/govdisclosure-import/",
        "/admin/snippets/wagtail_govdisclosure/noticecategory/",
    ]
    # Every admin page of the registers: the listings, import and export, the report's
    # fill and export views.
    from django.urls import reverse

    from wagtail_govdisclosure.registers import exports
    from wagtail_govdisclosure.registers import wagtail_hooks as registers_hooks
    from wagtail_govdisclosure.registers.views import REGISTERS

    group = next(
        value for value in vars(registers_hooks).values()
        if isinstance(value, type) and value.__name__ == "RegistersGroup"
    )
    for model_admin_class in group.items:
        admin_urls.append(model_admin_class().url_helper.index_url)
    for register in REGISTERS:
        for view in ("import", "export"):
            admin_urls.append(
                reverse(f"wagtail_govdisclosure_registers:{view}", kwargs={"register": register})
            )
    admin_urls.append(
        reverse("wagtail_govdisclosure_registers:fill_report", kwargs={"page_id": report.pk})
    )
    for url in admin_urls:
        fetch("editor", editor, url)
    # The editor guide ships with the app: shown in the admin with its screenshots.
    fetch("editor", editor, "/admin/govdisclosure-guide/", contains=("编辑指南",))
    fetch("editor", editor, "/admin/govdisclosure-guide/images/editor-grid.png", content_type="")
    for file_format in exports.FORMATS:
        url = reverse(
            "wagtail_govdisclosure_registers:export_report",
            kwargs={"page_id": report.pk, "file_format": file_format},
        )
        fetch("editor", editor, url, content_type="")
    return {"results": results}


if __name__ == "__main__":
    step = sys.argv[1]
    result = {"pages": step_pages, "publish": step_publish, "fetch": step_fetch}[step]()
    print(json.dumps(result, ensure_ascii=False))
