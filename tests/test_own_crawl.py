"""Issue 13: a user's own crawl outside this repository, from `pagevet init` to a version —
every step through the real command line, in a temporary folder with no `checks/` above it."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import polars as pl
import pytest

from clirun import run_cli
from samplegen import write_sample

# computed here: another conftest.py (tests/hub) can shadow `conftest` in a full run
REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "datasets" / "sample-news"


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Path:
    """A crawl of three sites (text dumps, JSONL with URLs) written by the sample generator."""
    root = tmp_path_factory.mktemp("crawl")
    write_sample(root / "gen", pages=60, seed=5)
    return root / "gen" / "raw"


def _init(tmp_path: Path, crawl: Path):
    return run_cli("init", "ds", "--source", crawl, cwd=tmp_path)


def test_init_writes_starter_suites_and_the_build_works_outside_the_repository(
    tmp_path: Path, crawl: Path
) -> None:
    done = _init(tmp_path, crawl)
    assert done.code == 0, done.err
    assert "no checks/ folder found: wrote starter suites" in done.out
    assert (tmp_path / "ds/checks/pages.json").is_file()
    assert (tmp_path / "ds/checks/release.json").is_file()
    built = run_cli("build", "ds", cwd=tmp_path)
    assert built.code == 0, built.err
    manifest = json.loads((tmp_path / "ds/versions/v1.0.0/manifest.json").read_text())
    assert set(manifest["suites"]) == {"pages", "release"}  # publish has its gate
    assert manifest["suites"]["release"]["path"] == "validation/release.json"


def test_init_guesses_languages_sites_and_relative_paths_and_never_a_licence(
    tmp_path: Path, crawl: Path
) -> None:
    done = _init(tmp_path, crawl)
    assert done.code == 0, done.err
    text = (tmp_path / "ds/dataset.toml").read_text("utf-8")
    recipe = tomllib.loads(text)
    assert recipe["license"] == "other"
    assert "CHOOSE A LICENCE" in text
    assert sorted(recipe["languages"]) == ["en", "vi"]  # detected, not the fixed ["vi"]
    paths = [s["path"] for s in recipe["sources"]]
    assert all(p.startswith("../") for p in paths), paths
    assert str(tmp_path) not in text
    sites = {Path(s["path"]).name: s.get("source") for s in recipe["sources"]}
    assert sites["dailyexample"] == "dailyexample.com"  # from the JSONL records' URLs


def test_a_project_without_checks_builds_with_the_shipped_suites(
    tmp_path: Path, crawl: Path
) -> None:
    (tmp_path / "ds").mkdir()
    (tmp_path / "ds/dataset.toml").write_text(
        f'name = "ds"\nlicense = "other"\nlanguages = ["vi", "en"]\n\n[[sources]]\n'
        f'path = "{crawl}"\nallow_outside = true\n',
        "utf-8",
    )
    built = run_cli("build", "ds", "--format", "json", cwd=tmp_path)
    assert built.code == 0, built.err
    suites = json.loads(built.out)["suites"]
    assert set(suites) == {"pages", "release"}
    results = json.loads((tmp_path / "ds/versions/v1.0.0/validation/release.json").read_text())
    assert "pagevet:checks/release.json" in json.dumps(results)


def test_a_named_release_suite_that_is_missing_is_an_error_not_skipped(
    tmp_path: Path, crawl: Path
) -> None:
    assert _init(tmp_path, crawl).code == 0
    (tmp_path / "ds/checks/release.json").unlink()
    built = run_cli("build", "ds", cwd=tmp_path)
    assert built.code == 2
    assert "release_suite 'checks/release.json' does not exist" in built.err
    assert not (tmp_path / "ds/versions").exists()


def test_a_failed_first_build_leaves_no_versions_folder(tmp_path: Path, crawl: Path) -> None:
    assert _init(tmp_path, crawl).code == 0
    (tmp_path / "ds/checks/pages.json").unlink()
    built = run_cli("build", "ds", cwd=tmp_path)
    assert built.code == 2
    assert "does not exist" in built.err
    assert sorted(p.name for p in (tmp_path / "ds").iterdir()) == [
        "README.md", "checks", "dataset.toml"
    ]  # fmt: skip


def test_provenance_is_relative_to_the_recipe_folder(tmp_path: Path, crawl: Path) -> None:
    assert _init(tmp_path, crawl).code == 0
    assert run_cli("build", "ds", cwd=tmp_path).code == 0
    version = tmp_path / "ds/versions/v1.0.0"
    paths = pl.read_parquet(version / "raw" / "*.parquet")["path"].unique().to_list()
    assert paths and all(p.startswith("../") for p in paths), paths[:3]
    root = str(crawl.parents[1])
    for file in version.rglob("*"):
        if file.is_file():
            assert root.encode() not in file.read_bytes(), file


def test_the_shipped_suites_are_the_repositorys_checks() -> None:
    from pagevet.store.recipe import default_suite

    for name in ("pages", "release"):
        assert default_suite(name).read_bytes() == (REPO / "checks" / f"{name}.json").read_bytes()


@pytest.mark.parametrize("command", ["check", "inspect"])
def test_a_path_without_page_files_exits_2_naming_the_readable_kinds(
    tmp_path: Path, command: str
) -> None:
    (tmp_path / "only-tables").mkdir()
    (tmp_path / "only-tables/export.csv").write_text("a,b\n1,2\n", "utf-8")
    (tmp_path / "only-tables/meta.json").write_text("{}", "utf-8")
    (tmp_path / "empty").mkdir()
    for folder in ("only-tables", "empty"):
        done = run_cli(command, folder, cwd=tmp_path)
        assert done.code == 2, done.out
        assert f"no page files under {folder} (pagevet reads .txt, .html" in done.err
        assert ".jsonl, .parquet" in done.err
        assert "0 pages" not in done.out


def _jsonl_crawl(tmp_path: Path) -> Path:
    """A JSONL file with a blank line and records whose findings differ."""
    good = "Bài viết này nói về thời tiết hôm nay ở thành phố. " * 12
    rows = [
        {"id": "rec-a", "url": "https://ex.vn/tin/a", "title": "Tin a", "text": good},
        {"id": "rec-b", "url": "https://ex.vn/tin/b", "title": "Tin b", "text": "ngắn quá"},
        {"id": "rec-c", "url": "https://ex.vn/tin/c", "title": "Tin c", "text": "cũng ngắn"},
    ]
    lines = [json.dumps(rows[0], ensure_ascii=False), "", json.dumps(rows[1], ensure_ascii=False)]
    lines += [json.dumps(rows[2], ensure_ascii=False)]
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_inspect_addresses_a_record_by_path_hash_and_by_id(tmp_path: Path) -> None:
    _jsonl_crawl(tmp_path)
    one = run_cli("inspect", "pages.jsonl#1", "--format", "jsonl", cwd=tmp_path)
    assert one.code == 0, one.err
    assert [json.loads(x)["id"] for x in one.out.splitlines()] == ["rec-b"]
    by_id = run_cli("inspect", "pages.jsonl", "--id", "rec-c", "--format", "jsonl", cwd=tmp_path)
    assert [json.loads(x)["id"] for x in by_id.out.splitlines()] == ["rec-c"]
    missing = run_cli("inspect", "pages.jsonl#7", cwd=tmp_path)
    assert missing.code == 2 and "no record pages.jsonl#7" in missing.err


def test_github_annotations_point_at_the_records_line_in_the_jsonl_file(tmp_path: Path) -> None:
    _jsonl_crawl(tmp_path)
    done = run_cli("check", "pages.jsonl", "--select", "too-short", "--format", "github",
                   cwd=tmp_path)  # fmt: skip
    lines = {line.split("::")[2].split(":")[0]: line for line in done.out.splitlines() if line}
    # record #1 is on line 3 (line 2 is blank), record #2 on line 4
    assert "file=pages.jsonl,line=3," in lines["record #1"]
    assert "file=pages.jsonl,line=4," in lines["record #2"]


def test_latest_never_moves_backwards_and_diff_names_the_changed_fields(
    tmp_path: Path, crawl: Path
) -> None:
    import shutil

    shutil.copytree(crawl, tmp_path / "crawl")
    assert _init(tmp_path, tmp_path / "crawl").code == 0
    assert run_cli("build", "ds", cwd=tmp_path).code == 0
    # every dated text page of one site re-crawled: its crawled_at changes, nothing else
    site = tmp_path / "crawl" / "tinsongnam"
    touched = 0
    for page in sorted(site.glob("*.txt")):
        text = page.read_text("utf-8")
        if text.count("\n") > 3 and touched < 14:
            page.write_text(text + "\nCập nhật lúc 09:00 ngày 03/02/2031\n", "utf-8")
            touched += 1
    assert run_cli("build", "ds", "--version", "2.0.0", cwd=tmp_path).code == 0
    back = run_cli("build", "ds", "--version", "0.5.0", cwd=tmp_path)
    assert back.code == 2 and "LATEST never moves backwards" in back.err
    assert (tmp_path / "ds/versions/LATEST").read_text().strip() == "v2.0.0"
    assert not (tmp_path / "ds/versions/v0.5.0").exists()
    diff = run_cli("diff", "ds", "1.0.0", "2.0.0", cwd=tmp_path)
    assert diff.code == 0, diff.err
    fields = json.loads(run_cli("diff", "ds", "1.0.0", "2.0.0", "--format", "json",
                                cwd=tmp_path).out)["fields"]  # fmt: skip
    assert fields["crawled_at"] > 0  # the new dated line moved the inferred crawl date
    for name, n in fields.items():
        assert f"{name}: {n} page" in diff.out
    assert f"list cut: first 10 of {touched} shown" in diff.out


@pytest.fixture(scope="module")
def built_ds(tmp_path_factory, crawl: Path) -> Path:
    """`pagevet init` + `pagevet build` once, outside the repository (read-only for tests)."""
    root = tmp_path_factory.mktemp("built")
    assert _init(root, crawl).code == 0
    done = run_cli("build", "ds", cwd=root)
    assert done.code == 0, done.err
    return root


@pytest.mark.parametrize(
    "env",
    [{"HF_HUB_OFFLINE": "1"}, {"HF_HUB_OFFLINE": "0", "HF_ENDPOINT": "http://127.0.0.1:9"}],
    ids=["hf-hub-offline", "unreachable"],
)
def test_publish_dry_run_offline_prints_the_local_plan(built_ds: Path, env) -> None:
    import os
    import subprocess
    import sys

    pagevet = str(Path(sys.executable).with_name("pagevet"))
    done = subprocess.run(
        [pagevet, "publish", "ds", "--repo", "me/ds", "--dry-run"],
        cwd=built_ds, capture_output=True, text=True, env={**os.environ, **env}, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "the remote parent could not be read" in done.stderr
    plan = json.loads(done.stdout)
    manifest = json.loads((built_ds / "ds/versions/v1.0.0/manifest.json").read_text())
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    ops = {op["path"]: op for op in plan["operations"]}
    assert set(ops) == set(listed) | {"manifest.json"}
    assert all(ops[p]["sha256"] == sha and ops[p]["bytes"] > 0 for p, sha in listed.items())
    assert plan["tag"]["name"] == "v1.0.0" and plan["remote_read"] is False
    # a real publish with the Hub unreachable is a sentence, not a traceback
    real = subprocess.run(
        [pagevet, "publish", "ds", "--repo", "me/ds", "--force"],
        cwd=built_ds, capture_output=True, text=True, env={**os.environ, **env}, timeout=300,
    )  # fmt: skip
    assert real.returncode == 2 and real.stderr.startswith("Error: ")
    assert "Traceback" not in real.stderr


def test_croissant_names_the_hub_repo_only_when_the_recipe_does(
    tmp_path: Path, crawl: Path
) -> None:
    assert _init(tmp_path, crawl).code == 0
    assert run_cli("build", "ds", cwd=tmp_path).code == 0
    first = json.loads((tmp_path / "ds/versions/v1.0.0/croissant.json").read_text())
    assert "url" not in first and "citeAs" not in first  # no invented repo before publishing
    recipe = tmp_path / "ds/dataset.toml"
    recipe.write_text('hub_repo = "my-org/ds"\n' + recipe.read_text("utf-8"), "utf-8")
    assert run_cli("build", "ds", cwd=tmp_path).code == 0
    second = json.loads((tmp_path / "ds/versions/v1.0.1/croissant.json").read_text())
    assert second["url"] == "https://huggingface.co/datasets/my-org/ds"
    assert "url={https://huggingface.co/datasets/my-org/ds}" in second["citeAs"]
    other = run_cli("publish", "ds", "--repo", "someone/else", "--dry-run", cwd=tmp_path,
                    env={"HF_HUB_OFFLINE": "1"})  # fmt: skip
    assert "croissant.json of v1.0.1 names https://huggingface.co/datasets/my-org/ds" in (
        " ".join(json.loads(other.out)["blockers"])
    )


def _commands(group, prefix=()):
    import click

    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_help_examples_never_wrap_inside_a_path() -> None:
    from pagevet.cli import cli

    checked = 0
    for words in [(), *_commands(cli)]:
        done = run_cli(*words, "--help", env={"COLUMNS": "50"})
        assert done.code == 0
        lines = done.out.splitlines()
        for i, line in enumerate(lines):
            if line.strip().startswith("pagevet ") and line.startswith("      "):
                checked += 1
                following = lines[i + 1] if i + 1 < len(lines) else ""
                # the example's next line is blank or another example, never its continuation
                assert not following.strip() or following.strip().startswith("pagevet "), (
                    words, line, following,
                )  # fmt: skip
                assert not line.rstrip().endswith("-"), (words, line)
    assert checked >= 15


def _tiny_crawl(folder: Path) -> None:
    """Three text pages of one site: valid year ranges only (no date finding), one title with
    a `|` in it."""
    folder.mkdir(parents=True)
    # each page's article differs (a paragraph on every page of a site is its template)
    districts = ["Ba Đình", "Hoàn Kiếm", "Tây Hồ"]
    titles = ["Thành phố | Kế hoạch mới cho giao thông", "Trường học mới khai giảng",
              "Hội đồng họp bàn kế hoạch"]  # fmt: skip
    for i, title in enumerate(titles):
        slug = "thanh-pho-ke-hoach-moi" if i == 0 else f"bai-{i}"
        body = (
            f"Kế hoạch phát triển quận {districts[i]} giai đoạn 2021-2025 được hội đồng thông "
            f"qua. Các dự án giao thông và trường học của quận {districts[i]} sẽ được triển khai "
            "trong năm năm tới, với nguồn vốn từ ngân sách và các nhà đầu tư tư nhân. "
        ) * 2
        (folder / f"00{i}_{i:016x}.txt").write_text(
            f"{title}\n\n{slug}\n\n{body}\nTheo Báo Mẫu {i}\n", "utf-8"
        )


@pytest.mark.parametrize(
    "name", ["spam-lines", "findings-by-source", "date-ranges", "slug-report", "compare-versions"]
)
def test_every_analysis_runs_on_the_tour_datasets_through_pagevet_analyze(
    built_ds: Path, tmp_path: Path, name: str
) -> None:
    _tiny_crawl(tmp_path / "crawl")
    assert _init(tmp_path, tmp_path / "crawl").code == 0
    assert run_cli("build", "ds", cwd=tmp_path).code == 0
    for root in (built_ds, tmp_path):
        args = ["1.0.0", "1.0.0"] if name == "compare-versions" else []
        done = run_cli("analyze", name, "ds", *args, cwd=root)
        assert done.code == 0, (root, done.err)
        assert "Traceback" not in done.err
        as_json = run_cli("analyze", name, "ds", *args, "--json", cwd=root)
        assert as_json.code == 0 and json.loads(as_json.out) is not None


def test_date_ranges_on_a_version_with_ranges_but_no_findings(tmp_path: Path) -> None:
    _tiny_crawl(tmp_path / "crawl")
    assert _init(tmp_path, tmp_path / "crawl").code == 0
    assert run_cli("build", "ds", cwd=tmp_path).code == 0
    rows = json.loads(run_cli("analyze", "date-ranges", "ds", "--json", cwd=tmp_path).out)
    ranges = rows["ranges"]
    assert ranges and {r["range"] for r in ranges} == {"2021-2025"}
    assert {r["verdict"] for r in ranges} == {"ok"}


def test_markdown_tables_escape_pipes_and_scripts_wrap_the_same_functions(tmp_path: Path) -> None:
    import subprocess
    import sys


    _tiny_crawl(tmp_path / "crawl")
    assert _init(tmp_path, tmp_path / "crawl").code == 0
    assert run_cli("build", "ds", cwd=tmp_path).code == 0
    out = run_cli("analyze", "slug-report", "ds", cwd=tmp_path).out
    row = next(line for line in out.splitlines() if "Kế hoạch mới" in line)
    assert "Thành phố \\| Kế hoạch mới" in row
    # every Markdown row has the same number of unescaped cell separators
    table = [line for line in out.split("## worst")[1].splitlines() if line.startswith("|")]
    assert len({line.replace("\\|", "").count("|") for line in table}) == 1
    for how in ([str(REPO / "scripts/slug_report.py")], ["-m", "pagevet.analyses.slug_report"]):
        done = subprocess.run([sys.executable, *how, "ds"], cwd=tmp_path, capture_output=True,
                              text=True, timeout=300)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert done.stdout == out


WORDS = [
    "thành",
    "phố",
    "dự",
    "án",
    "giao",
    "thông",
    "trường",
    "học",
    "bệnh",
    "viện",
    "người",
    "dân",
    "chính",
    "quyền",
    "kinh",
    "tế",
    "doanh",
    "nghiệp",
    "nông",
    "dân",
    "mùa",
    "vụ",
    "thời",
    "tiết",
    "cơn",
    "mưa",
    "con",
    "đường",
    "cây",
    "cầu",
    "xây",
    "dựng",
    "hoàn",
    "thành",
    "kế",
    "hoạch",
    "ngân",
    "sách",
    "đầu",
    "tư",
    "phát",
    "triển",
    "du",
    "lịch",
    "văn",
    "hóa",
    "lễ",
    "hội",
    "thể",
    "thao",
    "bóng",
    "đá",
    "học",
    "sinh",
    "giáo",
    "viên",
]


def _article(rng, words: int = 120) -> str:
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + ".")
    return "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


def _page(folder: Path, n: int, rng, body: str) -> str:
    page_id = f"{rng.getrandbits(64):016x}"
    title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
    (folder / f"{n:04d}_{page_id}.txt").write_text(f"{title}\n\n{body}\n", "utf-8")
    return page_id


def _duplicate_crawl(folder: Path, seed: int = 11) -> dict[str, list[list[str]]]:
    """40 groups of 3 pages with one text, 15 near-copy pairs (one word changed), 40 others."""
    import random

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    groups: dict[str, list[list[str]]] = {"exact": [], "near": [], "single": []}
    n = 0
    for _ in range(40):
        body = _article(rng)
        groups["exact"].append([_page(folder, n + k, rng, body) for k in range(3)])
        n += 3
    for _ in range(15):
        body = _article(rng, 200)
        near = body.replace(body.split()[40], "khác", 1)
        groups["near"].append([_page(folder, n, rng, body), _page(folder, n + 1, rng, near)])
        n += 2
    for _ in range(40):
        groups["single"].append([_page(folder, n, rng, _article(rng))])
        n += 1
    return groups


def _splits(version: Path) -> dict[str, str]:
    frame = pl.read_parquet(version / "data" / "*.parquet", columns=["id", "split"])
    return dict(frame.iter_rows())


def test_duplicates_and_near_duplicates_share_a_split_that_is_stable_across_versions(
    tmp_path: Path,
) -> None:
    groups = _duplicate_crawl(tmp_path / "crawl")
    assert _init(tmp_path, tmp_path / "crawl").code == 0
    assert run_cli("build", "ds", cwd=tmp_path).code == 0
    first = _splits(tmp_path / "ds/versions/v1.0.0")
    for kind in ("exact", "near"):
        for group in groups[kind]:
            assert len({first[i] for i in group}) == 1, (kind, {i: first[i] for i in group})
    assert set(first.values()) == {"train", "validation", "test"}
    # the next version: more pages, one copy of each of five groups gone
    more = _duplicate_crawl(tmp_path / "crawl", seed=12)
    for group in groups["exact"][:5]:
        next((tmp_path / "crawl").glob(f"*_{max(group)}.txt")).unlink()
    assert run_cli("build", "ds", cwd=tmp_path).code == 0
    second = _splits(tmp_path / "ds/versions/v1.1.0")
    kept = set(first) & set(second)
    assert len(kept) == len(first) - 5
    assert {i: second[i] for i in kept} == {i: first[i] for i in kept}
    for group in more["exact"] + more["near"]:
        assert len({second[i] for i in group}) == 1


def test_every_version_has_a_clean_config_loadable_by_name(built_ds: Path) -> None:
    import datasets

    version = built_ds / "ds/versions/v1.0.0"
    default = pl.read_parquet(version / "data" / "*.parquet")
    errors = default.filter(
        pl.col("findings").list.eval(pl.element().struct.field("severity") == "error").list.any()
    )
    loaded = datasets.load_dataset(str(version), "clean")
    rows = sum(part.num_rows for part in loaded.values())
    assert rows == default.height - errors.height > 0
    assert set(loaded["train"].column_names) == {
        "id", "source", "url", "title", "language", "text", "split"
    }  # fmt: skip
    kept = {i for part in loaded.values() for i in part["id"]}
    assert not kept & set(errors["id"])
    # the clean text (lead and body), not the page as read
    texts = dict(default.select("id", "text").iter_rows())
    raw = dict(pl.read_parquet(version / "raw" / "*.parquet", columns=["id", "raw"]).iter_rows())
    for row in loaded["train"]:
        assert row["text"] == texts[row["id"]] != raw[row["id"]]
    manifest = json.loads((version / "manifest.json").read_text())
    assert manifest["counts"]["clean"]["pages"] == rows
    card = (version / "README.md").read_text("utf-8")
    assert "config_name: clean" in card and "## The `clean` config" in card
    per_rule = manifest["counts"]["clean"]["excluded_by_rule"]
    assert per_rule and sum(per_rule.values()) >= errors.height
    for rule, n in per_rule.items():
        assert f"| `{rule}` | {n} |" in card
    croissant = json.loads((version / "croissant.json").read_text())
    assert "clean" in {r["name"] for r in croissant["recordSet"]}


def test_flags_count_warnings_and_errors_only_so_the_sample_fails_on_its_defects(
    sample_version: Path,
) -> None:
    """The sample's release verdict comes from its injected defects alone: a page is flagged
    for a rule exactly when the generator injected a warning/error finding of that rule."""

    default = pl.read_parquet(sample_version / "data" / "*.parquet")
    expected: dict[str, set[str]] = {}
    any_severity: dict[str, set[str]] = {}  # nav-spam's severity follows its share: not labelled
    for line in (SAMPLE / "labels.jsonl").read_text("utf-8").splitlines():
        label = json.loads(line)
        for finding in label["expected_findings"]:
            any_severity.setdefault(finding["rule"], set()).add(label["id"])
            if finding["severity"] in ("warning", "error"):
                expected.setdefault(finding["rule"], set()).add(label["id"])
    for column in [c for c in default.columns if c.startswith("flag__")]:
        rule = column.removeprefix("flag__")
        flagged = set(default.filter(pl.col(column))["id"])
        if rule == "nav-spam":
            assert flagged < any_severity[rule] and len(flagged) < 0.1 * default.height
        else:
            assert flagged == expected.get(rule, set()), rule
    release = json.loads((sample_version / "validation" / "release.json").read_text())
    failed = [e for e in release["expectations"] if not e["success"]]
    assert failed
    for result in failed:  # every failure is a cap on a rule with injected defects
        column = result["kwargs"]["column"]
        assert column.removeprefix("flag__") in expected, column


def test_the_shipped_suites_pass_on_clean_pages(tmp_path: Path) -> None:
    import random

    rng = random.Random(5)
    (tmp_path / "crawl").mkdir()
    for n in range(120):
        _page(tmp_path / "crawl", n, rng, _article(rng, 150))
    assert _init(tmp_path, tmp_path / "crawl").code == 0
    built = run_cli("build", "ds", "--format", "json", cwd=tmp_path)
    assert built.code == 0, built.err
    suites = json.loads(built.out)["suites"]
    assert {name: s["success"] for name, s in suites.items()} == {"pages": True, "release": True}


ARTICLE_HTML = """<!DOCTYPE html><html><head><title>Rain returns to the valley</title>
<meta name="author" content="Jane Okafor"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Rain returns to the valley</h1>
<p>After three dry months the first autumn rain fell over the valley on Tuesday, filling the
reservoirs that farmers depend on for the winter planting season.</p>
<p>Local officials said the water level rose by almost a metre overnight, and the river that
runs through the town centre is flowing again for the first time since June.</p>
<p>Farmers welcomed the change but warned that a single storm will not undo the damage of a
long summer without water, and asked for help with irrigation costs.</p>
</article></body></html>"""


def test_author_metadata_from_html_and_warc_goes_into_byline(tmp_path: Path) -> None:
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    (tmp_path / "page.html").write_text(ARTICLE_HTML, "utf-8")
    with (tmp_path / "crawl.warc").open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            "https://valley.example/news/rain-returns", "response",
            payload=BytesIO(ARTICLE_HTML.encode()), http_headers=headers,
        )  # fmt: skip
        writer.write_record(record)
    done = run_cli("inspect", "page.html", "crawl.warc", "--format", "jsonl", cwd=tmp_path)
    assert done.code == 0, done.err
    pages = [json.loads(line) for line in done.out.splitlines()]
    assert len(pages) == 2
    assert {p["byline"] for p in pages} == {"Jane Okafor"}


def test_progress_goes_to_a_terminal_on_stderr_only_and_quiet_silences_it(
    tmp_path: Path,
) -> None:
    import os
    import pty
    import subprocess
    import sys


    pages = SAMPLE / "raw" / "thoibaohoanvu"  # text pages: the total is known
    done = run_cli("check", pages, "--fail-on", "never")
    assert done.code == 0
    assert "pages/s" not in done.out and "\x1b" not in done.out
    summary = done.err.strip().splitlines()[-1]
    assert summary.startswith("checked 80 pages in ") and summary.endswith(" pages/s)")
    quiet = run_cli("check", pages, "--fail-on", "never", "--quiet")
    assert quiet.err == "" and quiet.out == done.out
    # a real terminal on stderr: the bar (total, rate, ETA) is drawn there and nowhere else
    pagevet = str(Path(sys.executable).with_name("pagevet"))
    master, slave = pty.openpty()
    with (tmp_path / "out.txt").open("w") as out:
        proc = subprocess.Popen(
            [pagevet, "check", str(pages), "--fail-on", "never"],
            stdout=out, stderr=slave, env={**os.environ, "TERM": "xterm", "COLUMNS": "120"},
        )  # fmt: skip
        os.close(slave)
        drawn = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
        assert proc.wait(timeout=300) == 0
    os.close(master)
    import re

    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn.decode("utf-8", "replace"))
    assert "/80 pages" in screen and "reading" in screen and "checked 80 pages" in screen
    written = (tmp_path / "out.txt").read_text("utf-8")
    assert "\x1b" not in written and "pages/s" not in written
    assert written.rstrip().endswith("80 pages, " + written.rstrip().split("80 pages, ")[-1])


def _sample_copy(tmp_path: Path) -> Path:
    import shutil


    shutil.copytree(SAMPLE / "raw", tmp_path / "raw")
    return tmp_path / "raw"


def test_baseline_shows_and_counts_only_new_findings(tmp_path: Path) -> None:
    raw = _sample_copy(tmp_path)
    first = run_cli("check", "raw", "--format", "json", cwd=tmp_path)
    assert first.code == 1 and json.loads(first.out)["findings"]
    wrote = run_cli("check", "raw", "--baseline", "known.json", "--write-baseline", cwd=tmp_path)
    assert wrote.code == 0 and "wrote" in wrote.out
    again = run_cli("check", "raw", "--baseline", "known.json", "--format", "json", cwd=tmp_path)
    assert again.code == 0, again.out  # nothing new: the known errors no longer fail
    assert json.loads(again.out)["findings"] == []
    assert "known finding(s) in known.json not shown" in again.err
    # one new defect: only it is shown, and it fails the check
    page = sorted((raw / "thoibaohoanvu").glob("*.txt"))[3]
    page.write_text(page.read_text("utf-8") + "\nTrÆ°á»ng há»c Ä‘Ã£ má»Ÿ cá»­a\n", "utf-8")
    new = run_cli("check", "raw", "--baseline", "known.json", "--format", "json", cwd=tmp_path)
    findings = json.loads(new.out)["findings"]
    # (the page's nav-spam share moved too, so its message is new as well)
    assert new.code == 1 and "encoding-error" in {f["rule"] for f in findings}
    assert {f["path"] for f in findings} == {f"raw/thoibaohoanvu/{page.name}"}


def test_per_file_ignores_exclude_and_verbose_config(tmp_path: Path) -> None:
    _sample_copy(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.pagevet]\n"
        'exclude = ["raw/tinsongnam/*"]\n'
        "[tool.pagevet.per-file-ignores]\n"
        '"raw/dailyexample/*" = ["title-slug-mismatch", "nav-spam"]\n',
        "utf-8",
    )
    done = run_cli("check", "raw", "--format", "json", "-v", cwd=tmp_path)
    assert f"config: read [tool.pagevet] from {tmp_path / 'pyproject.toml'}" in done.err
    findings = json.loads(done.out)["findings"]
    assert not [f for f in findings if f["path"].startswith("raw/tinsongnam/")]
    daily = [f for f in findings if f["path"].startswith("raw/dailyexample/")]
    assert daily and not {"title-slug-mismatch", "nav-spam"} & {f["rule"] for f in daily}
    assert "title-slug-mismatch" in {f["rule"] for f in findings}  # elsewhere still reported
    # the excluded site is not read at all
    others = len([p for p in (tmp_path / "raw").rglob("*.txt") if "tinsongnam" not in str(p)])
    jsonl = sum(1 for line in (tmp_path / "raw/dailyexample/pages.jsonl").open() if line.strip())
    assert json.loads(done.out)["pages"] == others + jsonl
    bare = run_cli("check", "tinsongnam", "-v", "--quiet", cwd=tmp_path / "raw")
    assert "config: read [tool.pagevet] from" in bare.err  # found above the current folder


def test_waivers_by_page_id_in_the_recipe(tmp_path: Path, crawl: Path) -> None:
    assert _init(tmp_path, crawl).code == 0
    assert run_cli("build", "ds", cwd=tmp_path).code == 0
    pages = pl.read_parquet(tmp_path / "ds/versions/v1.0.0/data/*.parquet")
    flagged = pages.filter(pl.col("flag__title-slug-mismatch"))["id"].sort().to_list()
    waived = flagged[0]
    recipe = tmp_path / "ds/dataset.toml"
    recipe.write_text(
        recipe.read_text("utf-8")
        + f'\n[rules.waive]  # pagevet: ignore[title-slug-mismatch], checked by hand\n"{waived}" = ["title-slug-mismatch"]\n',
        "utf-8",
    )
    assert run_cli("build", "ds", cwd=tmp_path).code == 0
    after = pl.read_parquet(tmp_path / "ds/versions/v1.1.0/data/*.parquet")
    now = after.filter(pl.col("flag__title-slug-mismatch"))["id"].sort().to_list()
    assert now == flagged[1:]
    page = after.filter(pl.col("id") == waived)
    assert "title-slug-mismatch" not in {f["rule"] for f in page["findings"][0]}


def _tour_commands() -> list[list[str]]:
    """The commands of the README's tour, as written there."""

    text = (REPO / "README.md").read_text("utf-8")
    block = text.split("## A tour of the command line", 1)[1].split("```", 2)[1]
    return [line.split("#", 1)[0].split() for line in block.splitlines() if line.strip()]


def test_the_readme_tour_runs_on_a_crawl_outside_the_repository(tmp_path: Path) -> None:
    """Every command of the tour through the installed `pagevet`, in a temporary folder with its
    own crawl (`raw/`) and its own `checks/` (written by init), offline."""
    import os
    import random
    import shutil
    import subprocess
    import sys

    from samplegen import write_sample

    write_sample(tmp_path / "gen", pages=60, seed=9)
    shutil.copytree(tmp_path / "gen" / "raw" / "tinsongnam", tmp_path / "raw")
    one_page = sorted((tmp_path / "raw").glob("*.txt"))[0].name
    pagevet = str(Path(sys.executable).with_name("pagevet"))
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    commands = _tour_commands()
    assert [c[1] for c in commands] == [
        "init", "check", "inspect", "build", "validate", "diff", "verify", "publish", "report",
        "analyze",
    ]  # fmt: skip
    for words in commands:
        words = [w.replace("raw/000_7c163b9f9ddf6534.txt", f"raw/{one_page}") for w in words]
        if words[1] == "diff":  # the crawl grows, then the next version is built
            rng = random.Random(3)
            for n in range(5):
                _page(tmp_path / "raw", 900 + n, rng, _article(rng, 150))
            rebuilt = subprocess.run([pagevet, "build", "datasets/vn-news"], cwd=tmp_path,
                                     capture_output=True, text=True, env=env)  # fmt: skip
            assert rebuilt.returncode == 0, rebuilt.stderr
        if words[1] == "publish":
            words.append("--dry-run")  # no network in tests: the local plan
        done = subprocess.run([pagevet, *words[1:]], cwd=tmp_path, capture_output=True,
                              text=True, env=env, timeout=600)  # fmt: skip
        allowed = {0, 1} if words[1] in ("check", "validate") else {0}
        assert done.returncode in allowed, (words, done.stdout[-2000:], done.stderr[-2000:])
        assert "Traceback" not in done.stderr, words
    assert (tmp_path / "datasets/vn-news/checks/release.json").is_file()
    assert (tmp_path / "datasets/vn-news/versions/LATEST").read_text().strip() == "v1.1.0"
    assert (tmp_path / "report.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    assert not (Path(__file__).resolve().parents[1] / "datasets" / "vn-news").exists()
