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
    from conftest import REPO
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
