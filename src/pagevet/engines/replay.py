"""Raw-page batches read once per run: the first pass over a crawl (the site-line counts)
records the batches it reads to disk, and the parse pass replays them instead of reading
and decoding every file again. Beside them it keeps each page's line keys from the first
pass (`pages.sitelines.page_lines`), so a parse cache's digests do not fold every line
again.

Reading a text dump costs more than replaying it: opening the file, sha256, charset
detection, decoding, cleaning every string column and the size limits, against one lz4
Arrow IPC stream read back in order. The recording is kept only when the first pass read
every batch; a pass that stopped early leaves nothing to replay, and the second pass reads
the files. Disk holds about the input's size (raw bytes and text, lz4) until `close`.
Memory holds one batch at a time."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc  # noqa: F401  (pa.ipc)

from pagevet.sources.schema import RAW_SCHEMA


class RawReplay:
    """The raw batches of one pass over `paths`, in a file under `folder` (default: the
    system's temporary folder)."""

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        handle, name = tempfile.mkstemp(prefix="pagevet-raw-", suffix=".arrows", dir=folder)
        os.close(handle)
        self.path = Path(name)
        self.lines_path = self.path.with_suffix(".lines.arrows")
        self.recorded = False  # every batch of a pass is on disk
        self.batches = 0
        self._lines: pa.ipc.RecordBatchStreamWriter | None = None
        self._lines_sink: pa.NativeFile | None = None
        self._lines_count = 0

    def keep_lines(self, table: pa.Table) -> None:
        """The page lines (`pages.sitelines.PAGE_LINES`) of the next recorded batch."""
        if self._lines is None:
            self._lines_sink = pa.OSFile(str(self.lines_path), "wb")
            self._lines = pa.ipc.new_stream(self._lines_sink, table.schema)
        # one record batch per recorded batch, so `lines` gives them back one for one
        chunks = table.combine_chunks().to_batches()
        self._lines.write_batch(
            chunks[0] if chunks else pa.RecordBatch.from_pylist([], schema=table.schema)
        )
        self._lines_count += 1

    @property
    def has_lines(self) -> bool:
        """Whether every recorded batch has its page lines."""
        return self.recorded and self._lines_count == self.batches and self.batches > 0

    def lines(self) -> Iterator[pa.Table]:
        """The kept page lines, one table per recorded batch, in order."""
        if not self.has_lines:
            raise RuntimeError("no page lines kept for every batch")
        self._close_lines()
        with pa.OSFile(str(self.lines_path), "rb") as source:
            for batch in pa.ipc.open_stream(source):
                yield pa.Table.from_batches([batch])

    def _close_lines(self) -> None:
        if self._lines is not None:
            self._lines.close()
            self._lines_sink.close()  # type: ignore[union-attr]
            self._lines = self._lines_sink = None

    def record(self, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        """`batches`, each written to disk as it passes; the recording counts once the
        iterator is exhausted."""
        self.recorded = False
        self._close_lines()
        self._lines_count = 0
        options = pa.ipc.IpcWriteOptions(compression="lz4")
        count = 0
        with (
            pa.OSFile(str(self.path), "wb") as sink,
            pa.ipc.new_stream(sink, RAW_SCHEMA, options=options) as writer,
        ):
            for batch in batches:
                writer.write_batch(batch)
                count += 1
                yield batch
        self.batches = count
        self.recorded = True

    def replay(self) -> Iterator[pa.RecordBatch]:
        """The recorded batches, in order, one at a time."""
        if not self.recorded:
            raise RuntimeError("nothing recorded to replay")
        with pa.OSFile(str(self.path), "rb") as source:
            yield from pa.ipc.open_stream(source)

    def close(self) -> None:
        self.recorded = False
        self._close_lines()
        self.path.unlink(missing_ok=True)
        self.lines_path.unlink(missing_ok=True)

    def __enter__(self) -> RawReplay:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
