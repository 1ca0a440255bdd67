"""text_table_mismatch: reading figures from the narrative, with precision first."""

from __future__ import annotations

import pytest
from django.utils import translation

from wagtail_govdisclosure.checks import fill_totals, find_mentions, plain_text, run_checks
from wagtail_govdisclosure.checks.narrative import parse_number

# (sentence of a 2022 report, the figures it states) — real phrasings from published reports.
SENTENCES = [
    # Figures read.
    ("本年度共收到政府信息公开申请2件。", [("received", 2)]),
    (
        "2022年，本机关共收到政府信息公开申请十二件，上年结转两件。",
        [("received", 12), ("carried_over_in", 2)],
    ),
    (
        "全年新收政府信息公开申请35件，结转下年度继续办理3件。",
        [("received", 35), ("carried_over_out", 3)],
    ),
    ("本年度共收到12件政府信息公开申请。", [("received", 12)]),
    ("全年共收到政府信息公开申请一百零五件。", [("received", 105)]),
    ("收到依申请公开申请5件，均已按期答复。", [("received", 5)]),
    ("全年收到政府信息公开申请1,234件。", [("received", 1234)]),
    ("本机关收到政府信息公开申请１２件，同比增长20%。", [("received", 12)]),
    ("上年度结转政府信息公开申请3件。", [("carried_over_in", 3)]),
    ("收到政府信息公开申请12件（含上年结转2件）。", [("carried_over_in", 2)]),
    ("2022年，共有1件政府信息公开申请结转至2023年继续办理。", [("carried_over_out", 1)]),
    (
        "本年度收到政府信息公开申请10件，上年结转2件，共办结11件，结转下年度继续办理1件。",
        [("received", 10), ("carried_over_in", 2), ("carried_over_out", 1)],
    ),
    ("因政府信息公开被申请行政复议134件。", [("reconsideration", 134)]),
    ("2022年，我局被申请政府信息公开行政复议2件，已全部审结。", [("reconsideration", 2)]),
    (
        "本年度发生政府信息公开行政复议案件3起、行政诉讼案件1起。",
        [("reconsideration", 3), ("litigation", 1)],
    ),
    (
        "本年度被提起政府信息公开行政诉讼2件（未经复议直接起诉1件，复议后起诉1件）。",
        [("litigation", 2)],
    ),
    (
        "2022年我局未收到政府信息公开申请，不存在在有关政府信息公开行政复议和行政诉讼情况。",
        [("received", 0), ("reconsideration", 0), ("litigation", 0)],
    ),
    (
        "未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
        [("reconsideration", 0), ("litigation", 0)],
    ),
    # Left alone: another quantity, scope, period, part or subject.
    ("全年共办理行政复议案件134件。", []),  # the organ as reconsideration body, all matters
    ("县政府共受理行政复议申请134件，其中涉及政府信息公开的3件。", []),
    ("2022年嘉祥县科技局共承办0件人大建议，2件政协提案。", []),
    ("经审核批准后累计发布各类政府信息16条。", []),
    ("2021年共收到政府信息公开申请8件。", []),
    ("与上年相比，收到的政府信息公开申请增加3件。", []),
    ("上年度，我局收到政府信息公开申请8件。", []),
    ("其中，通过网络收到政府信息公开申请10件。", []),
    ("自然人提出的政府信息公开申请5件。", []),
    ("收到法律服务机构的政府信息公开申请2件。", []),
    ("全县共收到政府信息公开申请326件。", []),
    ("上半年收到政府信息公开申请5件。", []),
    ("2022年1月至12月共收到政府信息公开申请20件。", []),
    ("收到政府信息公开申请约20件。", []),
    ("收到政府信息公开申请20件左右。", []),
    ("全年处理政府信息公开申请15件。", []),
    ("共收到政府信息公开申请和咨询12件。", []),
    ("未收到政府信息公开申请方面的投诉。", []),
    ("政府信息公开行政复议案件中，结果维持2件。", []),
    ("政府信息公开行政复议和行政诉讼案件共3件。", []),
    ("本年度政府信息公开行政诉讼案件2件已审结。", []),
    ("近三年未发生政府信息公开行政复议。", []),
    ("未发生政府信息公开行政复议被纠正的情况。", []),
    ("本年度共发生行政复议案件2件。", []),  # not about disclosure (outside section 四)
    ("我局没有收取信息处理费情况。", []),
]


@pytest.mark.parametrize(("sentence", "figures"), SENTENCES)
def test_sentence(sentence: str, figures: list) -> None:
    mentions = find_mentions(sentence, 2022)
    assert [(m.quantity, m.value) for m in mentions] == figures


def test_case_counts_in_section_four_need_not_say_disclosure() -> None:
    mentions = find_mentions("本年度共发生行政复议案件2件。", 2022, section="reviews")
    assert [(m.quantity, m.value, m.section) for m in mentions] == [
        ("reconsideration", 2, "reviews")
    ]
    # Still not when the organ is the one hearing the cases.
    assert find_mentions("全年共办理行政复议案件134件。", 2022, section="reviews") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("12", 12),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("一百三十四", 134),
        ("两千零一", 2001),
        ("一万二千", 12000),
        ("二零二二", None),
        ("十十", None),
    ],
)
def test_parse_number(text: str, value: int | None) -> None:
    assert parse_number(text) == value


def test_plain_text() -> None:
    assert plain_text("<p>收到申请<strong>1&nbsp;2</strong>件</p><p>上年结转２件</p>") == (
        "\n收到申请12件\n\n上年结转2件\n"
    )
    assert "alert" not in plain_text("<script>alert(1)</script><p>x</p>")


def _report(filled_seed, text: str, section: str = "overview"):
    filled_seed.sections = {section: text}
    return filled_seed


def test_reconsiderations_stated_134_while_the_table_says_170(filled_seed) -> None:
    for column, value in {"upheld": 120, "corrected": 20, "other": 10, "pending": 20}.items():
        filled_seed.set(f"reviews.reconsideration.{column}", value)
    fill_totals(filled_seed)
    assert filled_seed.get("reviews.reconsideration.total") == 170
    _report(filled_seed, "<p>2022年，本机关因政府信息公开被申请行政复议134件。</p>")
    findings = run_checks(filled_seed)
    assert [(f.code, f.severity.value, f.cells, f.expected, f.actual) for f in findings] == [
        (
            "text_table_mismatch",
            "warning",
            ("reviews.reconsideration.total", "sections.overview"),
            170,  # expected: the table's figure
            134,  # actual: the figure in the text
        )
    ]
    with translation.override("zh-hans"):
        (finding,) = run_checks(filled_seed)
    assert finding.message == (
        "正文（一、总体情况）写明“本机关因政府信息公开被申请行政复议134件”，"
        "但表格中“行政复议”的“总计”为 170。"
    )


def test_lawsuits_are_compared_with_both_litigation_totals(filled_seed) -> None:
    filled_seed.set("reviews.litigation_direct.upheld", 1)
    filled_seed.set("reviews.litigation_after_reconsideration.pending", 1)
    fill_totals(filled_seed)
    _report(filled_seed, "<p>本年度发生政府信息公开行政诉讼2件。</p>", "reviews")
    assert run_checks(filled_seed) == []
    _report(filled_seed, "<p>本年度发生政府信息公开行政诉讼3件。</p>", "reviews")
    (finding,) = run_checks(filled_seed)
    assert finding.cells == (
        "reviews.litigation_direct.total",
        "reviews.litigation_after_reconsideration.total",
        "sections.reviews",
    )
    assert (finding.expected, finding.actual) == (2, 3)


def test_no_lawsuit_stated_while_the_table_has_one(filled_seed) -> None:
    filled_seed.set("reviews.litigation_direct.pending", 1)
    fill_totals(filled_seed)
    findings = run_checks(filled_seed)  # the seed's own sentence: 不存在…行政复议和行政诉讼
    assert [(f.code, f.cells[:2], f.expected, f.actual) for f in findings] == [
        (
            "text_table_mismatch",
            ("reviews.litigation_direct.total", "reviews.litigation_after_reconsideration.total"),
            1,
            0,
        )
    ]


def test_received_and_carry_over_figures(filled_seed) -> None:
    filled_seed.set("applications.received.natural_person", 10)
    filled_seed.set("applications.carried_over_in.natural_person", 2)
    filled_seed.set("applications.disclosed.natural_person", 11)
    filled_seed.set("applications.carried_over_out.natural_person", 1)
    fill_totals(filled_seed)
    text = "<p>本年度收到政府信息公开申请{}件，上年结转{}件，结转下年度继续办理{}件。</p>"
    _report(filled_seed, text.format(10, 2, 1), "applications")
    assert run_checks(filled_seed) == []
    _report(filled_seed, text.format(9, 3, 1), "applications")
    assert [(f.cells[0], f.expected, f.actual) for f in run_checks(filled_seed)] == [
        ("applications.received.total", 10, 9),
        ("applications.carried_over_in.total", 2, 3),
    ]


def test_the_same_figure_twice_is_one_warning(filled_seed) -> None:
    filled_seed.sections = {
        "overview": "<p>本年度共收到政府信息公开申请3件。</p>",
        "applications": "<p>全年共收到政府信息公开申请3件。</p>",
    }
    (finding,) = run_checks(filled_seed)
    assert finding.cells == (
        "applications.received.total",
        "sections.overview",
        "sections.applications",
    )


def test_a_blank_table_cell_is_not_compared(seed) -> None:
    # The seed: received.total is blank, so its sentence has nothing to contradict.
    assert {f.code for f in run_checks(seed)} == {"blank_cell"}


def test_other_years_sentences_are_ignored(filled_seed) -> None:
    _report(filled_seed, "<p>2021年，我局收到政府信息公开申请8件；2023年以来共收到3件。</p>")
    assert run_checks(filled_seed) == []
