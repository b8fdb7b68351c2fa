"""Synthetic built-version tables for trying suites and benchmarking them.

`synthetic_pages(n, seed)` makes `n` clean pages with every column of the build contract and
flag rates well under the caps of `checks/pages.json` and `checks/release.json`. Vectorised, so
a million rows take seconds.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from pagevet.rules.registry import RULES as REGISTERED

# Every registered rule has a flag column in a built table.
RULES = tuple(rule.id for rule in REGISTERED)
# Share of clean pages flagged per rule: realistic noise, below every cap of both suites.
CLEAN_RATES = {
    "title-slug-mismatch": 0.02,
    "nav-spam": 0.03,
    "near-duplicate": 0.01,
    "too-short": 0.005,
    "repetition": 0.005,
    "language-mismatch": 0.005,
}

FINDING = pl.Struct(
    {
        "rule": pl.String,
        "severity": pl.String,
        "line": pl.Int64,
        "message": pl.String,
        "evidence": pl.String,
    }
)

_TITLES = [
    ("Hà Nội khởi công cầu vượt sông Hồng", "ha-noi-khoi-cong-cau-vuot-song-hong"),
    ("Giá xăng giảm lần thứ ba liên tiếp", "gia-xang-giam-lan-thu-ba-lien-tiep"),
    ("Đội tuyển Việt Nam thắng trận mở màn", "doi-tuyen-viet-nam-thang-tran-mo-man"),
    ("Mưa lớn gây ngập nhiều tuyến phố", "mua-lon-gay-ngap-nhieu-tuyen-pho"),
    ("Xuất khẩu nông sản tăng mạnh", "xuat-khau-nong-san-tang-manh"),
]
_SENTENCES = [
    "Theo báo cáo của Bộ Kế hoạch và Đầu tư, tăng trưởng quý này đạt mức cao nhất trong năm.",
    "Người dân địa phương cho biết tình hình đã ổn định sau nhiều ngày khắc phục sự cố.",
    "Các chuyên gia nhận định thị trường sẽ tiếp tục biến động trong thời gian tới.",
    "Dự án dự kiến hoàn thành vào cuối năm và đưa vào sử dụng ngay sau đó.",
    "Cơ quan chức năng đang khẩn trương điều tra làm rõ nguyên nhân vụ việc.",
    "Chính quyền thành phố đã ban hành kế hoạch triển khai trong giai đoạn mới.",
]


def synthetic_pages(n: int, seed: int = 0, sentences: int = 6) -> pl.DataFrame:
    """`n` clean pages sorted by id (each text has `sentences` sentences). About 0.5% of titles,
    3% of slugs and 3% of publication dates are null, as in real crawls."""
    rng = np.random.default_rng(seed)

    def pick(pool: list[str] | list[str | None]) -> pl.Series:
        return pl.Series(pool).gather(rng.integers(0, len(pool), size=n))

    def sometimes(share: float) -> pl.Series:
        return pl.Series(rng.random(n) < share)

    title_pick = rng.integers(0, len(_TITLES), size=n)
    published = np.datetime64("2015-01-01") + rng.integers(0, 3650, size=n).astype("timedelta64[D]")
    frame = pl.DataFrame(
        {
            "id": [f"{v:016x}" for v in rng.integers(0, 2**63, size=n, dtype=np.int64).tolist()],
            "row": np.arange(n),
            "source": pick(["vnexpress.net", "baoquocte.vn", "thiennhien.net"]),
            "base_title": pl.Series([t for t, _ in _TITLES]).gather(title_pick),
            "base_slug": pl.Series([s for _, s in _TITLES]).gather(title_pick),
            "lead": pick(_SENTENCES),
            **{f"sentence_{i}": pick(_SENTENCES) for i in range(sentences)},
            "byline": pick(["Chu Văn (Theo TTXVN)", "Minh Anh", None]),
            "published_at": published,
            "crawled_at": published + rng.integers(0, 30, size=n).astype("timedelta64[D]"),
            "language": pl.Series(["vi", "en"]).gather(sometimes(0.005).cast(pl.Int8)),
            "nav_char_share": rng.uniform(0, 0.3, size=n),
            "slug_score": rng.uniform(0.8, 1.0, size=n),
            "slug_verdict": pl.Series(["match", "truncated"]).gather(sometimes(0.1).cast(pl.Int8)),
            "no_title": sometimes(0.005),
            "no_slug": sometimes(0.03),
            "no_date": sometimes(0.03),
            "bucket": rng.integers(0, 10, size=n),
        }
    )
    slug = pl.concat_str([pl.col("base_slug"), pl.col("row").cast(pl.String)], separator="-")
    frame = frame.select(
        "id",
        "source",
        pl.when(pl.col("no_slug"))
        .then(None)
        .otherwise(pl.concat_str([pl.lit("https://"), pl.col("source"), pl.lit("/"), slug]))
        .alias("url"),
        pl.when(pl.col("no_slug")).then(None).otherwise(slug).alias("slug"),
        pl.when(pl.col("no_title"))
        .then(None)
        .otherwise(
            pl.concat_str(
                [pl.col("base_title"), pl.lit(" (số "), pl.col("row").cast(pl.String), pl.lit(")")]
            )
        )
        .alias("title"),
        "lead",
        pl.concat_str([f"sentence_{i}" for i in range(sentences)], separator=" ").alias("text"),
        "byline",
        pl.when(pl.col("no_date"))
        .then(None)
        .otherwise(pl.col("published_at").cast(pl.Date))
        .alias("published_at"),
        pl.col("crawled_at").cast(pl.Date),
        "language",
        "nav_char_share",
        pl.when(pl.col("no_slug")).then(None).otherwise(pl.col("slug_score")).alias("slug_score"),
        pl.when(pl.col("no_slug"))
        .then(pl.lit("unknown"))
        .otherwise(pl.col("slug_verdict"))
        .alias("slug_verdict"),
        pl.when(pl.col("bucket") < 8)
        .then(pl.lit("train"))
        .when(pl.col("bucket") < 9)
        .then(pl.lit("validation"))
        .otherwise(pl.lit("test"))
        .alias("split"),
        pl.lit([], dtype=pl.List(FINDING)).alias("findings"),
    ).with_columns(pl.col("text").str.len_chars().cast(pl.Int64).alias("text_chars"))
    flags = {}
    for rule in RULES:
        flagged = np.zeros(n, dtype=bool)
        flagged[rng.permutation(n)[: round(CLEAN_RATES.get(rule, 0.0) * n)]] = True
        flags[f"flag__{rule}"] = flagged
    return (
        frame.with_columns(**flags)
        .with_columns(pl.col("title").is_null().alias("flag__missing-title"))
        .sort("id")
    )
