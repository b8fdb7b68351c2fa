"""Large JSONL and Parquet files are cut into ranges that different workers read
(`engines.inputs.split_large`); the ranges' pages are the whole file's pages, row for row:
the same records, line numbers in messages, offsets and error rows."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import pagevet.sources.jsonl as jsonl
from pagevet.engines.inputs import InputFile, count_jsonl_spans, read_input, split_large


def _table(items: list[InputFile]) -> pa.Table:
    return pa.Table.from_batches([b for item in items for b in read_input(item)])


def _record(i: int) -> str:
    return json.dumps({"id": f"r{i}", "url": f"https://ex.vn/tin/{i}", "text": f"Bài số {i}. " * 5})


@pytest.fixture
def awkward_jsonl(tmp_path, monkeypatch) -> Path:
    """BOM, blank lines, CRLF, invalid lines, an over-long line, no final newline."""
    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 400)
    lines = [_record(i) for i in range(40)]
    lines[3] = ""
    lines[7] = "   "
    lines[11] = "{not json"
    lines[19] = json.dumps({"id": "long", "text": "x" * 1000})  # over the (patched) cap
    lines[23] = "[1, 2]"
    path = tmp_path / "export.jsonl"
    body = "\r\n".join(lines[:20]) + "\r\n" + "\n".join(lines[20:])  # no final newline
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    return path


@pytest.mark.parametrize("range_bytes", [1, 150, 700, 5000])
def test_jsonl_ranges_read_the_whole_files_rows(awkward_jsonl, range_bytes):
    whole = _table([InputFile(str(awkward_jsonl))])
    items = list(split_large([InputFile(str(awkward_jsonl))], count_jsonl_spans, range_bytes))
    if range_bytes < awkward_jsonl.stat().st_size:
        assert len(items) > 1 and all(item.part for item in items)
    assert _table(items).equals(whole)
    errors = [e.split(": ", 1)[1] for e in whole["error"].to_pylist() if e]
    # the messages number lines as in the whole file (the blank lines count)
    assert [e[:10] for e in errors] == ["line 12: i", "line 20 is", "line 24: e"]


def test_ranges_start_at_line_starts_and_cover_the_file(awkward_jsonl):
    data = awkward_jsonl.read_bytes()
    ranges = jsonl.jsonl_ranges(awkward_jsonl, 300)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data)
    assert all(a < b for a, b in ranges)
    assert all(stop == start for (_, stop), (start, _) in zip(ranges, ranges[1:], strict=False))
    assert all(data[start - 1 : start] == b"\n" for start, _ in ranges[1:])
    lines = sum(jsonl.count_jsonl_range(awkward_jsonl, a, b)[0] for a, b in ranges)
    assert lines == 40


def test_parquet_ranges_by_row_group(tmp_path):
    path = tmp_path / "export.parquet"
    rows = [json.loads(_record(i)) for i in range(50)]
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=8)
    whole = _table([InputFile(str(path))])
    items = list(split_large([InputFile(str(path))], count_jsonl_spans, 1))
    assert len(items) == 7  # one range per row group at this size
    assert _table(items).equals(whole)
    assert _table(items)["record"].to_pylist() == list(range(50))


def test_small_compressed_and_other_files_are_not_cut(tmp_path, awkward_jsonl):
    gz = tmp_path / "export.jsonl.gz"
    import gzip

    gz.write_bytes(gzip.compress(awkward_jsonl.read_bytes()))
    text = tmp_path / "page.txt"
    text.write_text("Tiêu đề\n\nMột đoạn văn.", "utf-8")
    files = [InputFile(str(p)) for p in (gz, text)]
    assert list(split_large(files, count_jsonl_spans, 1)) == files
    big = InputFile(str(awkward_jsonl))
    assert list(split_large([big], count_jsonl_spans, 10**9)) == [big]
