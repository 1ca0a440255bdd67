"""The audit at province scale: folders walked, N processes, a progress bar, CSV and HTML
summaries; the results are the same whatever the number of processes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from . import builders
from .test_audit import run_audit


def _province(root: Path) -> None:
    """Reports in nested folders, as a province's download is laid out, and one bad file."""
    earlier = builders.consistent_document(seed=1, year=2023, agency="洪泽区人民政府")
    later = builders.consistent_document(
        seed=2, year=2024, agency="淮安市洪泽区人民政府", follows=earlier
    )
    ref = "applications.carried_over_in.total"
    later.set(ref, int(later.get(ref)) + 1)  # carry_over and the row total break
    (root / "淮安市" / "洪泽区").mkdir(parents=True)
    (root / "嘉祥县").mkdir()
    (root / "淮安市" / "洪泽区" / "2023.docx").write_bytes(builders.render_docx(earlier))
    (root / "淮安市" / "洪泽区" / "2024.html").write_bytes(builders.render_html(later))
    for seed in range(3, 7):
        document = builders.consistent_document(seed=seed, year=2016 + seed)
        (root / "嘉祥县" / f"{seed}.txt").write_text(builders.render_text(document), "utf-8")
    (root / "嘉祥县" / "扫描.pdf").write_bytes(b"%PDF-1.4 damaged")
    (root / "嘉祥县" / "说明.xlsx").write_bytes(b"not a report")


def test_folders_in_one_or_two_processes_give_the_same_results(tmp_path):
    _province(tmp_path)

    one = run_audit("--json", "-j", "1", tmp_path)
    two = run_audit("--json", "-j", "2", tmp_path)

    assert one.returncode == two.returncode == 2
    assert json.loads(one.stdout) == json.loads(two.stdout)
    files = json.loads(one.stdout)["files"]
    assert len(files) == 7  # the .xlsx is not a report file
    by_name = {Path(f["file"]).name: f for f in files}
    assert by_name["2024.html"]["previous"].endswith("2023.docx")
    assert "carry_over" in {f["code"] for f in by_name["2024.html"]["findings"]}
    assert by_name["扫描.pdf"]["read"] is False


def test_progress_bar_and_summaries(tmp_path):
    _province(tmp_path)
    out = tmp_path / "out"
    out.mkdir()

    completed = run_audit(
        "-j",
        "2",
        "--progress",
        "--csv",
        out / "summary.csv",
        "--html",
        out / "summary.html",
        tmp_path / "淮安市",
        tmp_path / "嘉祥县",
    )

    assert completed.returncode == 2
    assert completed.stderr.rstrip().endswith("[" + "#" * 30 + "] 7/7")
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as summary:
        rows = list(csv.reader(summary))
    assert rows[0] == ["文件", "机关", "年度", "已读取", "错误数", "警告数", "第一处错误"]
    by_name = {Path(row[0]).name: row for row in rows[1:]}
    assert by_name["2023.docx"][1:6] == ["洪泽区人民政府", "2023", "是", "0", "0"]
    assert by_name["2024.html"][1:4] == ["淮安市洪泽区人民政府", "2024", "是"]
    assert int(by_name["2024.html"][4]) >= 2
    assert by_name["扫描.pdf"][3] == "否"
    assert "PDF" in by_name["扫描.pdf"][6]
    page = (out / "summary.html").read_text("utf-8")
    number = [Path(row[0]).name for row in rows[1:]].index("2024.html") + 1
    assert f'href="#f{number}"' in page
    assert f'<section id="f{number}">' in page
    assert f'<li id="f{number}-1">' in page


def test_agency_and_year_given_on_the_command_line(tmp_path):
    document = builders.consistent_document(seed=3)
    path = tmp_path / "年报.txt"
    path.write_text(builders.render_text(document), "utf-8")

    completed = run_audit("--json", "--agency", "嘉祥县科技局", "--year", "2021", path)

    (entry,) = json.loads(completed.stdout)["files"]
    assert (entry["agency"], entry["year"]) == ("嘉祥县科技局", 2021)


def test_a_label_variant_is_a_warning_in_the_audit_not_an_error(tmp_path):
    document = builders.consistent_document(seed=9)
    page = builders.render_html(document).replace(
        "<span>行政规范性文件</span>".encode(), "<span>规范性文件</span>".encode()
    )
    path = tmp_path / "2023.html"
    path.write_bytes(page)

    completed = run_audit("--json", path)

    assert completed.returncode == 0
    (entry,) = json.loads(completed.stdout)["files"]
    assert entry["read"] is True
    (problem,) = entry["problems"]
    assert problem["severity"] == "warning"
    assert "“规范性文件”" in problem["message"] and "“行政规范性文件”" in problem["message"]
    assert problem["where"].startswith("表二")
    human = run_audit(path)
    assert "[警告]" in human.stdout and "“规范性文件”" in human.stdout
