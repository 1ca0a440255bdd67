"""The demo's annual reports, each with a history that tells how it came to be published.

* 嘉祥县科学技术局 2022: the seed report (``data/jiaxiang-kejiju-2022.json``, transcribed
  from the published report, its ``总计`` column blank in rows 一 to （七）). The editor's
  first revision is the transcription; its publication was refused by the gate (the page
  history records it); the next revision has the totals filled in and was published on
  18 January 2023.
* 嘉祥县科学技术局 2023: the year of the bureau's application register (see
  ``registers.py``: twelve applications, two still open at the end of the year, one
  reconsideration upheld and one lawsuit pending), published on 25 January 2024.
* 嘉祥县人民政府 2023: the county government's own report, published on 20 March 2024
  (its deadline is 31 March).

Dates of revisions, publications and history entries are set to those days. The editor
``bianji`` of the bureau wrote and published the bureau's reports.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission, PageLogEntry, Revision

from example_site.portal.demo import DemoContext
from example_site.portal.demo.columns import COUNTY, DEPARTMENTS
from wagtail_govdisclosure.checks import fill_totals
from wagtail_govdisclosure.interchange import ReportDocument, loads
from wagtail_govdisclosure.models import (
    AnnualReportIndexPage,
    AnnualReportPage,
    DisclosureIndexPage,
)
from wagtail_govdisclosure.publishing import PublishRefused

DATA = Path(__file__).resolve().parent / "data"
SEED = DATA / "jiaxiang-kejiju-2022.json"

KEJIJU = DEPARTMENTS[0]
EDITOR_USERNAME = "bianji"
EDITOR_PASSWORD = "govdisclosure-demo"
EDITOR_GROUP = "科技局政务公开编辑"

N, C, R, W, L, OTHER = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
)


def _moment(text: str) -> datetime.datetime:
    """An aware datetime in the site's time zone from ``YYYY-MM-DD HH:MM``."""
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


def _set(document: ReportDocument, table: str, row: str, values: dict[str, Any]) -> None:
    for column, value in values.items():
        document.set(f"{table}.{row}.{column}", value)


def _zeros(document: ReportDocument) -> None:
    """Every cell 0 (the amount ``"0"``): the parts a report does not mention."""
    for table in document.format.tables:
        for row in table.rows:
            for column in table.columns_of(row.key):
                value = "0" if column.kind == "amount" else 0
                document.tables[table.key][row.key][column.key] = value


# --- 嘉祥县科学技术局 2023 ----------------------------------------------------------------

KEJIJU_2023_SECTIONS = {
    "overview": (
        "<p>2023年，嘉祥县科学技术局深入贯彻《中华人民共和国政府信息公开条例》，围绕科技创新"
        "重点工作推进政务公开，全年通过县政府门户网站本局专栏主动公开政府信息21条。</p>"
        "<p>（一）主动公开情况</p>"
        "<p>及时公开科技计划项目立项、高新技术企业培育、科技创新券等信息，制发规范性文件1件。</p>"
        "<p>（二）依申请公开情况</p>"
        "<p>本年度共收到政府信息公开申请12件。全部申请均在法定期限内答复，"
        "结转下年度继续办理2件。</p>"
        "<p>（三）政府信息管理情况</p>"
        "<p>严格落实信息发布审核制度，公开前进行保密审查，未发生泄密情况。</p>"
        "<p>（四）政府信息公开平台建设情况</p>"
        "<p>依托县政府门户网站政府信息公开专栏和“科技嘉祥”微信公众号发布信息。</p>"
        "<p>（五）监督保障情况</p>"
        "<p>将政务公开纳入年度工作考核，接受社会公众监督。</p>"
    ),
    "proactive": "",
    "applications": "",
    "reviews": "",
    "problems": (
        "<p>存在的主要问题：部分信息发布不够及时，政策解读形式较为单一。</p>"
        "<p>改进措施：一是健全信息发布台账，按时更新；二是丰富图文、问答等解读形式。</p>"
    ),
    "other": "<p>本年度未收取信息处理费。</p>",
}


def kejiju_2023() -> ReportDocument:
    """The bureau's 2023 report: its register's year (see ``registers.py``)."""
    document = ReportDocument.empty(2023, KEJIJU.agency_name)
    _zeros(document)
    document.set("proactive.normative_documents.issued", 1)
    document.set("proactive.normative_documents.in_force", 1)
    _set(document, "applications", "received", {N: 8, C: 2, R: 1, OTHER: 1})
    _set(document, "applications", "disclosed", {N: 2, R: 1, OTHER: 1})
    _set(document, "applications", "partially_disclosed", {C: 1})
    _set(document, "applications", "withheld_third_party", {C: 1})
    _set(document, "applications", "withheld_internal_affairs", {N: 1})
    _set(document, "applications", "unavailable_not_held", {N: 1})
    _set(document, "applications", "rejected_publication", {N: 1})
    _set(document, "applications", "other_no_correction", {N: 1})
    _set(document, "applications", "carried_over_out", {N: 2})
    document.set("reviews.reconsideration.upheld", 1)
    document.set("reviews.litigation_direct.pending", 1)
    document.sections = dict(KEJIJU_2023_SECTIONS)
    fill_totals(document)
    return document


# --- 嘉祥县人民政府 2023 ------------------------------------------------------------------

COUNTY_2023_SECTIONS = {
    "overview": (
        "<p>2023年，嘉祥县人民政府坚持以公开为常态、不公开为例外，持续深化政务公开。</p>"
        "<p>（一）主动公开情况</p>"
        "<p>全年制发规范性文件6件，废止2件，对现行有效的38件规范性文件进行集中公开。</p>"
        "<p>（二）依申请公开情况</p>"
        "<p>本年度共收到政府信息公开申请41件。上年结转政府信息公开申请2件。"
        "结转下年度继续办理3件。</p>"
        "<p>（三）政府信息管理情况</p>"
        "<p>动态更新政府信息公开目录，规范性文件统一登记、统一编号、统一公布。</p>"
        "<p>（四）政府信息公开平台建设情况</p>"
        "<p>县政府门户网站设置政府信息公开专栏，县为民服务中心、县档案馆、县图书馆设立政府"
        "信息公开查阅场所。</p>"
        "<p>（五）监督保障情况</p>"
        "<p>将政务公开纳入对各部门的年度考核，开展政务公开专题培训。</p>"
    ),
    "proactive": "",
    "applications": "",
    "reviews": "<p>因政府信息公开被申请行政复议3件，被提起行政诉讼3件。</p>",
    "problems": (
        "<p>存在的主要问题：依申请公开答复的规范化水平有待提高。</p>"
        "<p>改进措施：制定依申请公开答复文书范本，加强对经办人员的培训。</p>"
    ),
    "other": "<p>本年度未收取信息处理费。</p>",
}


def county_2023() -> ReportDocument:
    """The county government's own 2023 report."""
    document = ReportDocument.empty(2023, COUNTY.agency_name)
    _zeros(document)
    _set(document, "proactive", "normative_documents", {"issued": 6, "repealed": 2, "in_force": 38})
    _set(document, "applications", "received", {N: 31, C: 6, W: 1, L: 1, OTHER: 2})
    _set(document, "applications", "carried_over_in", {N: 2})
    _set(document, "applications", "disclosed", {N: 15, C: 3, W: 1, OTHER: 1})
    _set(document, "applications", "partially_disclosed", {N: 4, C: 1})
    _set(document, "applications", "withheld_third_party", {N: 1})
    _set(document, "applications", "withheld_process_info", {N: 1})
    _set(document, "applications", "unavailable_not_held", {N: 6, C: 1, L: 1})
    _set(document, "applications", "unavailable_needs_creation", {N: 1})
    _set(document, "applications", "rejected_petition", {N: 2})
    _set(document, "applications", "rejected_duplicate", {N: 1})
    _set(document, "applications", "other_handling", {OTHER: 1})
    _set(document, "applications", "carried_over_out", {N: 2, C: 1})
    _set(document, "reviews", "reconsideration", {"upheld": 2, "corrected": 1})
    _set(document, "reviews", "litigation_direct", {"upheld": 1, "pending": 1})
    _set(document, "reviews", "litigation_after_reconsideration", {"upheld": 1})
    document.sections = dict(COUNTY_2023_SECTIONS)
    fill_totals(document)
    return document


# --- Loading --------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """When a step of a report's story happened."""

    drafted: str
    published: str


def _editor(column: DisclosureIndexPage, context: DemoContext) -> Any:
    """The bureau's editor: may add, edit and publish pages in the bureau's column."""
    group, created = Group.objects.get_or_create(name=EDITOR_GROUP)
    if created:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        for permission_type in ("add", "change", "publish"):
            GroupPagePermission.objects.create(
                group=group, page=column, permission_type=permission_type
            )
    context.report("created" if created else "exists", f"用户组 {EDITOR_GROUP}")
    user_model = get_user_model()
    user = user_model._default_manager.filter(username=EDITOR_USERNAME).first()
    if user is None:
        user = user_model._default_manager.create_user(
            EDITOR_USERNAME, password=EDITOR_PASSWORD, first_name="科技局编辑"
        )
        user.groups.add(group)
        context.report("created", f"编辑 {EDITOR_USERNAME}")
    else:
        context.report("exists", f"编辑 {EDITOR_USERNAME}")
    context.logins.append((EDITOR_USERNAME, EDITOR_PASSWORD))
    return user


def _marks(page: AnnualReportPage) -> tuple[int, int]:
    """The newest history entry and revision of ``page`` (0 for none)."""
    entries = PageLogEntry.objects.filter(page_id=page.pk).order_by("-pk")
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).order_by("-pk")
    return (
        entries.values_list("pk", flat=True).first() or 0,
        revisions.values_list("pk", flat=True).first() or 0,
    )


def _backdate(page: AnnualReportPage, marks: tuple[int, int], moment: datetime.datetime) -> None:
    """Date the history entries and revisions made since ``marks`` at ``moment``."""
    log_id, revision_id = marks
    PageLogEntry.objects.filter(page_id=page.pk, pk__gt=log_id).update(timestamp=moment)
    Revision.page_revisions.filter(object_id=str(page.pk), pk__gt=revision_id).update(
        created_at=moment
    )


def _draft(
    index: AnnualReportIndexPage, document: ReportDocument, user: Any, moment: datetime.datetime
) -> AnnualReportPage:
    """The report page and its first revision holding ``document``, as written on ``moment``."""
    page = AnnualReportPage(title=document.title, slug=str(document.year), live=False, owner=user)
    page.set_document(document)
    index.add_child(instance=page)
    marks = (0, 0)
    page.save_revision(user=user, log_action=True)
    _backdate(page, marks, moment)
    return page


def _publish(page: AnnualReportPage, user: Any, moment: datetime.datetime) -> None:
    """Publish the latest revision of ``page`` (through the gate) as done on ``moment``."""
    page.refresh_from_db()
    marks = _marks(page)
    page.get_latest_revision().publish(user=user)
    _backdate(page, marks, moment)
    AnnualReportPage.objects.filter(pk=page.pk).update(
        first_published_at=moment, last_published_at=moment, latest_revision_created_at=moment
    )
    page.refresh_from_db()


def _kejiju_2022(index: AnnualReportIndexPage, editor: Any) -> AnnualReportPage:
    """The seed as transcribed, refused; then the totals filled in, published."""
    seed = loads(SEED.read_bytes())
    page = _draft(index, seed, editor, _moment("2023-01-16 10:12"))

    # The transcription keeps the blank totals of the published report: the gate refuses
    # it and records the refusal in the page's history.
    marks = _marks(page)
    try:
        page.get_latest_revision().publish(user=editor)
    except PublishRefused:
        pass
    else:  # pragma: no cover - the seed's blank totals are errors
        raise AssertionError("The gate published the seed with its blank totals.")
    _backdate(page, marks, _moment("2023-01-16 10:15"))

    marks = _marks(page)
    draft = page.get_latest_revision_as_object()
    document = draft.get_document()
    fill_totals(document)
    draft.set_document(document)
    draft.save_revision(user=editor, log_action=True)
    _backdate(page, marks, _moment("2023-01-18 09:20"))
    _publish(page, editor, _moment("2023-01-18 09:30"))
    return page


def _report(
    index: AnnualReportIndexPage,
    document: ReportDocument,
    user: Any,
    step: Step,
) -> AnnualReportPage:
    page = _draft(index, document, user, _moment(step.drafted))
    _publish(page, user, _moment(step.published))
    return page


def _index_of(agency_name: str) -> AnnualReportIndexPage | None:
    column = DisclosureIndexPage.objects.filter(agency_name=agency_name).first()
    return AnnualReportIndexPage.objects.child_of(column).first() if column else None


def load(context: DemoContext) -> None:
    """Create the demo reports that are missing (a report found by agency and year is kept)."""
    kejiju_index = _index_of(KEJIJU.agency_name)
    county_index = _index_of(COUNTY.agency_name)
    if kejiju_index is None or county_index is None:
        context.report("skipped", "年度报告：公开专栏不存在")
        return
    editor = _editor(kejiju_index.get_parent().specific, context)
    admin = get_user_model()._default_manager.filter(is_superuser=True).order_by("pk").first()

    stories = [
        (kejiju_index, 2022, lambda: _kejiju_2022(kejiju_index, editor)),
        (
            kejiju_index,
            2023,
            lambda: _report(
                kejiju_index,
                kejiju_2023(),
                editor,
                Step("2024-01-22 15:40", "2024-01-25 10:00"),
            ),
        ),
        (
            county_index,
            2023,
            lambda: _report(
                county_index,
                county_2023(),
                admin,
                Step("2024-03-15 16:05", "2024-03-20 09:00"),
            ),
        ),
    ]
    for index, year, create in stories:
        page = AnnualReportPage.objects.child_of(index).filter(year=year).first()
        if page is None:
            page = create()
            context.report("created", f"年度报告「{page.title}」")
        else:
            context.report("exists", f"年度报告「{page.title}」")
