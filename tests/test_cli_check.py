"""`pagevet check` and `pagevet inspect` through the installed entry point: output formats,
exit codes, broken input, and parity of `--format json` with the library."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from clirun import Run, run_cli
from pagevet.cli import cli
from pagevet.config import load_config
from pagevet.pipeline import run as run_pipeline
from pagevet.report.check import CheckReport

PAGEVET = shutil.which("pagevet") or str(Path(sys.executable).parent / "pagevet")

CLEAN = """\
Đà Nẵng khai trương tuyến đường ven biển mới nối hai quận

Sáng nay, thành phố Đà Nẵng chính thức đưa vào sử dụng tuyến đường ven biển dài bảy cây số nối quận Sơn Trà với quận Ngũ Hành Sơn, sau gần hai năm thi công.

Theo Ban quản lý dự án, tuyến đường có bốn làn xe, vỉa hè rộng và dải cây xanh, được thiết kế để giảm tải cho các trục đường nội thành vào mùa du lịch cao điểm.

Nhiều người dân sống gần công trình cho biết việc đi lại giữa hai quận giờ chỉ mất khoảng mười phút, thay vì gần nửa giờ như trước đây.

Thành phố cũng lên kế hoạch lắp thêm đèn chiếu sáng tiết kiệm năng lượng và các điểm dừng chân cho người đi bộ dọc tuyến đường trong năm tới.
"""
# Mostly menu: nav-spam warning at line 1, and too little text.
MENU = """\
Trang chủ
Thời sự
Thế giới
Kinh tế
Thể thao
Giải trí
Pháp luật
Giáo dục
Sức khỏe
Đời sống
Du lịch
Khoa học
Công nghệ
Bất động sản
Huế ngập sâu sau đêm mưa

Mưa lớn kéo dài từ đêm qua khiến nhiều tuyến phố ở Huế ngập sâu, giao thông ùn tắc.
"""
BRIEF = """\
Giá xăng giảm nhẹ từ chiều nay

Giá xăng trong nước giảm khoảng 300 đồng mỗi lít từ 15 giờ chiều nay theo điều hành của liên bộ.
"""
# An article followed by lottery teasers: gambling-spam info and nav-spam info.
TEASERS = (
    CLEAN
    + """
Tin liên quan

Soi cầu XSMB chốt bạch thủ lô hôm nay

Kết quả xổ số hôm nay miền Nam
"""
)


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("cli")
    good = root / "good"
    (good / "danang").mkdir(parents=True)
    (good / "danang" / "001_0a1b2c3d4e5f6a7b.txt").write_text(CLEAN, "utf-8")
    (good / "danang" / "002_1b2c3d4e5f6a7b8c.txt").write_text(MENU, "utf-8")
    (good / "brief.txt").write_text(BRIEF, "utf-8")
    (good / "teasers.txt.gz").write_bytes(gzip.compress(TEASERS.encode("utf-8")))
    mixed = root / "mixed"
    mixed.mkdir()
    (mixed / "a_clean.txt").write_text(CLEAN, "utf-8")
    (mixed / "b_broken.txt.gz").write_bytes(b"<html>this is not gzip</html>")
    (mixed / "c_brief.txt.gz").write_bytes(gzip.compress(BRIEF.encode("utf-8")))
    return {"root": root, "good": good, "mixed": mixed}


@pytest.fixture(scope="module")
def runs(folders: dict[str, Path]) -> dict[str, Run]:
    """Every case in this process (CliRunner); the plain text check also as a real process of
    the installed entry point (`e2e-text`)."""
    good, mixed = str(folders["good"]), str(folders["mixed"])
    root = folders["root"]
    cases = {
        "text": ["check", good],
        "fail-warning": ["check", good, "--fail-on", "warning"],
        "missing": ["check", good, str(root / "nope")],
        "unknown": ["check", good, "--select", "nav-spam,gambling-spamm"],
        "jsonl": ["check", good, "--format", "jsonl"],
        "json": ["check", good, "--format", "json"],
        "github": ["check", good, "--format", "github"],
        "inspect-jsonl": ["inspect", good, "--format", "jsonl"],
        "broken": ["check", mixed, "--format", "json"],
        "help": ["--help"],
    }
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    done = subprocess.run(
        [PAGEVET, "check", good], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )
    return {name: run_cli(*args, cwd=root) for name, args in cases.items()} | {
        "e2e-text": Run(done.returncode, done.stdout, done.stderr)
    }


def jsonl(run: Run) -> list[dict]:
    return [json.loads(line) for line in run.out.splitlines() if line.strip()]


def invoke(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """In-process, for cases beyond the exit codes and formats run as processes above."""
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(cli, args)
    return Run(result.exit_code, result.stdout, result.stderr)


def file_of(folders: dict[str, Path], name: str) -> str:
    return next(str(p) for p in folders["good"].rglob(name))


# --- check: text ----------------------------------------------------------------------------


def test_text_lists_findings_and_a_summary_and_exits_0_below_fail_on(
    runs: dict[str, Run], folders: dict[str, Path]
) -> None:
    run, found = runs["text"], jsonl(runs["jsonl"])
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    for f in found:
        tail = f": {f['rule']} [{f['severity']}] {f['message']}"
        if f["line"] is not None:
            assert f"{f['path']}:{f['line']}{tail}" in lines
        else:
            assert any(x.startswith(f["path"]) and x.endswith(tail) for x in lines), tail
    menu = file_of(folders, "002_*.txt")
    assert any(
        re.match(rf"{re.escape(menu)}:1: nav-spam \[warning\] 14 navigation", x) for x in lines
    )
    assert re.search(r"^rule\s+error\s+warning\s+info$", run.out, re.M)
    assert re.search(r"^nav-spam\s+0\s+1\s+1$", run.out, re.M)
    assert re.search(r"^too-short\s+0\s+2\s+0$", run.out, re.M)
    assert re.search(r"^gambling-spam\s+0\s+0\s+1$", run.out, re.M)
    assert lines[-1] == f"4 pages, {len(found)} findings; fail-on error: ok"


def test_the_installed_entry_point_prints_what_the_cli_prints_in_process(
    runs: dict[str, Run],
) -> None:
    e2e, inside = runs["e2e-text"], runs["text"]
    assert (e2e.code, e2e.out) == (inside.code, inside.out)
    assert e2e.code == 0 and "4 pages" in e2e.out


def test_fail_on_warning_exits_1(runs: dict[str, Run]) -> None:
    run = runs["fail-warning"]
    assert run.code == 1
    assert run.out.splitlines()[-1].endswith("fail-on warning: FAILED")


def test_fail_on_from_pyproject_in_the_current_folder(
    folders: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.pagevet]\nfail-on = "warning"\n', "utf-8")
    run = invoke(["check", str(folders["good"]), "--select", "too-short"], tmp_path, monkeypatch)
    assert run.code == 1
    assert run.out.splitlines()[-1] == "4 pages, 2 findings; fail-on warning: FAILED"
    run = invoke(
        ["check", str(folders["good"]), "--select", "too-short", "--fail-on", "error"],
        tmp_path,
        monkeypatch,
    )
    assert run.code == 0


def test_missing_path_exits_2(runs: dict[str, Run]) -> None:
    run = runs["missing"]
    assert run.code == 2
    assert "nope" in run.err and "does not exist" in run.err
    assert run.out == ""


def test_unknown_rule_in_select_exits_2_naming_it(runs: dict[str, Run]) -> None:
    run = runs["unknown"]
    assert run.code == 2
    assert "Error: --select/--ignore: unknown rule 'gambling-spamm'; known rules: " in run.err
    assert "gambling-spam," in run.err


def test_unknown_rule_is_refused_before_any_page_is_read(
    folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import pagevet.sources

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("pages were read before the rule ids were checked")

    monkeypatch.setattr(pagevet.sources, "read_pages", no_reading)
    run = invoke(
        ["check", str(folders["good"]), "--select", "nav-spamm"], folders["root"], monkeypatch
    )
    assert run.code == 2
    assert "unknown rule 'nav-spamm'" in run.err


# --- check: machine formats -----------------------------------------------------------------


def test_jsonl_lines_are_findings(runs: dict[str, Run], folders: dict[str, Path]) -> None:
    run = runs["jsonl"]
    assert run.code == 0, run.err
    found = jsonl(run)
    assert found
    for f in found:
        assert {"page", "path", "rule", "severity", "line", "message", "evidence"} <= set(f)
        assert isinstance(f["evidence"], dict)
    by_rule = {(f["rule"], Path(f["path"]).name): f for f in found}
    nav = by_rule[("nav-spam", "002_1b2c3d4e5f6a7b8c.txt")]
    assert nav["page"] == "1b2c3d4e5f6a7b8c"
    assert (nav["severity"], nav["line"]) == ("warning", 1)
    assert nav["evidence"]["lines"] == list(range(1, 15))
    teaser = by_rule[("gambling-spam", "teasers.txt.gz")]
    assert (teaser["severity"], teaser["line"]) == ("info", 13)
    assert teaser["evidence"]["lines"] == [13, 15]
    assert by_rule[("too-short", "brief.txt")]["evidence"]["text_chars"] < 200
    assert not [f for f in found if Path(f["path"]).name == "001_0a1b2c3d4e5f6a7b.txt"]


def test_json_equals_the_library_report(runs: dict[str, Run], folders: dict[str, Path]) -> None:
    run = runs["json"]
    assert run.code == 0, run.err
    config = load_config(folders["root"])
    expected = CheckReport.from_pages(
        run_pipeline([str(folders["good"])], config).pages, config.fail_on
    ).to_dict()
    assert json.loads(run.out) == json.loads(json.dumps(expected, ensure_ascii=False))
    assert json.loads(run.out)["pages"] == 4
    assert json.loads(run.out)["failed"] is False
    assert json.loads(run.out)["findings"] == jsonl(runs["jsonl"])


def test_github_annotations(runs: dict[str, Run], folders: dict[str, Path]) -> None:
    run = runs["github"]
    assert run.code == 0, run.err
    menu = file_of(folders, "002_*.txt")
    lines = run.out.splitlines()
    assert len(lines) == len(jsonl(runs["jsonl"]))
    assert all(re.match(r"^::(error|warning|notice) file=[^,]+(,line=\d+)?,title=[a-z-]+::", x)
               for x in lines)  # fmt: skip
    assert any(x.startswith(f"::warning file={menu},line=1,title=nav-spam::14 navigation")
               for x in lines)  # fmt: skip
    assert any(x.startswith("::notice ") and "gambling-spam" in x for x in lines)
    # "%" in a message is escaped as GitHub requires.
    assert all("%" not in x.split("::", 2)[2].replace("%25", "") for x in lines)


def test_select_and_ignore_change_which_rules_fire(
    runs: dict[str, Run], folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    every = {f["rule"] for f in jsonl(runs["jsonl"])}
    assert {"nav-spam", "too-short", "gambling-spam"} <= every
    good, root = str(folders["good"]), folders["root"]
    selected = invoke(
        ["check", good, "--select", "too-short", "--format", "jsonl"], root, monkeypatch
    )
    assert {f["rule"] for f in jsonl(selected)} == {"too-short"}
    ignored = invoke(
        ["check", good, "--ignore", "too-short,gambling-spam", "--ignore", "nav-spam",
         "--format", "jsonl"],
        root,
        monkeypatch,
    )  # fmt: skip
    assert {f["rule"] for f in jsonl(ignored)} == every - {"nav-spam", "too-short", "gambling-spam"}


# --- broken input ---------------------------------------------------------------------------


def test_a_broken_gzip_is_reported_and_the_other_pages_still_are(
    runs: dict[str, Run], folders: dict[str, Path]
) -> None:
    run = runs["broken"]
    assert run.code == 1, run.err
    broken = str(folders["mixed"] / "b_broken.txt.gz")
    report = json.loads(run.out)
    assert report["pages"] == 3
    assert report["failed"] is True
    (f,) = [f for f in report["findings"] if f["rule"] == "unreadable-page"]
    assert f["path"] == broken
    assert f["page"] == "b_broken"
    assert f["evidence"]["path"] == broken
    assert "gzip" in f["evidence"]["reason"]
    others = {(Path(f["path"]).name, f["rule"]) for f in report["findings"]} - {
        ("b_broken.txt.gz", "unreadable-page")
    }
    assert ("c_brief.txt.gz", "too-short") in others
    assert all(name != "b_broken.txt.gz" for name, _ in others)
    assert f["message"].startswith(f"{broken}: could not be read: ")


def test_a_broken_gzip_in_the_text_report(
    folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    run = invoke(["check", str(folders["mixed"])], folders["root"], monkeypatch)
    assert run.code == 1
    broken = str(folders["mixed"] / "b_broken.txt.gz")
    (line,) = [x for x in run.out.splitlines() if "unreadable-page [error]" in x]
    assert line.startswith(broken) and "gzip" in line
    assert any(x.startswith(str(folders["mixed"] / "c_brief.txt.gz")) for x in run.out.splitlines())
    assert run.out.splitlines()[-1].startswith("3 pages, ")
    assert run.out.splitlines()[-1].endswith("fail-on error: FAILED")


# --- inspect --------------------------------------------------------------------------------


def test_inspect_jsonl_records(runs: dict[str, Run], folders: dict[str, Path]) -> None:
    run = runs["inspect-jsonl"]
    assert run.code == 0, run.err
    records = {Path(r["path"]).name: r for r in jsonl(run)}
    assert set(records) == {
        "001_0a1b2c3d4e5f6a7b.txt",
        "002_1b2c3d4e5f6a7b8c.txt",
        "brief.txt",
        "teasers.txt.gz",
    }
    fields = {"id", "path", "title", "slug", "source", "published_at", "text", "line_roles",
              "findings"}  # fmt: skip
    for name, record in records.items():
        assert fields <= set(record), name
        page_text = {"001_0a1b2c3d4e5f6a7b.txt": CLEAN, "002_1b2c3d4e5f6a7b8c.txt": MENU,
                     "brief.txt": BRIEF, "teasers.txt.gz": TEASERS}[name]  # fmt: skip
        assert [r["n"] for r in record["line_roles"]] == list(
            range(1, len(page_text.split("\n")) + 1)
        )
    clean = records["001_0a1b2c3d4e5f6a7b.txt"]
    assert clean["id"] == "0a1b2c3d4e5f6a7b"
    assert clean["title"] == CLEAN.split("\n")[0]
    assert clean["text"] == "\n".join(p for p in CLEAN.split("\n")[2:] if p)
    assert clean["line_roles"][:3] == [
        {"n": 1, "role": "title"},
        {"n": 2, "role": "blank"},
        {"n": 3, "role": "lead"},
    ]
    assert clean["findings"] == []
    menu = records["002_1b2c3d4e5f6a7b8c.txt"]
    nav = next(f for f in menu["findings"] if f["rule"] == "nav-spam")
    assert nav["line"] == 1 and nav["evidence"]["lines"] == list(range(1, 15))


def test_inspect_jsonl_line_roles_number_the_page_text(runs: dict[str, Run]) -> None:
    for record in jsonl(runs["inspect-jsonl"]):
        assert len(record["line_roles"]) == len(record["page_text"].split("\n")), record["path"]
        assert [r["n"] for r in record["line_roles"]] == list(
            range(1, len(record["line_roles"]) + 1)
        )
        numbered = record["page_text"].split("\n")
        text_lines = [numbered[r["n"] - 1].strip() for r in record["line_roles"]
                      if r["role"] in ("lead", "body")]  # fmt: skip
        assert text_lines == (record["text"].split("\n") if record["text"] else []), record["path"]


def test_inspect_text_shows_findings_under_their_lines(
    folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    run = invoke(["inspect", str(folders["good"] / "danang")], folders["root"], monkeypatch)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    menu = file_of(folders, "002_*.txt")
    assert f"== {menu} (id 1b2c3d4e5f6a7b8c)" in lines
    first = lines.index(next(x for x in lines if re.match(r"^\s+1 nav\s+│ Trang chủ$", x)))
    assert re.match(r"^\s+│\s+\^ nav-spam \[warning\] 14 navigation", lines[first + 1])
    assert re.match(r"^\s+2 nav\s+│ Thời sự$", lines[first + 2])
    # A finding without a line is shown with the page's fields.
    assert any(re.match(r"^\s+! too-short \[warning\] clean text has", x) for x in lines)
    assert any(re.match(r"^\s+1 title\s+│ Đà Nẵng khai trương", x) for x in lines)


# --- help -----------------------------------------------------------------------------------


def test_help_lists_the_commands(runs: dict[str, Run]) -> None:
    run = runs["help"]
    assert run.code == 0
    for name in cli.commands:
        assert re.search(rf"^\s+{name}\s", run.out, re.M), name


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("path", [p for p, _ in _commands(cli)], ids=lambda p: " ".join(p))
def test_every_command_help_has_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert f"pagevet {' '.join(path)}" in result.output
