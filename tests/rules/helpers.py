"""Build the parsed page frame the rules run on from page texts and metadata, the way the
pipeline does: RAW_SCHEMA rows -> `parse_batch` -> polars -> page fields."""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import pyarrow as pa

from pagevet.pages.fields import with_page_fields
from pagevet.pages.table import parse_batch
from pagevet.rules.base import Rule
from pagevet.sources.schema import RAW_SCHEMA


def raw(page_id: str, text: str, **meta: Any) -> dict[str, Any]:
    """One RAW_SCHEMA row; `meta` sets url, title, source, published_at, crawled_at, error…"""
    unknown = set(meta) - set(RAW_SCHEMA.names)
    if unknown:
        raise TypeError(f"not RAW_SCHEMA columns: {sorted(unknown)}")
    row: dict[str, Any] = {
        "id": page_id,
        "path": f"pages/{page_id}.txt",
        "record": 0,
        "offset": None,
        "format": "text",
        "sha256": "0" * 64,
        "bytes": len(text.encode("utf-8")),
        "encoding": "utf-8",
        "url": None,
        "title": None,
        "author": None,
        "published_at": None,
        "crawled_at": None,
        "source": None,
        "text": text,
        "raw": text,
        "error": None,
    }
    return {**row, **meta}


def parsed(*rows: dict[str, Any]) -> pl.DataFrame:
    """The PAGE_SCHEMA frame of raw rows, with the page fields."""
    return with_page_fields(
        pl.from_arrow(parse_batch(pa.Table.from_pylist(list(rows), RAW_SCHEMA)))
    )


def pages(**texts: str) -> pl.DataFrame:
    """Parsed pages from texts alone, keyed by id."""
    return parsed(*(raw(k, v) for k, v in texts.items()))


def run(rule: Rule, frame: pl.DataFrame, params: dict[str, Any] | None = None) -> list[dict]:
    """The rule's findings as dicts, evidence decoded from JSON."""
    return [
        {**row, "evidence": json.loads(row["evidence"]) if row["evidence"] else None}
        for row in rule.run(frame, params).iter_rows(named=True)
    ]


def findings(rule: Rule, params: dict[str, Any] | None = None, **texts: str) -> list[dict]:
    return run(rule, pages(**texts), params)


def article(title: str, *paragraphs: str) -> str:
    """A news page: title, blank line, paragraphs separated by blank lines (title is line 1,
    paragraph k is line 2k+1)."""
    return "\n\n".join([title, *paragraphs]) + "\n"


def roles(frame: pl.DataFrame, page_id: str) -> dict[int, str]:
    """Line number -> role of one parsed page."""
    row = frame.filter(pl.col("id") == page_id).row(0, named=True)
    return {r["n"]: r["role"] for r in row["line_roles"]}


# Plausible Vietnamese news paragraphs (written for these tests).
VI_TITLE = "Hà Nội mở thêm ba tuyến xe buýt điện nối các khu đô thị phía tây"
VI_PARAGRAPHS = (
    "Sáng 14/5, Sở Giao thông vận tải Hà Nội cho biết thành phố sẽ đưa vào khai thác ba tuyến xe "
    "buýt điện mới, nối các khu đô thị ở quận Nam Từ Liêm với trung tâm thành phố.",
    "Theo kế hoạch, mỗi tuyến có khoảng 20 xe chạy với tần suất 10 đến 15 phút một chuyến vào giờ "
    "cao điểm, giá vé giữ nguyên như các tuyến buýt thông thường để khuyến khích người dân sử dụng.",
    "Đại diện doanh nghiệp vận hành cho biết các xe đều được trang bị camera giám sát, hệ thống "
    "thanh toán không dùng tiền mặt và chỗ dành riêng cho người khuyết tật, người cao tuổi.",
    "Ông Nguyễn Văn Hùng, một người dân sống tại khu đô thị Mỹ Đình, nói rằng ông mong các tuyến "
    "mới sẽ giúp giảm ùn tắc trên đường Phạm Hùng, nơi thường xuyên kẹt xe vào buổi chiều.",
    "Sở Giao thông vận tải cũng đang khảo sát để mở rộng mạng lưới trạm sạc tại các điểm đầu cuối, "
    "bảo đảm xe vận hành liên tục trong ngày và giảm chi phí bảo dưỡng so với xe chạy dầu.",
)
VI_ARTICLE = article(VI_TITLE, *VI_PARAGRAPHS)

EN_TITLE = "City council approves new flood barriers for the riverside district"
EN_PARAGRAPHS = (
    "The city council voted on Tuesday to fund a network of removable flood barriers along the "
    "riverside district, after two winters of record water levels damaged dozens of homes.",
    "Engineers expect the first section, running from the old ferry terminal to the market square, "
    "to be finished before the autumn rains, with the rest following over the next two years.",
    "Residents who attended the meeting said they welcomed the decision but asked the council to "
    "publish a clear timetable and to keep the riverside footpath open during construction.",
    "The project will be paid for partly by a national resilience grant and partly by the city's "
    "own infrastructure budget, according to a statement released after the vote.",
)
EN_ARTICLE = article(EN_TITLE, *EN_PARAGRAPHS)
