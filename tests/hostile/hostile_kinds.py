"""The hostile-input corpus: every kind of bad input a crawl can hold, generated here (never
committed as binaries), each written beside good pages.

An input kind writes files into `raw/hostile/` of a dataset whose `raw/good/` holds good pages;
a recipe kind breaks the recipe, a suite or an argument instead. Large inputs (a 200 MB line,
a gzip bomb) are written in chunks, so making them costs little memory.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

MiB = 1024 * 1024
VI = (
    "Nông dân xã Phúc Xuân mở rộng vùng chè hữu cơ\n"
    "Năm nay các hộ đã chuyển thêm mười héc-ta sang trồng chè theo hướng hữu cơ.\n"
    "Ông Đức cho biết sản lượng tăng gần gấp rưỡi so với vụ trước, giá bán cũng ổn định.\n"
)
FR = (
    "Marché de Noël à Strasbourg : la fréquentation dépasse les prévisions\n"
    "Les exposants évoquent une saison « très réussie », malgré la météo déçevante.\n"
    "À l'hôtel de ville, on prévoit déjà d'agrandir l'espace réservé aux artisans.\n"
)


@dataclass(frozen=True)
class Kind:
    name: str
    make: Callable[[Path], None]  # input kinds: write into raw/hostile/; others: see `scope`
    scope: str = "input"  # input | recipe | argument
    exit_codes: frozenset[int] = frozenset({0, 1})
    # argument kinds: the pagevet arguments (the dataset folder is "{ds}")
    args: tuple[str, ...] = ()
    # also run while the build reads (e.g. delete files); gets raw/hostile
    during: Callable[[Path], None] | None = None
    heavy: bool = False
    notes: dict[str, str] = field(default_factory=dict)


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def _jsonl(path: Path, records: list[object]) -> None:
    _write(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


def _stream(path: Path, chunks, compress: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if compress:
        with gzip.open(path, "wb", compresslevel=1) as out:
            for chunk in chunks:
                out.write(chunk)
    else:
        with path.open("wb") as out:
            for chunk in chunks:
                out.write(chunk)


def _repeat(piece: bytes, total: int):
    block = piece * (MiB // len(piece))
    written = 0
    while written < total:
        part = block[: min(len(block), total - written)]
        written += len(part)
        yield part


def _html(title: str, body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>{title}</title></head><body><article>{body}</article></body></html>"


def _warc_record(rec_type: str, uri: str, payload: bytes, headers: str = "") -> bytes:
    block = payload
    head = (
        "WARC/1.0\r\n"
        f"WARC-Type: {rec_type}\r\n"
        f"WARC-Target-URI: {uri}\r\n"
        "WARC-Date: 2024-03-01T10:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{random.Random(uri + rec_type).getrandbits(128):032x}>\r\n"
        f"{headers}"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def _http_response(content_type: str, body: bytes) -> bytes:
    return (
        f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def _response(uri: str, content_type: str, body: bytes) -> bytes:
    return _warc_record(
        "response",
        uri,
        _http_response(content_type, body),
        "Content-Type: application/http; msgtype=response\r\n",
    )


def _article(n: int) -> str:
    return "\n".join(
        [f"Bài viết thử nghiệm số {n} về mùa vụ chè"]
        + [f"Đoạn {i}: người dân trong xã tiếp tục chăm sóc đồi chè sau mùa mưa." for i in range(8)]
    )


# --- input kinds ------------------------------------------------------------------------------


def empty_files(d: Path) -> None:
    _write(d / "001_aaaaaaaaaaaaaaa1.txt", b"")
    _write(d / "empty.html", b"")
    _write(d / "empty.jsonl", b"")
    _write(d / "empty.warc", b"")
    _write(d / "empty.parquet", b"")


def whitespace_only(d: Path) -> None:
    _write(d / "002_aaaaaaaaaaaaaaa2.txt", " \n\t\n   \r\n\u00a0\n")
    _write(d / "blank.jsonl", "\n\n   \n\t\n")


def binary_as_txt(d: Path) -> None:
    _write(d / "003_aaaaaaaaaaaaaaa3.txt", random.Random(3).randbytes(64 * 1024))


def image_as_txt(d: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + random.Random(4).randbytes(8192)
    _write(d / "004_aaaaaaaaaaaaaaa4.txt", png)
    _write(d / "photo.html", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + random.Random(5).randbytes(8192))


def invalid_utf8(d: Path) -> None:
    _write(d / "005_aaaaaaaaaaaaaaa5.txt", VI.encode() + b"\xff\xfe trailing \xc3\x28 bytes\n")


def utf16_without_bom(d: Path) -> None:
    _write(d / "006_aaaaaaaaaaaaaaa6.txt", (VI * 3).encode("utf-16-le"))


def legacy_vietnamese(d: Path) -> None:
    from sources.helpers import cp1258_bytes

    _write(d / "007_aaaaaaaaaaaaaaa7.txt", cp1258_bytes(VI * 3))
    # VNI/TCVN3-style text: Vietnamese typed in a legacy font encoding, read as Latin letters
    _write(d / "008_aaaaaaaaaaaaaaa8.txt", "Noâng daân xaõ Phuùc Xuaân môû roäng vuøng cheø\n" * 5)


def mojibake(d: Path) -> None:
    _write(
        d / "009_aaaaaaaaaaaaaaa9.txt", (VI * 3).encode("utf-8").decode("latin-1").encode("utf-8")
    )


def nul_bytes(d: Path) -> None:
    _write(d / "010_aaaaaaaaaaaaab10.txt", VI.replace(" ", "\x00 ").encode())
    _write(d / "nul.jsonl", json.dumps({"id": "nul-record", "text": "a\u0000b " + VI}) + "\n")


def latin1_text(d: Path) -> None:
    _write(d / "011_aaaaaaaaaaaaab11.txt", (FR * 4).encode("latin-1"))


def single_line_200mb(d: Path) -> None:
    _stream(d / "012_aaaaaaaaaaaaab12.txt", _repeat("chè hữu cơ ".encode(), 200 * MiB))
    _stream(
        d / "long-line.jsonl",
        [b'{"id": "long", "text": "', *_repeat(b"abcdefgh", 200 * MiB), b'"}\n',
         json.dumps({"id": "after-long", "text": VI}).encode() + b"\n"],
    )  # fmt: skip


def million_short_lines(d: Path) -> None:
    _stream(d / "013_aaaaaaaaaaaaab13.txt", _repeat(b"a\n", 2_000_000))
    _stream(
        d / "many-lines.jsonl",
        [b'{"id": "lines", "text": "', *_repeat(b"b\\n", 3_000_000), b'"}\n'],
    )


def gzip_bomb(d: Path) -> None:
    _stream(d / "014_aaaaaaaaaaaaab14.txt.gz", _repeat(b"\0", 512 * MiB), compress=True)
    _stream(
        d / "bomb.jsonl.gz",
        [b'{"text": "', *_repeat(b"A", 1024 * MiB), b'"}\n'],
        compress=True,
    )


def truncated_gzip(d: Path) -> None:
    data = gzip.compress((VI * 50).encode())
    _write(d / "015_aaaaaaaaaaaaab15.txt.gz", data[: len(data) // 2])
    records = gzip.compress(
        "".join(json.dumps({"text": VI + str(i)}) + "\n" for i in range(50)).encode()
    )
    _write(d / "cut.jsonl.gz", records[: len(records) * 2 // 3])


def fake_gzip(d: Path) -> None:
    _write(d / "016_aaaaaaaaaaaaab16.txt.gz", VI)
    _write(d / "fake.warc.gz", b"\x1f\x8b\x08\x00" + random.Random(16).randbytes(2048))


def malformed_jsonl(d: Path) -> None:
    _write(
        d / "malformed.jsonl",
        '{"text": "ok start"\n[1, 2, 3]\n"just a string"\n42\nnull\n{"text": }\n{bad json\n'
        + json.dumps({"id": "fine-after-bad", "text": VI})
        + "\n",
    )


def mistyped_jsonl(d: Path) -> None:
    _jsonl(
        d / "mistyped.jsonl",
        [
            {"id": 7, "text": 12345},
            {"id": True, "text": ["a", "b"], "title": {"x": 1}},
            {"id": "m3", "text": VI, "title": ["list", "title"], "url": 5, "date": {"y": 2024}},
            {"id": "m4", "html": 3.5},
            {"id": "m5", "text": VI, "published_at": [2024, 1, 1], "crawled_at": "not a date"},
        ],
    )


def object_ids(d: Path) -> None:
    _jsonl(d / "object-ids.jsonl", [{"id": {"nested": 1}, "text": VI}, {"id": [1, 2], "text": FR}])


def duplicate_ids_jsonl(d: Path) -> None:
    _jsonl(d / "dup-ids.jsonl", [{"id": "same", "text": f"{VI} {i}"} for i in range(1000)])


def duplicate_hash_files(d: Path) -> None:
    _write(d / "a" / "100_bbbbbbbbbbbbbbb1.txt", _article(1))
    _write(d / "b" / "200_bbbbbbbbbbbbbbb1.txt", _article(2))
    _write(d / "c" / "bbbbbbbbbbbbbbb1~2.txt", _article(3))  # the name a rename would pick


def deep_json(d: Path) -> None:
    _write(d / "deep.jsonl", '{"text": ' + "[" * 200_000 + "]" * 200_000 + "}\n"
           + json.dumps({"id": "after-deep", "text": VI}) + "\n")  # fmt: skip


def huge_integer(d: Path) -> None:
    _write(d / "bigint.jsonl", '{"id": ' + "9" * 5000 + ', "text": "x"}\n'
           + '{"id": "n", "text": "y", "crawled_at": ' + "1" * 5000 + "}\n")  # fmt: skip


def lone_surrogate(d: Path) -> None:
    _write(d / "surrogate.jsonl", '{"id": "s1", "text": "abc \\ud800 def ' + VI.replace("\n", " ")
           + '", "title": "\\udfff"}\n')  # fmt: skip


def parquet_wrong_schema(d: Path) -> None:
    pq.write_table(pa.table({"a": [1, 2, 3], "b": [0.5, 1.5, 2.5]}), d / "wrong.parquet")
    pq.write_table(pa.table({"text": [1, 2], "id": [[1], [2]]}), d / "mistyped.parquet")


def parquet_truncated(d: Path) -> None:
    buffer = io.BytesIO()
    pq.write_table(pa.table({"id": ["p1", "p2"], "text": [VI, FR]}), buffer)
    data = buffer.getvalue()
    _write(d / "cut.parquet", data[: len(data) // 2])
    _write(d / "fake.parquet", b"PAR1 this is not parquet PAR1")


def parquet_zero_rows(d: Path) -> None:
    pq.write_table(
        pa.table({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())}),
        d / "zero.parquet",
    )


def parquet_bad_rows_same_id(d: Path) -> None:
    # 2,000 rows that cannot be pages, all alike: they share an id (the hash of their content)
    pq.write_table(pa.table({"text": [None] * 2000, "title": ["x"] * 2000}), d / "bad-rows.parquet")


def warc_truncated(d: Path) -> None:
    data = b"".join(_response(f"https://example.vn/{i}", "text/html; charset=utf-8",
                              _html(f"Tin {i}", f"<p>{_article(i)}</p>").encode()) for i in range(3))  # fmt: skip
    _write(d / "cut.warc", data[: len(data) - 300])
    _write(d / "cut.warc.gz", gzip.compress(data)[:-200])


def warc_without_pages(d: Path) -> None:
    request = _warc_record("request", "https://example.vn/a", b"GET /a HTTP/1.1\r\nHost: example.vn\r\n\r\n",
                           "Content-Type: application/http; msgtype=request\r\n")  # fmt: skip
    meta = _warc_record("metadata", "https://example.vn/a", b"outlinks: none\n",
                        "Content-Type: application/warc-fields\r\n")  # fmt: skip
    _write(d / "requests.warc", request + meta)
    _write(d / "media.warc", _response("https://example.vn/p.png", "image/png", b"\x89PNG" + bytes(500))
           + _response("https://example.vn/d.pdf", "application/pdf", b"%PDF-1.4 ..."))  # fmt: skip


def html_deep_nesting(d: Path) -> None:
    _write(d / "deep.html", _html("Sâu", "<div>" * 100_000 + VI + "</div>" * 100_000))
    _write(d / "table.html", _html("Bảng", "<table><tr><td>" * 20_000 + "x"))


def html_script_only(d: Path) -> None:
    _write(
        d / "script.html",
        "<html><head><script>" + "var a = 1;\n" * 5000 + "</script></head></html>",
    )
    _write(d / "style.html", "<style>" + "p{color:red}" * 1000 + "</style>")


def lying_charset(d: Path) -> None:
    from sources.helpers import cp1258_bytes

    _write(d / "says-latin1.html", _html("Chè", VI, '<meta charset="iso-8859-1">'))
    _write(d / "says-utf8.html", b'<html><head><meta charset="utf-8"><title>x</title></head><body><p>'
           + cp1258_bytes(VI * 3) + b"</p></body></html>")  # fmt: skip
    _write(d / "says-nonsense.html", _html("Chè", VI, '<meta charset="x-no-such-charset">'))


def symlink_loops(d: Path) -> None:
    d.mkdir(parents=True, exist_ok=True)
    os.symlink("self.txt", d / "self.txt")
    os.symlink("b.txt", d / "a.txt")
    os.symlink("a.txt", d / "b.txt")
    (d / "sub").mkdir()
    os.symlink("..", d / "sub" / "up")  # a folder loop
    os.symlink("../..", d / "sub" / "up.txt")


def symlinks_out_of_tree(d: Path) -> None:
    d.mkdir(parents=True, exist_ok=True)
    secret = d.parent.parent.parent / "outside-secret.txt"
    secret.write_text("SECRET-OUTSIDE-THE-CRAWL " + VI, "utf-8")
    os.symlink(secret, d / "017_aaaaaaaaaaaaab17.txt")
    os.symlink("/etc/passwd", d / "passwd.txt")
    os.symlink(secret.parent, d / "outside-folder.txt")
    os.symlink("/nonexistent/x.txt", d / "dangling.txt")


def odd_file_names(d: Path) -> None:
    d.mkdir(parents=True, exist_ok=True)
    _write(d / "bad\n::warning file=x::injected.txt", b"")
    _write(d / "line\nbreak.txt", VI)
    with open(os.fsencode(d) + b"/caf\xe9-\xff.txt", "wb") as handle:  # not UTF-8
        handle.write(VI.encode())
    _write(d / "%0A::error::x.txt", b"")
    _write(d / " spaces and ,commas: .txt", b"\x00\x01\x02")


def directory_named_like_page(d: Path) -> None:
    (d / "018_aaaaaaaaaaaaab18.txt").mkdir(parents=True)
    (d / "pages.jsonl").mkdir()
    (d / "archive.warc.gz" / "inner").mkdir(parents=True)


def fifo_and_device(d: Path) -> None:
    d.mkdir(parents=True, exist_ok=True)
    os.mkfifo(d / "019_aaaaaaaaaaaaab19.txt")
    os.mkfifo(d / "pipe.jsonl")
    os.symlink("/dev/zero", d / "zero.txt")
    os.symlink("/dev/urandom", d / "random.html")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(d / "socket.txt"))
    except OSError:
        pass
    finally:
        server.close()


def deleted_during_run(d: Path) -> None:
    for i in range(400):
        _write(d / f"del-{i:04d}.txt", _article(i))


def _delete_soon(d: Path) -> None:
    import time

    time.sleep(1.5)
    for path in sorted(d.glob("del-*.txt")):
        path.unlink(missing_ok=True)


def unicode_floods(d: Path) -> None:
    _write(d / "020_aaaaaaaaaaaaab20.txt", "Tiêu đề\n" + "\u200b" * 200_000 + "\n" + VI)
    _write(d / "021_aaaaaaaaaaaaab21.txt", "\u202e\u202b" * 50_000 + VI + "\u2067" * 1000)
    _write(d / "022_aaaaaaaaaaaaab22.txt", "Z" + "\u0301\u0323\u0309" * 100_000 + "\n" + VI)
    _write(d / "023_aaaaaaaaaaaaab23.txt", "\ufeff\ufeff" + "\U0001f600" * 50_000)


def long_page_under_cap(d: Path) -> None:
    # 15 MB of ordinary text: under the byte cap, over the text cap (cut, with a finding)
    line = ("Người dân trong xã tiếp tục chăm sóc đồi chè sau mùa mưa dài. " * 8 + "\n").encode()
    _stream(d / "024_aaaaaaaaaaaaab24.txt", _repeat(line, 15 * MiB))


def huge_html_attribute(d: Path) -> None:
    _stream(
        d / "attr.html",
        [b'<html><body><p title="', *_repeat(b"x", 30 * MiB), b'">hi</p></body></html>'],
    )


INPUT_KINDS: list[Kind] = [
    Kind("empty files", empty_files),
    Kind("whitespace-only files", whitespace_only),
    Kind("binary named .txt", binary_as_txt),
    Kind("images named .txt/.html", image_as_txt),
    Kind("invalid UTF-8", invalid_utf8),
    Kind("UTF-16 without BOM", utf16_without_bom),
    Kind("legacy Vietnamese encodings", legacy_vietnamese),
    Kind("mojibake (double-encoded UTF-8)", mojibake),
    Kind("NUL bytes", nul_bytes),
    Kind("Latin-1 text (vs windows-1250)", latin1_text),
    Kind("200 MB single line (.txt, .jsonl)", single_line_200mb, heavy=True),
    Kind("a million short lines", million_short_lines, heavy=True),
    Kind("gzip bomb (.txt.gz 512 MB, .jsonl.gz 1 GB line)", gzip_bomb, heavy=True),
    Kind("truncated gzip", truncated_gzip),
    Kind("fake gzip", fake_gzip),
    Kind("malformed JSONL", malformed_jsonl),
    Kind("mistyped JSONL fields", mistyped_jsonl),
    Kind("object/array ids", object_ids),
    Kind("1,000 JSONL records with one id", duplicate_ids_jsonl),
    Kind("two NNN_<hash>.txt with one hash", duplicate_hash_files),
    Kind("JSON nested 200,000 deep", deep_json),
    Kind("5,000-digit integers", huge_integer),
    Kind("lone surrogate in JSON", lone_surrogate),
    Kind("Parquet with a wrong schema", parquet_wrong_schema),
    Kind("truncated/fake Parquet", parquet_truncated),
    Kind("Parquet with 0 rows", parquet_zero_rows),
    Kind("2,000 bad Parquet rows sharing an id", parquet_bad_rows_same_id),
    Kind("truncated WARC (.warc, .warc.gz)", warc_truncated),
    Kind("WARC with only request/metadata or non-HTML", warc_without_pages),
    Kind("deeply nested HTML", html_deep_nesting),
    Kind("script/style-only HTML", html_script_only),
    Kind("lying <meta charset>", lying_charset),
    Kind("symlink loops", symlink_loops),
    Kind("symlinks out of the tree", symlinks_out_of_tree),
    Kind("odd file names (newline, invalid UTF-8)", odd_file_names),
    Kind("directories named like pages", directory_named_like_page),
    Kind("FIFOs, devices, sockets", fifo_and_device),
    Kind("files deleted during the run", deleted_during_run, during=_delete_soon),
    Kind("RTL/zero-width/combining floods", unicode_floods),
    Kind("15 MB page under the byte cap", long_page_under_cap, heavy=True),
    Kind("30 MB HTML attribute", huge_html_attribute, heavy=True),
]


# --- recipe, suite and argument kinds: usage errors, exit 2 --------------------------------------

USAGE = frozenset({2})


def _recipe_edit(old: str, new: str) -> Callable[[Path], None]:
    def make(ds: Path) -> None:
        recipe = ds / "dataset.toml"
        text = recipe.read_text("utf-8")
        assert old in text, (old, text)
        recipe.write_text(text.replace(old, new, 1), "utf-8")

    return make


def _suite_text(text: str) -> Callable[[Path], None]:
    def make(ds: Path) -> None:
        (ds.parent / "checks" / "smoke.json").write_text(text, "utf-8")

    return make


def _nothing(ds: Path) -> None:
    return None


RECIPE_KINDS: list[Kind] = [
    Kind("recipe: not TOML", _recipe_edit('name = "news"', 'name = "news\n[[['), "recipe", USAGE),
    Kind(
        "recipe: unknown key",
        _recipe_edit("[[sources]]", 'sorces = "raw"\n[[sources]]'),
        "recipe",
        USAGE,
    ),
    Kind(
        "recipe: languages as a string",
        _recipe_edit('languages = ["vi", "en"]', 'languages = "vi"'),
        "recipe",
        USAGE,
    ),
    Kind(
        "recipe: unknown split name",
        _recipe_edit(
            "[split]\ntrain = 0.8\nvalidation = 0.1", "[split]\ntrain = 0.8\nvalidaton = 0.1"
        ),
        "recipe",
        USAGE,
    ),  # fmt: skip
    Kind(
        "recipe: value of the wrong type",
        _recipe_edit('license = "cc-by-4.0"', "license = 4"),
        "recipe",
        USAGE,
    ),
    Kind(
        "recipe: unknown [[sources]] key",
        _recipe_edit('path = "raw"', 'path = "raw"\nsite = "x"'),
        "recipe",
        USAGE,
    ),
    Kind(
        "recipe: source ../../../etc",
        _recipe_edit('path = "raw"', 'path = "../../../../../../etc"'),
        "recipe",
        USAGE,
    ),
    Kind("recipe: source /etc", _recipe_edit('path = "raw"', 'path = "/etc"'), "recipe", USAGE),
    Kind(
        "recipe: rule parameter of the wrong type",
        _recipe_edit("[split]", '[rules.rules.too-short]\nmin_chars = "abc"\n\n[split]'),
        "recipe",
        USAGE,
    ),
    Kind(
        "recipe: unknown rule",
        _recipe_edit("[split]", '[rules]\nignore = ["no-such-rule"]\n\n[split]'),
        "recipe",
        USAGE,
    ),  # fmt: skip
    Kind("suite: not JSON", _suite_text("{not json"), "recipe", USAGE),
    Kind(
        "suite: unknown expectation type",
        _suite_text(
            '{"name": "smoke", "expectations": [{"type": "expect_nothing_real", "kwargs": {}}]}'
        ),
        "recipe",
        USAGE,
    ),  # fmt: skip
    Kind("suite: not an object", _suite_text("[1, 2]"), "recipe", USAGE),
]

TRAVERSAL = "1.0.0/../../../other/ds/versions/v1.0.0"
ARGUMENT_KINDS: list[Kind] = [
    Kind(
        "verify --version with ../",
        _nothing,
        "argument",
        USAGE,
        ("verify", "{ds}", "--version", TRAVERSAL),
    ),
    Kind(
        "report --version with ../",
        _nothing,
        "argument",
        USAGE,
        ("report", "{ds}", "--version", TRAVERSAL),
    ),
    Kind(
        "validate --version with ../",
        _nothing,
        "argument",
        USAGE,
        ("validate", "{ds}", "--version", TRAVERSAL),
    ),
    Kind(
        "diff with a ../ version", _nothing, "argument", USAGE, ("diff", "{ds}", "1.0.0", TRAVERSAL)
    ),
    Kind(
        "publish --version with ../",
        _nothing,
        "argument",
        USAGE,
        ("publish", "{ds}", "--repo", "o/r", "--dry-run", "--version", TRAVERSAL),
    ),  # fmt: skip
    Kind(
        "build --version with ../",
        _nothing,
        "argument",
        USAGE,
        ("build", "{ds}", "--version", "../../x"),
    ),
    Kind(
        "suite new ../name",
        _nothing,
        "argument",
        USAGE,
        ("suite", "new", "../../escaped", "--dir", "{ds}/.."),
    ),
    Kind(
        "report --out inside a version",
        _nothing,
        "argument",
        USAGE,
        ("report", "{ds}", "--out", "{ds}/versions/v1.0.0/../v1.0.0/data/r.html"),
    ),  # fmt: skip
    Kind(
        "check a FIFO named on the command line",
        lambda ds: os.mkfifo(ds / "pipe.txt"),
        "argument",
        frozenset({0, 1}),
        ("check", "{ds}/pipe.txt"),
    ),  # fmt: skip
]

ALL_KINDS = INPUT_KINDS + RECIPE_KINDS + ARGUMENT_KINDS
