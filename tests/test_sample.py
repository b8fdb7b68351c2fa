"""The bundled sample dataset and its generator (`tools/samplegen`)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from pagevet.errors import PagevetError
from pagevet.pages.roles import ROLES
from pagevet.text.fold import slug_of, tokens_of
from samplegen import (
    MIN_PAGES,
    SAMPLE_PAGES,
    SAMPLE_SEED,
    SITES,
    SamplePage,
    generate_pages,
    write_sample,
)

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "datasets" / "sample-news"
SEEDS = REPO.parent / "shared" / "seeds"
_FURNITURE = {"nav", "related", "artifact", "spam"}


def _files(folder: Path) -> dict[str, bytes]:
    """The generated files (built versions under `versions/` are not the generator's)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "versions"
    }


@pytest.fixture(scope="module")
def pages() -> list[SamplePage]:
    return generate_pages(SAMPLE_PAGES, SAMPLE_SEED)


@pytest.fixture(scope="module")
def labels() -> list[dict]:
    return [
        json.loads(line)
        for line in (SAMPLE / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    ]


@pytest.fixture(scope="module")
def texts(labels: list[dict]) -> dict[str, str]:
    """Page id -> text, read from the committed files the way the readers see them."""
    found: dict[str, str] = {}
    for site in SITES:
        folder = SAMPLE / "raw" / site.key
        if site.format == "jsonl":
            for line in (folder / "pages.jsonl").read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                found[record["id"]] = record["text"]
        else:
            for path in folder.glob("*.txt"):
                found[path.stem.split("_", 1)[1]] = path.read_text(encoding="utf-8")
    return found


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    write_sample(tmp_path / "a", pages=80, seed=3)
    write_sample(tmp_path / "b", pages=80, seed=3)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert first == second
    assert len(first) > 40
    write_sample(tmp_path / "c", pages=80, seed=4)
    assert _files(tmp_path / "c")["labels.jsonl"] != first["labels.jsonl"]


def test_committed_sample_equals_a_fresh_generation(tmp_path: Path) -> None:
    write_sample(tmp_path, pages=SAMPLE_PAGES, seed=SAMPLE_SEED)
    fresh, committed = _files(tmp_path), _files(SAMPLE)
    assert sorted(committed) == sorted(fresh), "regenerate with scripts/make_sample_pages.py"
    changed = [name for name in fresh if fresh[name] != committed[name]]
    assert not changed, f"edited by hand or stale, regenerate: {changed[:5]}"
    assert f"--pages {SAMPLE_PAGES} --seed {SAMPLE_SEED}" in (SAMPLE / "dataset.toml").read_text()


def test_rewriting_a_folder_leaves_no_stale_pages(tmp_path: Path) -> None:
    write_sample(tmp_path, pages=90, seed=1)
    write_sample(tmp_path, pages=MIN_PAGES, seed=1)
    ids = {json.loads(line)["id"] for line in (tmp_path / "labels.jsonl").read_text().splitlines()}
    txt = {p.stem.split("_", 1)[1] for p in (tmp_path / "raw").rglob("*.txt")}
    assert len(ids) == MIN_PAGES and txt <= ids


def test_labels_align_with_the_files(labels: list[dict], texts: dict[str, str]) -> None:
    ids = [label["id"] for label in labels]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert set(ids) == set(texts), "every page has one label and every label one page"
    for label in labels:
        text = texts[label["id"]]
        lines = text.split("\n")
        assert (SAMPLE / label["path"]).is_file()
        assert len(label["line_roles"]) == len(lines), label["id"]
        assert set(label["line_roles"]) <= set(ROLES)
        for line, role in zip(lines, label["line_roles"], strict=True):
            assert (role == "blank") == (line.strip() == ""), (label["id"], line)
        if label["title"] is not None:
            assert lines[label["line_roles"].index("title")] == label["title"]
        else:
            assert "title" not in label["line_roles"]
        if label["byline"] is not None:
            bylines = [x for x, r in zip(lines, label["line_roles"], strict=True) if r == "byline"]
            assert bylines == [label["byline"]]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", label["published_at"])
        for finding in label["expected_findings"]:
            assert finding["severity"] in ("error", "warning", "info", None)
            assert finding["line"] is None or 1 <= finding["line"] <= len(lines)
        has_furniture = bool(_FURNITURE & set(label["line_roles"]))
        assert has_furniture == any(f["rule"] == "nav-spam" for f in label["expected_findings"])


def test_pages_are_clean_unicode_with_site_habits(
    labels: list[dict], texts: dict[str, str]
) -> None:
    for label in labels:
        text = texts[label["id"]]
        assert unicodedata.normalize("NFC", text) == text
        assert "\r" not in text
        if label["path"].endswith(".txt"):
            assert label["path"].rsplit("_", 1)[1] == f"{label['id']}.txt"
            assert text.endswith("\n") == (label["site"] == "tinsongnam")
    records = [
        json.loads(x) for x in (SAMPLE / "raw/dailyexample/pages.jsonl").read_text().splitlines()
    ]
    assert [r["id"] for r in records] == sorted(r["id"] for r in records)
    for record in records:
        assert set(record) == {"id", "url", "title", "text", "published_at", "crawled_at", "source"}
        assert record["text"].split("\n")[0] == record["title"]
        assert record["url"].startswith("https://dailyexample.com/")


def test_every_defect_kind_is_present(labels: list[dict]) -> None:
    tags = {tag.split(":")[0] for label in labels for tag in label["defects"]}
    assert tags >= {
        "slug-mismatch",
        "slug-edited",
        "slug-truncated",
        "range-inconsistent",
        "range-lookalike",
        "gambling-lottery",
        "gambling-betting",
        "gambling-teasers",
        "lottery-news-not-spam",
        "mojibake",
        "replacement",
        "exact-duplicate",
        "near-duplicate",
        "too-short",
        "missing-title",
        "english-on-vietnamese-site",
        "date-implausible-after-crawl",
        "date-implausible-year-typo",
    }
    found = {(f["rule"], f["severity"]) for label in labels for f in label["expected_findings"]}
    assert found >= {
        ("title-slug-mismatch", "error"),
        ("title-slug-mismatch", "warning"),
        ("date-range-inconsistent", "warning"),
        ("nav-spam", None),
        ("gambling-spam", "error"),
        ("gambling-spam", "info"),
        ("encoding-error", "error"),
        ("exact-duplicate", "warning"),
        ("near-duplicate", "info"),
        ("too-short", "warning"),
        ("missing-title", "warning"),
        ("date-implausible", "warning"),
        ("language-mismatch", "warning"),
    }
    assert {label["slug_verdict"] for label in labels} == {
        "match",
        "truncated",
        "edited",
        "mismatch",
        "unknown",
    }
    assert {label["site"] for label in labels} == {s.key for s in SITES}
    bare = sum(1 for label in labels if not _FURNITURE & set(label["line_roles"]))
    assert 0.2 <= bare / len(labels) <= 0.4


def _defect(pages: list[SamplePage], tag: str) -> list[SamplePage]:
    found = [p for p in pages if any(t.split(":")[0] == tag for t in p.defects)]
    assert found, tag
    return found


def test_slug_verdicts_match_the_slugs(pages: list[SamplePage]) -> None:
    for page in pages:
        if page.slug is None:
            assert page.slug_verdict == "unknown"
            continue
        slug = re.sub(r"-\d{5}$", "", page.slug) if page.url else page.slug
        if page.url is None:  # the slug is a line of the page (alt text or a teaser prefix)
            assert any(line.replace(" ", "-") == page.slug for line in page.text.split("\n"))
        if page.title is None:
            continue
        full, seen = tokens_of(page.title), slug.split("-")
        shared = len(set(full) & set(seen)) / len(set(seen))
        verdict = page.slug_verdict
        assert (slug == slug_of(page.title)) == (verdict == "match"), page.id
        if verdict == "truncated":
            assert full[: len(seen)] == seen and len(seen) < len(full)
        if verdict == "edited":
            assert shared >= 0.6 and seen != full
        if verdict == "mismatch":
            assert shared <= 0.5


def test_year_ranges_are_where_the_labels_say(pages: list[SamplePage]) -> None:
    year_range = re.compile(r"\b(?:19|20)\d\d(?:[-/]| đến năm )(?:19|20)\d\d\b")
    for page in _defect(pages, "range-inconsistent"):
        (finding,) = [f for f in page.expected_findings if f["rule"] == "date-range-inconsistent"]
        line = page.text.split("\n")[finding["line"] - 1]
        assert page.line_roles[finding["line"] - 1] == "body"
        assert year_range.search(line), line
    lookalikes = "\n".join(p.text for p in _defect(pages, "range-lookalike")).lower()
    for phrase in (
        "nhiệm kỳ 20",
        "mùa giải 20",
        "kế hoạch 5 năm 20",
        "tổng đài 1900-",
        "/qđ-ubnd",
        "thắng 2-1",
    ):
        assert phrase in lookalikes, phrase
    assert "giai đoạn 5 năm " in "\n".join(p.text for p in _defect(pages, "range-inconsistent"))


def test_broken_pages_are_broken_as_labelled(pages: list[SamplePage]) -> None:
    for page in _defect(pages, "mojibake"):
        assert re.search(r"Ã|Ä‘|áº", page.text)
    for page in _defect(pages, "replacement"):
        (finding,) = [f for f in page.expected_findings if f["rule"] == "encoding-error"]
        assert "\ufffd" in page.text.split("\n")[finding["line"] - 1]
    by_id = {p.id: p for p in pages}
    for kind in ("exact-duplicate", "near-duplicate"):
        for page in _defect(pages, kind):
            first, later = next(t for t in page.defects if t.startswith(kind)).split(":")[1:]
            assert first < later
            a, b = by_id[first].text, by_id[later].text
            assert (a == b) == (kind == "exact-duplicate")
            assert any(f["rule"] == kind for f in by_id[later].expected_findings)
            assert not any(f["rule"] == kind for f in by_id[first].expected_findings)
    for page in _defect(pages, "too-short"):
        assert len(page.text.strip()) < 200
    for page in _defect(pages, "missing-title"):
        assert page.title is None and page.line_roles[0] in ("lead", "caption", "body")
    for page in _defect(pages, "date-implausible-after-crawl"):
        assert page.published_at > page.crawled_at
    (news,) = _defect(pages, "lottery-news-not-spam")
    assert "Xổ số" in news.text and not any(
        f["rule"] == "gambling-spam" for f in news.expected_findings
    )
    for page in _defect(pages, "gambling-teasers"):
        assert "spam" in page.line_roles


def test_no_line_of_the_seed_page_is_copied(pages: list[SamplePage]) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent")
    seed_lines = {
        line.strip()
        for path in SEEDS.glob("*.txt")
        for line in path.read_text(encoding="utf-8").split("\n")
        if len(line.split()) >= 5  # shorter lines are site furniture ("Phiên bản di động")
    }
    assert seed_lines

    def shingles(text: str) -> set[tuple[str, ...]]:
        words = text.lower().split()
        return {tuple(words[i : i + 8]) for i in range(len(words) - 7)}

    seed_shingles = set().union(*(shingles(line) for line in seed_lines))
    for page in pages:
        lines = {line.strip() for line in page.text.split("\n")}
        assert not lines & seed_lines, page.id
        assert not shingles(page.text) & seed_shingles, page.id


def test_too_few_pages_is_refused() -> None:
    with pytest.raises(PagevetError, match=f"at least {MIN_PAGES}"):
        generate_pages(MIN_PAGES - 1)


def test_script_writes_a_dataset_folder(tmp_path: Path) -> None:
    script = REPO / "scripts" / "make_sample_pages.py"
    run = subprocess.run(
        [
            sys.executable,
            str(script),
            "--pages",
            str(MIN_PAGES),
            "--seed",
            "2",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert f"wrote {MIN_PAGES} pages" in run.stdout
    assert (tmp_path / "dataset.toml").is_file() and (tmp_path / "README.md").is_file()
    bad = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "FOLDER or as --out" in bad.stderr
