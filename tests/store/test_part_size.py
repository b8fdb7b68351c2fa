"""A version part's size (`tables.part_size`: the card's num_bytes, and what decides the number
of shards) is a function of the rows, not of how a writer happened to lay them out in memory:
the local writer and the Ray workers' writer must choose the same shards."""

from __future__ import annotations

import pyarrow as pa

from pagevet.store.tables import arrow_size, part_size


def _rows() -> pa.Table:
    return pa.table(
        {
            "id": pa.array([f"p{i}" for i in range(50)]),
            "title": pa.array([None if i % 7 == 0 else f"title {i}" for i in range(50)]),
            "findings": pa.array(
                [[{"rule": "r", "severity": "warning"}] * (i % 3) for i in range(50)],
                pa.list_(pa.struct([("rule", pa.string()), ("severity", pa.string())])),
            ),
        }
    )


def test_the_same_rows_in_other_layouts_have_the_same_size() -> None:
    table = _rows()
    # several chunks
    chunked = pa.concat_tables([table.slice(0, 20), table.slice(20)])
    # a slice of a larger table (its buffers hold rows outside the slice)
    bigger = pa.concat_tables([table, table]).combine_chunks().slice(0, 50)
    # a validity bitmap on a column without nulls
    ids = table["id"].combine_chunks()
    bitmap = pa.py_buffer(b"\xff" * 8)
    with_bitmap = pa.Array.from_buffers(pa.string(), len(ids), [bitmap, *ids.buffers()[1:]])
    assert with_bitmap.buffers()[0] is not None and with_bitmap.null_count == 0
    flagged = table.set_column(0, "id", with_bitmap)
    # bytes behind a null: the null's slot spans characters
    titles = table["title"].combine_chunks()
    offsets = pa.array([0, 5, *range(10, 10 + 5 * 49, 5)], pa.int32())
    data = pa.py_buffer(
        b"x" * 5 + b"".join(f"{t or '':<5}"[:5].encode() for t in titles[1:].to_pylist())
    )
    behind = pa.Array.from_buffers(
        pa.string(), 50, [titles.buffers()[0], offsets.buffers()[1], data]
    )
    assert behind.null_count == titles.null_count and behind[0].as_py() is None

    sizes = {arrow_size(t) for t in (table, chunked, bigger, flagged)}
    assert len(sizes) == 1
    # Table.nbytes does see the layouts: the case this guards against is real
    assert len({t.nbytes for t in (table, bigger, flagged)}) > 1
    # the null's hidden bytes are not counted, only the visible strings differ in length
    same_values = pa.Array.from_buffers(
        pa.string(), 50, [titles.buffers()[0], offsets.buffers()[1], data]
    ).filter(pa.array([True] * 50))
    assert arrow_size(pa.table({"t": behind})) == arrow_size(pa.table({"t": same_values}))


def test_a_part_is_sized_per_10000_row_block() -> None:
    table = pa.table({"x": pa.array(range(25_000), pa.int64())})
    blocks = [table.slice(0, 10_000), table.slice(10_000, 10_000), table.slice(20_000)]
    assert part_size(table) == sum(arrow_size(b) for b in blocks)
    assert part_size(table) >= 25_000 * 8
    # more rows, more bytes
    assert part_size(table.slice(0, 12_000)) < part_size(table)
