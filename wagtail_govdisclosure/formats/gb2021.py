"""《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号).

The standard in force for the reports of 2021 onward. Every label is the
verbatim text of the official form; every key is a stable public identifier
of the interchange JSON and must never be renamed.
"""

from __future__ import annotations

from .base import (
    Balance,
    Band,
    CellKind,
    Column,
    ColumnGroup,
    Layout,
    ReportFormat,
    Row,
    RowGroup,
    Section,
    Table,
    leaf_keys,
)

# --- 二、主动公开政府信息情况 -------------------------------------------------

_STUB = "信息内容"
_DECISIONS = (Column("decisions", "本年处理决定数量"),)

PROACTIVE = Table(
    key="proactive",
    number="二",
    title="主动公开政府信息情况",
    bands=(
        Band(
            heading="第二十条第（一）项",
            stub_label=_STUB,
            columns=(
                Column("issued", "本年制发件数"),
                Column("repealed", "本年废止件数"),
                Column("in_force", "现行有效件数"),
            ),
            rows=(
                Row("regulations", "规章"),
                Row("normative_documents", "行政规范性文件", variants=("规范性文件",)),
            ),
        ),
        Band(
            heading="第二十条第（五）项",
            stub_label=_STUB,
            columns=_DECISIONS,
            rows=(Row("licensing", "行政许可"),),
        ),
        Band(
            heading="第二十条第（六）项",
            stub_label=_STUB,
            columns=_DECISIONS,
            rows=(Row("penalty", "行政处罚"), Row("coercion", "行政强制")),
        ),
        Band(
            heading="第二十条第（八）项",
            stub_label=_STUB,
            columns=(
                Column(
                    "amount",
                    "本年收费金额（单位：万元）",
                    kind=CellKind.AMOUNT,
                    unit="万元",
                    decimals=4,
                ),
            ),
            rows=(Row("fees", "行政事业性收费"),),
        ),
    ),
)

# --- 三、收到和处理政府信息公开申请情况 ---------------------------------------

_APPLICANTS = (
    Column("natural_person", "自然人"),
    ColumnGroup(
        "法人或其他组织",
        (
            Column("commercial_enterprise", "商业企业"),
            Column("research_institution", "科研机构"),
            Column("social_welfare_org", "社会公益组织"),
            Column("legal_service_org", "法律服务机构"),
            Column("other_org", "其他"),
        ),
    ),
)

#: The outcome rows （一）…（六） whose sum is （七）总计.
_OUTCOMES = (
    Row("disclosed", "（一）予以公开"),
    Row("partially_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    RowGroup(
        "（三）不予公开",
        (
            Row("withheld_state_secret", "1.属于国家秘密"),
            Row("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开"),
            Row("withheld_security_stability", "3.危及“三安全一稳定”"),
            Row("withheld_third_party", "4.保护第三方合法权益"),
            Row("withheld_internal_affairs", "5.属于三类内部事务信息"),
            Row("withheld_process_info", "6.属于四类过程性信息"),
            Row("withheld_enforcement_file", "7.属于行政执法案卷"),
            Row("withheld_inquiry", "8.属于行政查询事项"),
        ),
    ),
    RowGroup(
        "（四）无法提供",
        (
            Row("unavailable_not_held", "1.本机关不掌握相关政府信息"),
            Row("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
            Row("unavailable_unclear", "3.补正后申请内容仍不明确"),
        ),
    ),
    RowGroup(
        "（五）不予处理",
        (
            Row("rejected_petition", "1.信访举报投诉类申请"),
            Row("rejected_duplicate", "2.重复申请"),
            Row("rejected_publication", "3.要求提供公开出版物"),
            Row("rejected_vexatious", "4.无正当理由大量反复申请"),
            Row("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息"),
        ),
    ),
    RowGroup(
        "（六）其他处理",
        (
            Row(
                "other_no_correction",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ),
            Row(
                "other_unpaid_fee",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ),
            Row("other_handling", "3.其他"),
        ),
        # The 2019 trial format's single line 「（六）其他处理」, kept by some 2021-format reports.
        single_line_row="other_handling",
    ),
)

APPLICATIONS = Table(
    key="applications",
    number="三",
    title="收到和处理政府信息公开申请情况",
    note="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    bands=(
        Band(
            columns=(
                ColumnGroup(
                    "申请人情况",
                    (
                        *_APPLICANTS,
                        Column(
                            "total",
                            "总计",
                            total_of=leaf_keys(_APPLICANTS),
                            check="applications_row_total",
                        ),
                    ),
                ),
            ),
            rows=(
                Row("received", "一、本年新收政府信息公开申请数量"),
                Row("carried_over_in", "二、上年结转政府信息公开申请数量"),
                RowGroup(
                    "三、本年度办理结果",
                    (
                        *_OUTCOMES,
                        Row(
                            "handled_total",
                            "（七）总计",
                            total_of=leaf_keys(_OUTCOMES),
                            check="applications_handled_total",
                        ),
                    ),
                ),
                Row("carried_over_out", "四、结转下年度继续办理"),
            ),
        ),
    ),
    balances=(
        Balance(
            "applications_balance",
            left=("received", "carried_over_in"),
            right=("handled_total", "carried_over_out"),
        ),
    ),
)

#: Keys of the outcome rows, for registers that record one outcome per application.
OUTCOME_KEYS = leaf_keys(_OUTCOMES)

# --- 四、政府信息公开行政复议、行政诉讼情况 -----------------------------------

_RESULTS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
)

REVIEWS = Table(
    key="reviews",
    number="四",
    title="政府信息公开行政复议、行政诉讼情况",
    layout=Layout.ACROSS,
    bands=(
        Band(
            columns=(
                *_RESULTS,
                Column(
                    "total", "总计", total_of=leaf_keys(_RESULTS), check="reviews_total"
                ),
            ),
            rows=(
                Row("reconsideration", "行政复议"),
                RowGroup(
                    "行政诉讼",
                    (
                        Row("litigation_direct", "未经复议直接起诉"),
                        Row("litigation_after_reconsideration", "复议后起诉"),
                    ),
                ),
            ),
        ),
    ),
)

SECTIONS = (
    Section("overview", "一、总体情况"),
    Section("proactive", "二、主动公开政府信息情况", table="proactive", narrative_optional=True),
    Section(
        "applications",
        "三、收到和处理政府信息公开申请情况",
        table="applications",
        narrative_optional=True,
    ),
    Section(
        "reviews",
        "四、政府信息公开行政复议、行政诉讼情况",
        table="reviews",
        narrative_optional=True,
    ),
    Section("problems", "五、存在的主要问题及改进情况"),
    Section("other", "六、其他需要报告的事项"),
)

FORMAT_2021 = ReportFormat(
    key="2021",
    name="中华人民共和国政府信息公开工作年度报告格式",
    reference="国办公开办函〔2021〕30号",
    first_year=2021,
    sections=SECTIONS,
    tables=(PROACTIVE, APPLICATIONS, REVIEWS),
)
