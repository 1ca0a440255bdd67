"""Demo registers of 嘉祥县科学技术局: a year of applications and cases, and a register clerk.

Runs after the report loaders: it fills the registers of the column they create, so that
the 2023 report's "Fill tables from the registers" button has something to compute. The
entries of 2023 are fixed; a few recent ones are dated from today, so that the listing's
"overdue" and "due this week" indicators show. The clerk ``dengji`` works with the
registers of the bureau but may not see applicants' personal data; ``admin`` may.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission

from example_site.portal.demo import DemoContext
from wagtail_govdisclosure.models import DisclosureIndexPage
from wagtail_govdisclosure.registers.holidays import WorkingCalendar
from wagtail_govdisclosure.registers.models import Application, ReviewCase

AGENCY_NAME = "嘉祥县科学技术局"
CLERK_USERNAME = "dengji"
CLERK_PASSWORD = "govdisclosure-demo"
CLERK_GROUP = "科技局依申请公开登记员"

N, C, R, S = "natural_person", "commercial_enterprise", "research_institution", "other_org"

#: (number, applicant type, received, channel, content, closed, outcome, extra)
APPLICATIONS = [
    (
        "KJ2023-001",
        N,
        "2023-02-13",
        "online",
        "2022年度县级科技计划项目立项名单",
        "2023-02-24",
        "disclosed",
        {},
    ),
    (
        "KJ2023-002",
        C,
        "2023-03-06",
        "in_person",
        "高新技术企业培育库入库企业名单及评审意见",
        "2023-03-31",
        "partially_disclosed",
        {},
    ),
    (
        "KJ2023-003",
        N,
        "2023-04-17",
        "post",
        "某村科技特派员工作日志",
        "2023-05-12",
        "unavailable_not_held",
        {},
    ),
    (
        "KJ2023-004",
        N,
        "2023-05-08",
        "online",
        "县科技局内部考勤制度",
        "2023-05-22",
        "withheld_internal_affairs",
        {},
    ),
    (
        "KJ2023-005",
        R,
        "2023-06-19",
        "online",
        "2023年科技创新券发放明细",
        "2023-08-14",
        "disclosed",
        {"extended": True},
    ),
    (
        "KJ2023-006",
        N,
        "2023-07-03",
        "online",
        "我家承包地的相关情况",
        "2023-08-18",
        "other_no_correction",
        {"correction_requested_on": "2023-07-10"},
    ),
    (
        "KJ2023-007",
        N,
        "2023-08-21",
        "online",
        "县科技局印发的规范性文件汇编",
        "2023-09-01",
        "rejected_publication",
        {},
    ),
    (
        "KJ2023-008",
        C,
        "2023-09-25",
        "in_person",
        "某企业研发费用加计扣除核查结论",
        "2023-10-27",
        "withheld_third_party",
        {},
    ),
    (
        "KJ2023-009",
        N,
        "2023-10-09",
        "online",
        "2023年科技活动周经费使用情况",
        "2023-10-20",
        "disclosed",
        {},
    ),
    (
        "KJ2023-010",
        S,
        "2023-11-13",
        "post",
        "农业科技园区申报材料",
        "2023-12-15",
        "disclosed",
        {"correction_requested_on": "2023-11-15", "correction_received_on": "2023-11-24"},
    ),
    (
        "KJ2023-011",
        N,
        "2023-12-18",
        "online",
        "县科技局2024年部门预算",
        "2024-01-08",
        "disclosed",
        {},
    ),
    ("KJ2023-012", N, "2023-12-27", "online", "县科技局2023年度政府信息公开工作台账", None, "", {}),
]

#: (number, case type, filed, closed, result, application)
CASES = [
    ("济嘉行复〔2023〕12号", "reconsideration", "2023-06-05", "2023-07-28", "upheld", "KJ2023-004"),
    ("（2023）鲁0829行初45号", "litigation_direct", "2023-11-20", None, "", "KJ2023-008"),
]


def _day(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _recent(calendar: WorkingCalendar) -> list[tuple]:
    """Open applications dated from today: one overdue, one due this week."""
    today = timezone.localdate()
    overdue = today - datetime.timedelta(days=60)
    due_soon = today - datetime.timedelta(days=20)
    # The latest receipt whose 20 working days end within the week, holidays included.
    for days in range(20, 70):
        received = today - datetime.timedelta(days=days)
        if calendar.add_working_days(received, 20) <= today + datetime.timedelta(days=5):
            due_soon = received
            break
    year = today.year
    return [
        (
            f"KJ{year}-D01",
            N,
            overdue.isoformat(),
            "online",
            "县科技局科技项目验收结论",
            None,
            "",
            {},
        ),
        (
            f"KJ{year}-D02",
            C,
            due_soon.isoformat(),
            "online",
            "科技型中小企业评价名单",
            None,
            "",
            {},
        ),
    ]


def _clerk(agency: DisclosureIndexPage, context: DemoContext) -> None:
    group, created = Group.objects.get_or_create(name=CLERK_GROUP)
    if created:
        codenames = [
            f"{action}_{model}"
            for action in ("add", "change", "delete", "view")
            for model in ("application", "reviewcase")
        ]
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
            *Permission.objects.filter(
                content_type__app_label="wagtail_govdisclosure_registers", codename__in=codenames
            ),
        )
        # Editing the bureau's column is what makes a user one of its staff.
        GroupPagePermission.objects.create(group=group, page=agency, permission_type="change")
    context.report("created" if created else "exists", f"用户组 {CLERK_GROUP}")
    user_model = get_user_model()
    user = user_model._default_manager.filter(username=CLERK_USERNAME).first()
    if user is None:
        user = user_model._default_manager.create_user(CLERK_USERNAME, password=CLERK_PASSWORD)
        user.groups.add(group)
    context.report("created" if created else "exists", f"登记员 {CLERK_USERNAME}")
    context.logins.append((CLERK_USERNAME, CLERK_PASSWORD))


def load(context: DemoContext) -> None:
    """Create the bureau's demo register entries that are missing, and the clerk."""
    agency = DisclosureIndexPage.objects.filter(agency_name=AGENCY_NAME).first()
    if agency is None:
        context.report("skipped", f"登记簿：没有{AGENCY_NAME}的公开专栏")
        return
    calendar = WorkingCalendar.from_database()
    existing = set(Application.objects.filter(agency=agency).values_list("reference", flat=True))
    created = 0
    for number, kind, received, channel, content, closed, outcome, extra in [
        *APPLICATIONS,
        *_recent(calendar),
    ]:
        if number in existing:
            continue
        application = Application(
            agency=agency,
            reference=number,
            applicant_type=kind,
            received_on=_day(received),
            channel=channel,
            applicant_name="（演示）申请人" + number[-3:],
            applicant_contact="0537-0000000",
            content=content,
            closed_on=_day(closed),
            outcome=outcome,
            **{k: _day(v) if k.endswith("_on") else v for k, v in extra.items()},
        )
        application.full_clean()
        application.save(calendar=calendar)
        created += 1
    context.report(
        "created" if created else "exists",
        _("Application register: %(count)s applications") % {"count": created},
    )

    by_number = {a.reference: a for a in Application.objects.filter(agency=agency)}
    existing_cases = set(
        ReviewCase.objects.filter(agency=agency).values_list("reference", flat=True)
    )
    created = 0
    for number, kind, filed, closed, result, application in CASES:
        if number in existing_cases:
            continue
        case = ReviewCase(
            agency=agency,
            reference=number,
            case_type=kind,
            filed_on=_day(filed),
            closed_on=_day(closed),
            result=result,
            application=by_number.get(application),
        )
        case.full_clean()
        case.save()
        created += 1
    context.report(
        "created" if created else "exists",
        _("Review and litigation register: %(count)s cases") % {"count": created},
    )
    _clerk(agency, context)
