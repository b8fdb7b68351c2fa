"""Text-page dumps: ids, provenance, decoding, normalisation, and broken files."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import unicodedata
from pathlib import Path

import pytest

from .helpers import EN_TEXT, VI_TEXT, cp1258_bytes, rows_of


def test_dump_name_gives_the_hash_as_id_and_provenance_matches_the_bytes(tmp_path: Path) -> None:
    data = VI_TEXT.encode("utf-8")
    page = tmp_path / "007_9f86d081884c7d65.txt"
    page.write_bytes(data)

    [row] = rows_of([page])

    assert row["id"] == "9f86d081884c7d65"
    assert row["path"] == str(page)
    assert (row["record"], row["offset"], row["format"]) == (0, None, "text")
    assert row["sha256"] == hashlib.sha256(data).hexdigest()
    assert row["bytes"] == len(data)
    assert row["encoding"] == "utf-8"
    assert row["text"] == row["raw"] == VI_TEXT
    assert row["error"] is None


def test_other_names_give_their_stem_as_id_and_gzip_is_read(tmp_path: Path) -> None:
    data = EN_TEXT.encode("utf-8")
    plain = tmp_path / "ferry-timetable.txt"
    plain.write_bytes(data)
    packed = tmp_path / "harbour.news.txt.gz"
    packed.write_bytes(gzip.compress(data))

    rows = rows_of([plain, packed])

    assert [row["id"] for row in rows] == ["ferry-timetable", "harbour.news"]
    # A gzipped page's own bytes are the decompressed ones.
    assert rows[1]["sha256"] == hashlib.sha256(data).hexdigest()
    assert rows[1]["text"] == EN_TEXT


def test_text_is_nfc_with_unix_newlines_and_raw_is_as_decoded(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", VI_TEXT).replace("\n", "\r\n")
    page = tmp_path / "nfd.txt"
    page.write_bytes(decomposed.encode("utf-8"))

    [row] = rows_of([page])

    assert row["text"] == VI_TEXT
    assert row["raw"] == decomposed


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + VI_TEXT.encode("utf-8"), "utf-8-sig"),
        (VI_TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + VI_TEXT.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF16_LE + VI_TEXT.encode("utf-16-le"), "utf-16"),
    ],
    ids=["utf-8-bom", "utf-16-native", "utf-16-be", "utf-16-le"],
)
def test_boms_are_honoured_and_stripped(tmp_path: Path, data: bytes, encoding: str) -> None:
    page = tmp_path / "bom.txt"
    page.write_bytes(data)

    [row] = rows_of([page])

    assert row["encoding"] == encoding
    assert row["text"] == row["raw"] == VI_TEXT


def test_vietnamese_windows_1258_is_detected_and_composed(tmp_path: Path) -> None:
    data = cp1258_bytes(VI_TEXT * 3)
    page = tmp_path / "legacy.txt"
    page.write_bytes(data)

    [row] = rows_of([page])

    assert row["error"] is None
    assert row["encoding"] == "windows-1258"
    # Legacy Vietnamese keeps tone marks as combining characters; the text must be NFC.
    assert row["text"] == VI_TEXT * 3
    assert row["sha256"] == hashlib.sha256(data).hexdigest()


def test_english_windows_1252_is_detected(tmp_path: Path) -> None:
    page = tmp_path / "legacy-en.txt"
    page.write_bytes((EN_TEXT * 3).encode("cp1252"))

    [row] = rows_of([page])

    assert row["error"] is None
    assert row["encoding"].startswith("windows-125")
    assert row["text"] == EN_TEXT * 3


def test_a_tiny_page_is_not_an_error(tmp_path: Path) -> None:
    page = tmp_path / "tiny.txt"
    page.write_bytes("Ừ".encode())

    [row] = rows_of([page])

    assert (row["text"], row["error"]) == ("Ừ", None)


BROKEN = {
    "empty.txt": (b"", "empty file"),
    "binary.txt": (bytes(range(256)) * 8, "binary content"),
    "bad-utf8.txt": (
        VI_TEXT.encode("utf-8")[:-4] + b"\xff" + VI_TEXT.encode("utf-8"),
        "invalid UTF-8",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_file_is_one_error_row_and_the_others_are_read(tmp_path: Path, name: str) -> None:
    data, reason = BROKEN[name]
    (tmp_path / "a-good.txt").write_text(VI_TEXT, encoding="utf-8")
    broken = tmp_path / name
    broken.write_bytes(data)
    (tmp_path / "z-good.txt").write_text(EN_TEXT, encoding="utf-8")

    rows = rows_of([tmp_path])

    assert [row["error"] is None for row in rows] == [True, False, True]
    error_row = rows[1]
    assert error_row["error"].startswith(f"{broken}: {reason}")
    assert (error_row["text"], error_row["raw"], error_row["encoding"]) == ("", "", None)
    assert error_row["id"] == broken.stem
    assert error_row["sha256"] == hashlib.sha256(data).hexdigest()
    assert error_row["bytes"] == len(data)


def test_truncated_gzip_is_an_error_row(tmp_path: Path) -> None:
    packed = gzip.compress((VI_TEXT * 50).encode("utf-8"))
    broken = tmp_path / "cut.txt.gz"
    broken.write_bytes(packed[: len(packed) // 2])
    (tmp_path / "good.txt").write_text(EN_TEXT, encoding="utf-8")

    rows = rows_of([tmp_path])

    assert [row["error"] is None for row in rows] == [False, True]
    assert rows[0]["error"] == (
        f"{broken}: truncated gzip: Compressed file ended before the end-of-stream marker was reached"
    )
    assert rows[0]["id"] == "cut"


def test_an_unreadable_file_is_an_error_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(VI_TEXT, encoding="utf-8")
    real_open = Path.open

    # chmod cannot lock out root, which CI containers often run as; deny at the open instead.
    def deny(self: Path, *args: object, **kwargs: object) -> object:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", deny)

    [row] = rows_of([locked])

    assert row["error"].startswith(f"{locked}: permission denied")
    assert (row["bytes"], row["text"]) == (0, "")
