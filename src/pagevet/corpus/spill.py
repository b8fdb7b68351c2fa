"""A spill store: named streams of polars frames written to Parquet files in a temporary
folder, read back in the order they were written (one frame at a time) or scanned lazily as
one table. Corpus passes keep their batches here instead of in memory."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import polars as pl


def _os_error(error: pl.exceptions.ComputeError) -> Exception:
    """polars reports a failed write ("No space left on device (os error 28)") as a
    ComputeError: give it back as the OSError it is, so callers report it as one."""
    found = re.search(r"\(os error (\d+)\)", str(error))
    if not found:
        return error
    code = int(found.group(1))
    return OSError(code, os.strerror(code))


class SpillStore:
    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="pagevet-spill-", dir=folder))
        self._parts: dict[str, list[Path]] = {}

    def append(self, name: str, frame: pl.DataFrame) -> None:
        """Add `frame` to the stream `name` (empty frames too: they keep batch positions)."""
        parts = self._parts.setdefault(name, [])
        path = self.folder / f"{name}-{len(parts):06d}.parquet"
        # lz4: these files live for one run; writing and reading fast matters more than size
        try:
            frame.write_parquet(path, compression="lz4", statistics=False)
        except pl.exceptions.ComputeError as error:
            raise _os_error(error) from None
        parts.append(path)

    def __len__(self) -> int:
        return sum(len(p) for p in self._parts.values())

    def count(self, name: str) -> int:
        return len(self._parts.get(name, []))

    def frames(self, name: str, columns: list[str] | None = None) -> Iterator[pl.DataFrame]:
        """The frames of `name`, one at a time, in the order they were appended."""
        for path in self._parts.get(name, []):
            yield pl.read_parquet(path, columns=columns)

    def scan(self, name: str, schema: dict[str, pl.DataType] | None = None) -> pl.LazyFrame:
        """Every frame of `name` as one lazy table (empty with `schema` when none was written)."""
        parts = self._parts.get(name, [])
        if not parts:
            return pl.LazyFrame(schema=schema or {})
        return pl.scan_parquet(parts)

    def drop(self, name: str) -> None:
        """Delete the stream's files once it has been read for the last time."""
        for path in self._parts.pop(name, []):
            path.unlink(missing_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self._parts.clear()

    def __enter__(self) -> SpillStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
