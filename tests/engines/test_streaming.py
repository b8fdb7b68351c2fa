"""The streaming run (spilled batches, corpus rules reducing summaries) gives exactly what the
corpus at once gives, and near-duplicate verdicts hold against true Jaccard similarity and
against the datasketch implementation they replaced."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pagevet.config import Config
from pagevet.engines.local import LocalEngine
from pagevet.pipeline import run, run_batches
from pagevet.rules.duplicates import NEAR, _normalised_text
from samplegen import write_sample


class InMemory:
    """The local engine's map and reduce, but not a LocalEngine: `run` keeps every batch in
    memory and runs corpus rules on the whole frame, as before streaming."""

    def __init__(self) -> None:
        self.local = LocalEngine(batch_size=23)

    def map(self, paths, step):
        return self.local.map(paths, step)

    def reduce(self, batches, corpus_pass):
        return self.local.reduce(batches, corpus_pass)


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("stream") / "ds"
    write_sample(folder, pages=200, seed=7)
    return folder / "raw"


def test_streamed_batches_equal_the_corpus_at_once(raw, tmp_path) -> None:
    batches = list(
        run_batches([raw], Config(), engine=LocalEngine(batch_size=23), spill_dir=tmp_path)
    )
    assert len(batches) > 5
    whole = run([raw], Config(), engine=InMemory()).pages
    assert_frame_equal(pl.concat(batches, how="vertical_relaxed"), whole)
    rules = {f["rule"] for fs in whole["findings"].to_list() for f in fs}
    assert {"exact-duplicate", "near-duplicate", "nav-spam"} <= rules
    assert list(tmp_path.iterdir()) == []  # the spill folder is gone


def test_streaming_respects_select_and_params(raw) -> None:
    config = Config(
        select=["near-duplicate", "too-short"], params={"near-duplicate": {"threshold": 0.5}}
    )
    streamed = run([raw], config, engine=LocalEngine(batch_size=31)).pages
    assert_frame_equal(streamed, run([raw], config, engine=InMemory()).pages)


def test_an_empty_corpus(tmp_path) -> None:
    (tmp_path / "empty").mkdir()
    pages = run([tmp_path / "empty"], Config()).pages
    assert pages.height == 0 and "flag__near-duplicate" in pages.columns


def _shingles(text: str, k: int = 5) -> set[str]:
    words = text.split()
    return {" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1))}


def test_near_duplicates_against_true_jaccard_and_datasketch(raw) -> None:
    pages = run([raw], Config(select=["too-short"])).pages
    found = NEAR.run(pages)
    texts = dict(
        pages.filter(pl.col("text_chars") >= 200)
        .select("id", _normalised_text().alias("norm"))
        .unique("norm", keep="first", maintain_order=True)
        .iter_rows()
    )
    shingles = {i: _shingles(t) for i, t in texts.items()}

    def jaccard(a: str, b: str) -> float:
        return len(shingles[a] & shingles[b]) / len(shingles[a] | shingles[b])

    pairs = {
        (i, json.loads(e)["near_duplicate_of"])
        for i, e in found.select("id", "evidence").iter_rows()
    }
    assert pairs
    for page, other in pairs:  # every verdict names an earlier, truly similar page
        assert other < page and jaccard(page, other) >= 0.7
    ids = sorted(shingles)
    for n, page in enumerate(ids):  # every clear near copy is found
        if any(jaccard(page, other) >= 0.95 for other in ids[:n]):
            assert page in {p for p, _ in pairs}

    # The datasketch implementation this replaced flags the same pairs on the sample (LSH is
    # probabilistic: on a 3,000-page sample the numpy one found one more true pair, J = 0.89).
    from datasketch import MinHash, MinHashLSH

    lsh, old = MinHashLSH(threshold=0.8, num_perm=128), set()
    for page in ids:
        mh = MinHash(num_perm=128, seed=1)
        mh.update_batch([s.encode("utf-8") for s in sorted(shingles[page])])
        if matches := sorted(lsh.query(mh)):
            old.add((page, matches[0]))
        lsh.insert(page, mh)
    assert pairs == old


def test_repeated_ids_are_renamed_across_batches(tmp_path) -> None:
    """Pages sharing an id in different batches are renamed once, with a finding, as the
    corpus at once renames them; nobody receives another page's findings."""
    import json as _json

    records = [
        {"id": "same" if n % 3 else f"page-{n}", "text": f"Bài số {n}. " + "Nội dung. " * 40}
        for n in range(40)
    ]
    (tmp_path / "dup.jsonl").write_text(
        "".join(_json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8"
    )
    config = Config(select=["unreadable-page", "repetition"])
    streamed = run([tmp_path], config, engine=LocalEngine(batch_size=7)).pages
    assert_frame_equal(streamed, run([tmp_path], config, engine=InMemory()).pages)
    assert streamed["id"].n_unique() == 40
    renamed = [
        f for fs in streamed["findings"].to_list() for f in fs if "already the id" in f["message"]
    ]
    assert len(renamed) == 25  # every "same" page but the first
