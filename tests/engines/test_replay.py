"""A run reads each page file once: the site-line pass records the raw batches and each
page's line keys, the parse pass replays them, and the parse cache's digests reuse the keys."""

from __future__ import annotations

import pyarrow as pa
import pytest

import pagevet.pages.sitelines as sitelines
import pagevet.sources.reader as reader
from pagevet.config import Config
from pagevet.engines.cache import site_digests
from pagevet.engines.local import LocalEngine
from pagevet.engines.replay import RawReplay
from pagevet.pipeline import run
from pagevet.sources import read_pages
from samplegen import write_sample


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The page files the reader opened (runs here use one process)."""
    seen: list[str] = []
    real = reader._read_file

    def counting(path, root, part=None):
        seen.append(str(path))
        return real(path, root, part)

    monkeypatch.setattr(reader, "_read_file", counting)
    return seen


def test_replay_gives_back_the_recorded_batches(tmp_path):
    write_sample(tmp_path / "ds", pages=60, seed=3)
    read = list(read_pages([tmp_path / "ds" / "raw"], batch_size=7))
    replay = RawReplay(tmp_path)
    assert list(replay.record(iter(read))) == read
    assert replay.recorded and replay.batches == len(read) == 9
    again = list(replay.replay())
    assert len(again) == len(read)
    assert all(a.equals(b) for a, b in zip(read, again, strict=True))
    replay.close()
    assert not list(tmp_path.glob("pagevet-raw-*"))


def test_a_pass_that_stopped_early_leaves_nothing_to_replay(tmp_path):
    write_sample(tmp_path / "ds", pages=60, seed=3)
    with RawReplay(tmp_path) as replay:
        batches = replay.record(read_pages([tmp_path / "ds" / "raw"], batch_size=7))
        next(batches)
        assert not replay.recorded
        with pytest.raises(RuntimeError, match="nothing recorded"):
            next(replay.replay())


def test_a_run_reads_every_file_once_and_gives_what_two_reads_gave(tmp_path, reads):
    write_sample(tmp_path / "ds", pages=60, seed=5)
    raw = [tmp_path / "ds" / "raw"]
    files = {str(p) for p in (tmp_path / "ds" / "raw").rglob("*") if p.is_file()}
    once = run(raw, Config(), engine=LocalEngine(batch_size=16)).pages
    assert sorted(reads) == sorted(files)  # each file opened once, not once per pass

    class Rereading(LocalEngine):
        replays = False  # the engine reads the files for each pass

    reads.clear()
    twice = run(raw, Config(), engine=Rereading(batch_size=16)).pages
    assert len(reads) == 2 * len(files)
    assert once.equals(twice)


def test_line_digests_equal_the_digests_from_the_text(tmp_path):
    write_sample(tmp_path / "ds", pages=60, seed=5)
    batches = list(read_pages([tmp_path / "ds" / "raw"], batch_size=16))
    parts = []
    lines = []
    for batch in batches:
        rows = batch.select(["text", "source", "url", "path"]).to_pydict()
        sources = [
            sitelines.count_source(s, u, p)
            for s, u, p in zip(rows["source"], rows["url"], rows["path"], strict=True)
        ]
        lines.append(sitelines.page_lines(rows["text"], sources))
        parts.append(sitelines.count_site_lines(rows["text"], sources))
    counts = sitelines.merge_site_lines(parts)
    assert counts.filter(counts["key"].is_not_null()).height > 20  # template lines were found
    for batch, kept in zip(batches, lines, strict=True):
        from_text = site_digests(batch, counts)
        assert site_digests(batch, counts, kept.to_arrow()) == from_text
        assert len(set(from_text)) > 1
    with pytest.raises(ValueError, match="page lines for a batch"):
        site_digests(batches[0], counts, lines[1].head(3).to_arrow())


def test_replay_refuses_lines_it_does_not_have(tmp_path):
    with RawReplay(tmp_path) as replay:
        list(replay.record(iter([pa.RecordBatch.from_pylist([], schema=reader.RAW_SCHEMA)])))
        assert replay.recorded and not replay.has_lines
        with pytest.raises(RuntimeError, match="no page lines"):
            next(replay.lines())
