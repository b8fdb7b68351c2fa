"""Fixture pages written by the tests themselves, and small helpers to build inputs."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

from pagevet.sources import RAW_SCHEMA, read_pages

VI_TEXT = (
    "Hợp tác xã chè Tân Cương mở rộng vùng trồng\n"
    "Năm nay, các hộ nông dân ở xã Phúc Xuân đã chuyển đổi thêm mười héc-ta sang trồng chè hữu cơ.\n"
    "Ông Nguyễn Văn Đức cho biết sản lượng tăng gần gấp rưỡi so với vụ trước.\n"
)
EN_TEXT = (
    "Harbour ferry timetable changes next week\n"
    "The council’s transport office said the early “commuter” sailing moves to 6:45 — a café "
    "on the pier will open earlier too.\n"
)


def rows_of(paths: list[Path], batch_size: int = 256) -> list[dict[str, object]]:
    """All rows read from `paths`, checking every batch has exactly RAW_SCHEMA."""
    rows: list[dict[str, object]] = []
    for batch in read_pages(paths, batch_size=batch_size):
        assert batch.schema.equals(RAW_SCHEMA)
        rows.extend(batch.to_pylist())
    return rows


def cp1258_bytes(text: str) -> bytes:
    """Vietnamese in windows-1258: base letters with their hat/horn precomposed, tone marks as
    combining characters, as legacy Windows software wrote it."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        for mark in marks:
            composed = unicodedata.normalize("NFC", base + mark)
            try:
                composed_bytes = composed.encode("cp1258")
            except UnicodeEncodeError:
                continue
            rest = "".join(m for m in marks if m != mark)
            out += composed_bytes + rest.encode("cp1258")
            break
        else:
            out += unicodedata.normalize("NFD", char).encode("cp1258")
    return bytes(out)


def html_page(
    title: str, paragraphs: list[str], *, charset: str = "utf-8", extra_head: str = ""
) -> str:
    body = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="{charset}"><title>{title}</title>'
        f"{extra_head}</head>\n<body><nav><a href='/'>Trang chủ</a> <a href='/xa-hoi'>Xã hội</a></nav>"
        f"<article><h1>{title}</h1>\n{body}\n</article>"
        "<footer>Bản quyền thuộc về tòa soạn thử nghiệm</footer></body></html>"
    )


def warc_bytes(
    responses: list[tuple[str, bytes, str]], *, gzip: bool, extra_records: bool = True
) -> bytes:
    """A WARC with one `response` per (url, body, content type), plus a request and a warcinfo
    record that are not pages."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    if extra_records:
        writer.write_record(
            writer.create_warcinfo_record("test.warc", {"software": "pagevet tests"})
        )
    for index, (url, body, content_type) in enumerate(responses):
        if extra_records:
            request = StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "request", payload=io.BytesIO(b""), http_headers=request
                )
            )
        headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", content_type), ("Content-Length", str(len(body)))],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": f"2024-03-0{index + 1}T08:30:00Z"},
        )
        writer.write_record(record)
    return buffer.getvalue()
