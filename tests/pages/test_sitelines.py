"""Site lines are counted over the whole crawl, so a page's roles do not depend on its batch."""

from __future__ import annotations

import polars as pl

from pagevet.config import Config
from pagevet.engines.local import LocalEngine
from pagevet.pages.sitelines import count_site_lines, count_source, merge_site_lines
from pagevet.pipeline import parse_step


def test_counts_are_per_source_and_per_page():
    texts = ["Menu A\nStory one.\nMenu A", "Menu A\nStory two.", "Menu A\nOther site."]
    counts = merge_site_lines(
        [count_site_lines(texts[:2], ["s1", "s1"]), count_site_lines(texts[2:], ["s2"])]
    )
    totals = dict(counts.filter(pl.col("key").is_null()).select("source", "pages").iter_rows())
    assert totals == {"s1": 2, "s2": 1}
    lines = counts.filter(pl.col("key").is_not_null())
    # "Menu A" twice on one page counts once; on the other site's single page it is not kept
    assert lines.rows() == [("s1", lines["key"][0], 2)]


def test_merge_does_not_depend_on_batch_order():
    a = count_site_lines(["x line\ny line", "x line"], ["s", "s"])
    b = count_site_lines(["x line\nz line"], ["s"])
    assert merge_site_lines([a, b]).equals(merge_site_lines([b, a]))


def test_count_source_falls_back_to_url_then_folder():
    assert count_source("meta", "https://www.example.org/a/b", "/c/p.txt") == "meta"
    assert count_source(None, "https://www.example.org/a/b", "/c/p.txt") == "example.org"
    assert count_source(None, None, "/crawl/site-a/p.txt") == "dir:/crawl/site-a"
    assert count_source(None, None, "/crawl/site-a/pages.jsonl#3") == "dir:/crawl/site-a"
    assert count_source(None, None, None) is None


def _pages(n: int) -> list[str]:
    menu = ["Home", "World news", "Business desk", "Sports results", "Contact the desk"]
    body = (
        "The council met on Tuesday evening to discuss the budget for the coming year, and "
        "members argued at length about the cost of repairing the old bridge over the river."
    )
    return [
        "\n".join([*menu, f"Headline number {i} about the bridge", f"{body} Item {i}.", body])
        for i in range(n)
    ]


def test_roles_do_not_depend_on_batch_size(tmp_path):
    for i, text in enumerate(_pages(12)):
        (tmp_path / f"p{i:02d}.txt").write_text(text, encoding="utf-8")
    paths = [tmp_path]

    def roles(batch_size: int) -> list:
        engine = LocalEngine(batch_size=batch_size)
        step = parse_step(paths, Config(), engine)
        tables = [pl.from_arrow(t) for t in engine.map(paths, step)]
        return pl.concat(tables).sort("id")["line_roles"].to_list()

    one, many = roles(1), roles(64)
    assert one == many
    # the menu, on every page of the folder, is furniture
    first = {r["n"]: r["role"] for r in many[0]}
    assert first[1] not in ("lead", "body")


def test_step_counts_every_page_of_the_folder(tmp_path):
    for i, text in enumerate(_pages(3)):
        (tmp_path / f"p{i}.txt").write_text(text, encoding="utf-8")
    step = parse_step([tmp_path], Config(), LocalEngine(batch_size=1))
    assert isinstance(step.site_lines, pl.DataFrame)
    totals = step.site_lines.filter(pl.col("key").is_null())
    assert totals["pages"].to_list() == [3]


def test_copies_of_a_page_count_once_even_in_different_batches():
    page = "Menu A\nThe same story, served at two addresses."
    other = "Menu A\nA different story."
    together = merge_site_lines([count_site_lines([page, page, other], ["s"] * 3)])
    apart = merge_site_lines(
        [count_site_lines([page], ["s"]), count_site_lines([page, other], ["s", "s"])]
    )
    assert together.equals(apart)
    totals = dict(apart.filter(pl.col("key").is_null()).select("source", "pages").iter_rows())
    assert totals == {"s": 2}
    # "Menu A" is on both distinct pages; the story line only on one (dropped)
    assert apart.filter(pl.col("key").is_not_null())["pages"].to_list() == [2]


def test_many_pages_are_estimated_the_same_way_whatever_the_batches():
    texts = [f"Footer line\nStory number {i}." for i in range(300)]
    whole = merge_site_lines([count_site_lines(texts, ["s"] * 300)])
    parts = merge_site_lines(
        [
            count_site_lines(texts[i : i + 7], ["s"] * len(texts[i : i + 7]))
            for i in range(0, 300, 7)
        ]
    )
    assert whole.equals(parts)
    footer = whole.filter(pl.col("key").is_not_null())["pages"].to_list()
    assert footer and abs(footer[0] - 300) < 300 * 0.35  # an estimate beyond 64 pages
    assert whole.filter(pl.col("key").is_null())["pages"].to_list() == [300]  # exact


def test_a_merge_past_its_memory_spills_to_disk_and_counts_the_same(tmp_path):
    """Past `spill_rows` summary rows the line summaries wait on disk, split by key, and are
    merged bucket by bucket: the counts equal the in-memory merge's, and the spill folder is
    gone afterwards."""
    sources = ["a", "b", "c"]
    texts = [
        f"Menu {i % 3}\nFooter of {sources[i % 3]}\nStory line {i}.\nShared quote {i % 11}"
        for i in range(600)
    ]
    seen: list[int] = []

    def parts():
        for i in range(0, 600, 25):
            chunk = texts[i : i + 25]
            yield count_site_lines(chunk, [sources[j % 3] for j in range(i, i + len(chunk))])
            # the generator resumes while the merge runs: what is on disk by now
            seen.append(sum(1 for _ in tmp_path.rglob("bucket-*.arrow")))

    in_memory = merge_site_lines(
        count_site_lines(texts[i : i + 25], [sources[j % 3] for j in range(i, i + 25)])
        for i in range(0, 600, 25)
    )
    spilled = merge_site_lines(parts(), spill_rows=200, spill_dir=tmp_path)
    assert max(seen) > 1  # it did spill, into several buckets
    assert spilled.equals(in_memory)
    assert in_memory.filter(pl.col("key").is_not_null()).height > 10
    assert list(tmp_path.iterdir()) == []  # the spill folder is removed
