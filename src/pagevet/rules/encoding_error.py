"""encoding-error: mojibake, replacement characters, or Vietnamese in a legacy 8-bit encoding."""

from __future__ import annotations

from typing import Any

import polars as pl

from pagevet.pages.lines import page_lines
from pagevet.rules.base import Rule, evidence

# UTF-8 bytes read as cp1252/latin-1: a lead byte letter followed by a continuation-byte glyph.
_CONT = r"[\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]"
MOJIBAKE = rf"(?:[ÃÂÄÅÆ]{_CONT}|á[º»]{_CONT}?|Ä‘|Æ°)"
REPLACEMENT = "\ufffd"
# Glyphs VNI-Windows / TCVN3 Vietnamese shows when read as cp1252: none is a Vietnamese letter.
LEGACY = r"[äöõïøñëåæç¬®¦ª«µ¸¹¼½¾Ö×ÕËÌÒ]"
VIETNAMESE_ONLY = r"[ăắằẳẵặơớờởỡợưứừửữựđạảấầẩẫậẹẻẽếềểễệỉịọỏốồổỗộụủỷỹỵ]"


def _check(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    line = pl.col("line")
    lines = page_lines(pages).with_columns(
        line.str.count_matches(MOJIBAKE).alias("mojibake"),
        line.str.count_matches(REPLACEMENT, literal=True).alias("replacement"),
        line.str.count_matches(LEGACY).alias("legacy"),
        line.str.to_lowercase().str.count_matches(VIETNAMESE_ONLY).alias("vi"),
        line.str.count_matches(r"\p{L}").alias("letters"),
    )
    bad = (pl.col("mojibake") > 0) | (pl.col("replacement") > 0) | (pl.col("legacy") > 0)
    per_page = lines.group_by("id", maintain_order=True).agg(
        pl.col("mojibake").sum(),
        pl.col("replacement").sum(),
        pl.col("legacy").sum(),
        pl.col("vi").sum(),
        pl.col("letters").sum(),
        pl.col("n").filter(bad).first().alias("line"),
        line.filter(bad).first().str.slice(0, 120).alias("example"),
    )
    legacy_share = pl.col("legacy") / pl.col("letters").clip(lower_bound=1)
    is_legacy = (
        (pl.col("legacy") >= int(params["legacy_min_chars"]))
        & (legacy_share >= float(params["legacy_share"]))
        & (pl.col("vi") == 0)
    )
    kind = (
        pl.when(pl.col("mojibake") >= int(params["mojibake_min"]))
        .then(pl.lit("mojibake"))
        .when(pl.col("replacement") > 0)
        .then(pl.lit("replacement-character"))
        .when(is_legacy)
        .then(pl.lit("legacy-encoding"))
    )
    text = {
        "mojibake": "{} mojibake sequences (UTF-8 decoded as cp1252/latin-1), e.g. {}",
        "replacement-character": "{} U+FFFD replacement characters (bytes lost in decoding), e.g. {}",
        "legacy-encoding": "{} glyphs of a legacy VNI/TCVN3 encoding and no Vietnamese letters, e.g. {}",
    }
    count = {"mojibake": "mojibake", "replacement-character": "replacement",
             "legacy-encoding": "legacy"}  # fmt: skip
    found = per_page.with_columns(kind.alias("kind")).filter(pl.col("kind").is_not_null())
    return found.select(
        "id",
        pl.col("line").cast(pl.Int32),
        pl.coalesce(
            pl.when(pl.col("kind") == k).then(pl.format(t, pl.col(count[k]), pl.col("example")))
            for k, t in text.items()
        ).alias("message"),
        evidence(
            kind=pl.col("kind"),
            mojibake=pl.col("mojibake"),
            replacement=pl.col("replacement"),
            legacy=pl.col("legacy"),
            example=pl.col("example"),
        ),
    )


RULE = Rule(
    id="encoding-error",
    description="Mojibake, U+FFFD replacement characters, or text in a legacy VNI/TCVN3 encoding.",
    severity="error",
    columns=("id", "page_text", "line_roles"),
    check=_check,
    params={"mojibake_min": 2, "legacy_min_chars": 10, "legacy_share": 0.04},
)
