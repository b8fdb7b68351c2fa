"""Does the slug render the title? Every page's slug verdict and score, computed once as page
fields (`slug_verdict`, `slug_score`, `slug_match`) for the title-slug-mismatch rule, the version
tables and the report.

Both sides are folded by `pagevet.text.fold.fold_column` (`fold_ascii`, vectorised). A title
with letters of another script than Latin (Cyrillic, Greek, CJK, …) is also read romanised by
anyascii ("Путин" -> "putin", "北京" -> "bei jing"), since its slug is usually a transliteration.
The slug is read as is and without its extension and the numeric/hash ids and junk words at
either end; the title as is, without a site name after its last separator (or up to three such
segments), without a kicker or forum prefix ("Video:", "[Hỏi đáp] -"), and without both. The
best pair of readings wins:

- match: the same characters once separators and English stop words are ignored
  ("5.376" = "5376", "covid-19" = "covid19"), or the whole title (of `min_slug_tokens` tokens
  or more) after a kicker only the slug carries ("video-doc-lai-tap-374-<title>");
- truncated: the slug is a prefix of the title with `min_slug_tokens` tokens or
  `truncated_share` of the title's tokens;
- edited / mismatch: the Dice overlap of the token sets is at least / below
  `edited_threshold`; a slug made only of the title's words (an SEO keyword slug, in any
  order) is edited however low its overlap, never a mismatch;
- unknown: no title, no slug, a slug without letters, a slug of fewer than `min_slug_tokens`
  words besides its ids ("world-europe-50473792", "12345.html"), or a slug of fewer than
  `min_slug_tokens` tokens that is not the whole title (a section name like "tin-tuc"). A title
  the parser doubts (`title_confidence`, when the page frame has it, below
  `min_title_confidence`) is not compared: unknown.

The score is 1.0 for a match, else the Dice overlap; it is null when unknown. `slug_matches`
also keeps the winning readings and their tokens (`slug_match`), the rule's evidence. The
parameters (`SLUG_PARAMS`) are set in the rule's table: `[tool.pagevet.rules.title-slug-mismatch]`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Any

import polars as pl

from pagevet.text.fold import fold_column

VERDICTS = ("match", "truncated", "edited", "mismatch", "unknown")
VERDICTS_SCHEMA = {"id": pl.String, "slug_verdict": pl.String, "slug_score": pl.Float64}

# Cyrillic letters that pass for Latin ones in spoofed headlines and slugs but that fold_ascii
# does not map; applied on both sides after folding.
EXTRA_LOOKALIKES = {"п": "n", "г": "r", "һ": "h", "ԍ": "g", "ɡ": "g", "ɑ": "a"}

# Dropped from both sides of every page: English function words CMSs leave out of slugs. Their
# Vietnamese homographs once folded ("thế" -> "the", "tổ" -> "to") go too, so a slug that leaves
# out such a syllable still matches: a small, accepted blind spot.
STOP_WORDS = (
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "is", "are", "was", "were",
    "be", "at", "by", "with", "from", "as", "its", "it", "this", "that",
)  # fmt: skip
# Also dropped when the title has no letter outside ASCII (English and other unaccented titles):
# the rest of the list SEO plugins strip. Many are Vietnamese syllables once folded ("mỹ" -> "my",
# "do", "số" -> "so"), so Vietnamese titles keep them.
ENGLISH_STOP_WORDS = (
    *STOP_WORDS,
    "about", "above", "after", "again", "against", "all", "am", "any", "because", "been",
    "before", "being", "below", "between", "both", "but", "could", "did", "do", "does", "doing",
    "down", "during", "each", "few", "further", "had", "has", "have", "having", "he", "her",
    "here", "hers", "him", "his", "how", "i", "if", "into", "me", "more", "most", "my",
    "off", "once", "only", "other", "our", "ours", "out", "over", "own", "same", "she",
    "should", "so", "some", "such", "than", "their", "them", "then", "there", "these", "they",
    "those", "through", "too", "under", "until", "up", "us", "very", "we", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "would", "you", "your",
)  # fmt: skip
# Words that come with an article id at the end of a slug ("post-61827632", "news-1234").
JUNK_WORDS = ("post", "news", "article", "tintuc", "detail", "id", "amp", "index")

# Prefixes: a forum tag "[Funland] -" / "【Hỏi đáp】", or a kicker or site name before the first
# ": " / " - " / " | " ("Video: …", "Tin COVID hôm nay: …", "Site | …").
_PREFIX = (
    r"^\s*(?:\[[^\]]{1,60}\]|【[^】]{1,60}】)\s*[-–—:|»·]*\s*"
    r"|^[^:|–—»·\[\]]{1,60}?(?::\s|\s[-–—|»·]\s)\s*"
)
# A site name after the last " - " / " | " / " » " ("… - ThienNhien.Net", "… | Báo Quốc tế"),
# and up to three such segments ("… | World | News | Express").
_SUFFIX = r"\s[-–—|»·]+(?:\s[^-–—|»·:]{0,60})?\s*$"
_SUFFIXES = r"(?:\s[-–—|»·]+(?:\s[^-–—|»·:]{0,40})?){1,3}\s*$"
_NON_ASCII_LETTER = r"[\p{L}--[a-zA-Z]]"
# An extension on the slug (".html", ".antd", ".ldo"), and an underscore segment that holds an id
# ("…_t114c12n24018", "…_dong-xoai-s402120").
_SLUG_EXT = r"\.[a-z][a-z0-9]{1,4}$"
_SLUG_ID_SEGMENT = r"_[a-z0-9-]*[0-9][a-z0-9-]*$"

StopFn = Callable[[pl.Expr], pl.Expr]
# A letter of a script other than Latin (Cyrillic, Greek, CJK, …): such titles are also read
# romanised, since their slugs are usually a transliteration ("Путин" -> "putin").
_OTHER_SCRIPT = r"[\p{L}--\p{Latin}]"
_RANK = {"match": 4, "truncated": 3, "edited": 2, "mismatch": 1, "unknown": 0}


@cache
def _romanised_char(ch: str) -> str:
    if ch.isascii() or not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN"):
        return ch
    from anyascii import anyascii

    out = anyascii(ch)
    # one syllable per ideograph: "北京" reads "bei jing", as pinyin slugs write it
    return f" {out} " if unicodedata.name(ch, "").startswith("CJK") else out


def romanise(text: str) -> str:
    """`text` with the letters of other scripts than Latin romanised by anyascii (Cyrillic,
    Greek, CJK pinyin, kana): Latin letters, digits and punctuation stay, so site suffixes and
    kicker prefixes still read as such."""
    return "".join(_romanised_char(ch) for ch in unicodedata.normalize("NFC", text))


def _tokens(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_many(EXTRA_LOOKALIKES).str.extract_all(r"[a-z0-9]+")


def _glued(expr: pl.Expr) -> pl.Expr:
    """Tokens with inner punctuation removed: "5.376" -> "5376", "pc-covid" -> "pccovid"."""
    return (
        expr.str.replace_many(EXTRA_LOOKALIKES)
        .str.replace_all(r"[^a-z0-9\s]", "")
        .str.extract_all(r"[a-z0-9]+")
    )


def _without(tokens: pl.Expr, words: list[str]) -> pl.Expr:
    return tokens.list.eval(pl.element().filter(~pl.element().is_in(words)))


def _id_like(token: pl.Expr) -> pl.Expr:
    return token.str.contains(r"[0-9]") | (token.str.len_chars() == 1) | token.is_in(JUNK_WORDS)


def _run_length(flags: pl.Expr) -> pl.Expr:
    """How many of a list's leading flags are true."""
    return flags.list.eval(pl.element().cast(pl.UInt8).cum_min()).list.sum().cast(pl.Int64)


def _slug_readings(base: pl.DataFrame) -> pl.DataFrame:
    """`_row`, `_slug_reading`, `_slug_order`, `_slug_tokens`: the slug's tokens as they are
    ("as-is"); without the runs of ids and junk at either end that the title does not contain
    ("careful"); and also without a short number just before such a trailing id ("ids-stripped":
    "-3-29062473" is a category number and an id, though the title may hold a 3). Identical
    readings are kept once."""
    slug = (
        base.select(
            "_row",
            _tokens(
                pl.col("_slug").str.replace(_SLUG_EXT, "").str.replace(_SLUG_ID_SEGMENT, "")
            ).alias("_tok"),
        )
        .with_columns(pl.int_ranges(0, pl.col("_tok").list.len()).alias("_i"))
        .explode(["_tok", "_i"])
        .drop_nulls("_tok")
    )
    tok = pl.col("_tok")
    # Only id-like title tokens can save an id-like slug token from being dropped.
    title_ids = (
        base.select(
            "_row",
            pl.concat_list(_tokens(pl.col("_title")), _glued(pl.col("_title")))
            .list.eval(pl.element().filter(_id_like(pl.element())))
            .list.unique()
            .alias("_tok"),
        )
        .explode("_tok")
        .drop_nulls("_tok")
        .with_columns(pl.lit(True).alias("_in_title"))
    )
    unmatched = ~pl.col("_in_title").fill_null(False)
    flags = (
        slug.join(title_ids, on=["_row", "_tok"], how="left")
        .sort("_row", "_i")
        .group_by("_row", maintain_order=True)
        .agg(
            tok.alias("as-is"),
            # Leading junk is only ever a numeric id ("360-…", "187-1021-5-…"); single letters
            # there are words ("t-linh" for "TLinh").
            (tok.str.contains(r"[0-9]") & unmatched).alias("_lead"),
            (_id_like(tok) & unmatched).alias("_trail"),
        )
    )
    n = pl.col("as-is").list.len()
    lead, trail = _run_length(pl.col("_lead")), _run_length(pl.col("_trail").list.reverse())
    middle = (n - pl.col("_lead_n") - pl.col("_trail_n")).clip(0)
    before_id = pl.col("as-is").list.get(n - pl.col("_trail_n") - 1, null_on_oob=True)
    short_number = (pl.col("_trail_n") > 0) & before_id.str.contains(r"^[0-9]{1,3}$").fill_null(
        False
    )
    kept = (
        flags.with_columns(lead.alias("_lead_n"), trail.alias("_trail_n"))
        .with_columns(
            pl.col("as-is").list.slice(pl.col("_lead_n"), middle).alias("careful"),
            pl.col("as-is")
            .list.slice(pl.col("_lead_n"), (middle - short_number.cast(pl.Int64)).clip(0))
            .alias("ids-stripped"),
        )
        .select("_row", "as-is", "careful", "ids-stripped")
    )
    names = ["as-is", "careful", "ids-stripped"]
    return (
        base.select("_row")
        .join(kept, on="_row", how="left")
        .with_columns(pl.col(names).fill_null(pl.lit([], pl.List(pl.String))))
        .unpivot(index="_row", on=names, variable_name="_slug_reading", value_name="_slug_tokens")
        .with_columns(
            pl.col("_slug_reading")
            .replace_strict({n: i for i, n in enumerate(names)}, return_dtype=pl.Int8)
            .alias("_slug_order"),
            pl.col("_slug_tokens").list.join("-").alias("_slug_key"),
        )
        .unique(subset=["_row", "_slug_key"], keep="first", maintain_order=True)
        .drop("_slug_key")
    )


def _title_variants(base: pl.DataFrame) -> pl.DataFrame:
    """`_row`, `_variant`, `_order`, `_text`: every distinct reading of the title, and of its
    romanisation (`_title_romanised`) when it has letters of another script."""
    frames = []
    for source, tag, first in (("_title", "", 0), ("_title_romanised", "romanised-", 6)):
        title = pl.col(source).fill_null("")
        no_prefix = title.str.replace(_PREFIX, "")
        texts = {
            "title": title,
            "without-site": title.str.replace(_SUFFIX, ""),
            "without-sites": title.str.replace(_SUFFIXES, ""),
            "without-prefix": no_prefix,
            "without-prefix-and-site": no_prefix.str.replace(_SUFFIX, ""),
            "without-prefix-and-sites": no_prefix.str.replace(_SUFFIXES, ""),
        }
        frames += [
            base.filter(pl.col(source).is_not_null() | (source == "_title")).select(
                "_row",
                pl.lit(tag + name).alias("_variant"),
                pl.lit(first + n, pl.Int8).alias("_order"),
                text.alias("_text"),
            )
            for n, (name, text) in enumerate(texts.items())
        ]
    return (
        pl.concat(frames)
        .sort("_row", "_order")
        .unique(subset=["_row", "_text"], keep="first", maintain_order=True)
    )


def _side_features(frame: pl.DataFrame, side: str, drop_stop: StopFn) -> pl.DataFrame:
    """Token counts and character strings of one side, with and without stop words."""
    tokens = pl.col(f"_{side}_tokens")
    return frame.with_columns(drop_stop(tokens).alias(f"_{side}_kept")).with_columns(
        tokens.list.join("").alias(f"_{side}_chars"),
        pl.col(f"_{side}_kept").list.join("").alias(f"_{side}_kept_chars"),
        pl.col(f"_{side}_kept").list.len().alias(f"_n_{side}"),
        pl.col(f"_{side}_kept").list.unique().list.len().alias(f"_{side}_unique"),
    )


def _score(pairs: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    """Verdict, score and rank of every (title reading, slug reading) pair of a page."""
    min_tokens = int(params["min_slug_tokens"])
    share = float(params["truncated_share"])
    threshold = float(params["edited_threshold"])
    common = pl.col("_slug_kept").list.set_intersection("_title_set").list.len()
    dice = (
        (2 * common / (pl.col("_slug_unique") + pl.col("_title_unique")).clip(1))
        .clip(upper_bound=1.0)
        .round(4)
    )
    # Compared as characters, separators ignored, with and without stop words: "check-in" reads
    # "checkin" whole but "check" once "in" is dropped.
    # ("we're" is "we re" split but "were" glued: the glued title is compared without stop words
    # too.)
    title_chars = ("_title_chars", "_title_kept_chars", "_title_glued_kept_chars")
    slug_chars = ("_slug_chars", "_slug_kept_chars", "_slug_kept_chars")
    same = pl.any_horizontal(
        pl.col(t) == pl.col(s) for t, s in zip(title_chars, slug_chars, strict=True)
    )
    prefix = pl.any_horizontal(
        pl.col(t).str.starts_with(pl.col(s)) for t, s in zip(title_chars, slug_chars, strict=True)
    )
    # The whole title after a kicker the slug alone carries ("video-doc-lai-tap-374-<title>").
    after_kicker = pl.any_horizontal(
        pl.col(s).str.ends_with(pl.col(t)) for t, s in zip(title_chars, slug_chars, strict=True)
    )
    n_slug, n_title = pl.col("_n_slug"), pl.col("_n_title")
    long_enough = (n_slug >= min_tokens) | (n_slug >= share * n_title)
    # Words, not ids: "world-europe-50473792" is a section and an id, nothing to compare.
    words = pl.col("_slug_kept").list.eval(pl.element().filter(~_id_like(pl.element()))).list.len()
    # An SEO keyword slug: some of the title's words, in any order ("flat-feet-running-shoes"
    # for a long headline). However low its overlap, it renders the title: never a mismatch.
    keywords = (common == pl.col("_slug_unique")) & (words >= min_tokens)
    no_letters = ~pl.col("_slug_chars").str.contains("[a-z]")
    verdict = (
        pl.when(~pl.col("_has_slug") | (pl.col("_title_tokens").list.len() == 0) | no_letters)
        .then(pl.lit("unknown"))
        .when(same | (after_kicker & (n_title >= min_tokens)))
        .then(pl.lit("match"))
        .when(prefix & long_enough)
        .then(pl.lit("truncated"))
        .when((n_slug < min_tokens) | (words < min_tokens))
        .then(pl.lit("unknown"))
        .when((dice >= threshold) | keywords)
        .then(pl.lit("edited"))
        .otherwise(pl.lit("mismatch"))
    )
    return pairs.with_columns(verdict.alias("slug_verdict")).with_columns(
        pl.when(pl.col("slug_verdict") == "unknown")
        .then(pl.lit(None, pl.Float64))
        .when(pl.col("slug_verdict") == "match")
        .then(pl.lit(1.0))
        .otherwise(dice)
        .alias("slug_score"),
        pl.col("slug_verdict").replace_strict(_RANK, return_dtype=pl.Int8).alias("_rank"),
    )


def _confident_titles(pages: pl.DataFrame, threshold: float) -> pl.DataFrame:
    """id, title, slug; a title the parser is not confident in (`title_confidence` below
    `threshold`, when the frame has that column) is left out: no title, verdict unknown."""
    title = pl.col("title")
    if "title_confidence" in pages.columns:
        doubtful = pl.col("title_confidence").cast(pl.Float64, strict=False) < threshold
        title = pl.when(doubtful.fill_null(False)).then(pl.lit(None, pl.String)).otherwise(title)
    return pages.select("id", title.alias("title"), "slug")


def _romanised_titles(base: pl.DataFrame) -> pl.DataFrame:
    """`_title_romanised`: the folded romanisation of titles with letters of another script
    than Latin, else null. Only those titles go through Python."""
    other = base.get_column("title").str.contains(_OTHER_SCRIPT).fill_null(False)
    romanised = pl.Series("_romanised", [None] * base.height, pl.String)
    rows = other.arg_true()
    if not rows.is_empty():
        titles = base.get_column("title").gather(rows)
        romanised = romanised.scatter(rows, titles.map_elements(romanise, pl.String))
    out = fold_column(base.with_columns(romanised), "_romanised", "_title_romanised")
    return out.drop("_romanised")


def _best_readings(pages: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    """Per page, in input order: the best (title reading, slug reading) pair with its verdict,
    score and tokens."""
    base = _confident_titles(pages, float(params["min_title_confidence"])).with_row_index("_row")
    base = fold_column(base, "title", "_title")
    base = _romanised_titles(base)
    base = fold_column(base, "slug", "_slug").with_columns(
        (pl.col("_slug").str.strip_chars() != "").fill_null(False).alias("_has_slug"),
        pl.col("title").str.contains(_NON_ASCII_LETTER).fill_null(False).alias("_accented"),
    )
    stop, english = list(params["stop_words"]), list(params["english_stop_words"])

    def drop_stop(tokens: pl.Expr) -> pl.Expr:
        return (
            pl.when(pl.col("_accented"))
            .then(_without(tokens, stop))
            .otherwise(_without(tokens, english))
        )

    flags = base.select("_row", "_accented", "_has_slug")
    titles = (
        _title_variants(base)
        .join(flags, on="_row")
        .with_columns(_tokens(pl.col("_text")).alias("_title_tokens"))
    )
    titles = _side_features(titles, "title", drop_stop).with_columns(
        drop_stop(_glued(pl.col("_text"))).alias("_title_glued_kept")
    )
    titles = titles.select(
        "_row", "_variant", "_order", "_has_slug",
        "_title_tokens", "_title_chars", "_title_kept_chars", "_n_title", "_title_unique",
        pl.concat_list("_title_kept", "_title_glued_kept").list.unique().alias("_title_set"),
        pl.col("_title_glued_kept").list.join("").alias("_title_glued_kept_chars"),
    )  # fmt: skip
    slugs = _side_features(_slug_readings(base).join(flags, on="_row"), "slug", drop_stop).drop(
        "_accented", "_has_slug"
    )
    pairs = _score(titles.join(slugs, on="_row"), params).with_row_index("_pair")
    # Pick each page's best pair on a slim frame; the token lists ride along only once.
    chosen = (
        pairs.select("_pair", "_row", "_rank", "slug_score", "_order", "_slug_order")
        .sort(
            ["_row", "_rank", "slug_score", "_order", "_slug_order"],
            descending=[False, True, True, False, False],
            nulls_last=True,
        )
        .unique(subset="_row", keep="first")
        .get_column("_pair")
    )
    best = pairs.filter(pl.col("_pair").is_in(chosen.implode()))
    return base.select("_row", "id", "slug").join(best, on="_row", how="left").sort("_row")


SLUG_PARAMS: dict[str, Any] = {
    "edited_threshold": 0.4,
    "min_slug_tokens": 3,
    "truncated_share": 0.5,
    "stop_words": list(STOP_WORDS),
    "english_stop_words": list(ENGLISH_STOP_WORDS),
    # a title whose `title_confidence` (a page column of parsers that score their title) is
    # below this is not compared: verdict unknown. 0: every title the finder gave (it gives
    # none it is not confident in); the rule's `error_title_confidence` decides the severity
    "min_title_confidence": 0.0,
}
SLUG_MATCH_DTYPE = pl.Struct(
    {
        "title_tokens": pl.List(pl.String),
        "slug_tokens": pl.List(pl.String),
        "title_variant": pl.String,
        "slug_reading": pl.String,
    }
)
SLUG_FIELDS = {"slug_verdict": pl.String, "slug_score": pl.Float64, "slug_match": SLUG_MATCH_DTYPE}


def slug_matches(pages: pl.DataFrame, params: dict[str, Any] | None = None) -> pl.DataFrame:
    """`SLUG_FIELDS` for every page of `pages` (columns id, title, slug), one row per page in
    order: the verdict, the score and the readings behind them. Keys of `params` that are not
    `SLUG_PARAMS` (the rule's severities) are ignored."""
    if pages.is_empty():
        return pl.DataFrame(schema=SLUG_FIELDS)
    merged = {**SLUG_PARAMS, **{k: v for k, v in (params or {}).items() if k in SLUG_PARAMS}}
    return _best_readings(pages, merged).select(
        "slug_verdict",
        pl.col("slug_score").cast(pl.Float64),
        pl.struct(
            pl.col("_title_tokens").alias("title_tokens"),
            pl.col("_slug_tokens").alias("slug_tokens"),
            pl.col("_variant").alias("title_variant"),
            pl.col("_slug_reading").alias("slug_reading"),
        ).alias("slug_match"),
    )


def slug_verdicts(pages: pl.DataFrame, params: dict[str, Any] | None = None) -> pl.DataFrame:
    """`id`, `slug_verdict` (match, truncated, edited, mismatch, unknown) and `slug_score`
    (0..1, null when unknown) for every page of `pages` (columns id, title, slug), in order."""
    if pages.is_empty():
        return pl.DataFrame(schema=VERDICTS_SCHEMA)
    return pl.concat(
        [
            pages.select(pl.col("id").cast(pl.String)),
            slug_matches(pages, params).drop("slug_match"),
        ],
        how="horizontal",
    )
