"""Unicode normalisation, Vietnamese-aware ASCII folding and slugs.

Folding has one definition — the `LOOKALIKES` table plus "strip what `unicodedata.combining`
calls a mark" — and two implementations built from it: `fold_ascii` for one Python string and
`fold_expr` / `fold_series` for polars columns. Tests keep them equal.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache
from urllib.parse import unquote

import polars as pl

# Letters that render like Latin ones: spoofed or mis-typed titles and slugs use them.
LOOKALIKES: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
    # Latin letters that do not decompose into base + mark
    "đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h", "ı": "i", "ß": "ss", "æ": "ae",
    "œ": "oe", "þ": "th",
}  # fmt: skip
_LOOKALIKE_TABLE = str.maketrans(LOOKALIKES)

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_TOKEN = re.compile(r"[a-z0-9]+")
_PERCENT = r"%[0-9a-fA-F]{2}"
_PERCENT_ESCAPE = re.compile(_PERCENT)


def nfc(text: str) -> str:
    """Compose characters (NFD titles and slugs from some CMSs compare equal afterwards)."""
    return unicodedata.normalize("NFC", text)


class _CharFold(dict[int, str]):
    """Code point -> its folded form (look-alikes mapped, combining marks stripped), computed
    on first sight: `str.translate` then folds a text at C speed instead of per character in
    Python."""

    def __missing__(self, code: int) -> str:
        ch = chr(code).translate(_LOOKALIKE_TABLE)
        decomposed = unicodedata.normalize("NFD", ch)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
        folded = unicodedata.normalize("NFC", stripped).translate(_LOOKALIKE_TABLE)
        self[code] = folded
        return folded


_CHAR_FOLD = _CharFold()


def _fold_once(text: str) -> str:
    if text.isascii() and "%" not in text:
        return text.lower()
    text = unicodedata.normalize("NFKC", text)
    if "%" in text and _PERCENT_ESCAPE.search(text):  # "5%" decodes to itself
        text = unquote(text, errors="replace")
    return text.lower().translate(_CHAR_FOLD)


def fold_ascii(text: str) -> str:
    """Lower-case, đ→d, strip diacritics, map look-alike letters, percent-decode.

    Applied until stable, so folding is idempotent even for doubly percent-encoded input.
    Characters with no ASCII reading (CJK, emoji) are kept as they are.
    """
    for _ in range(8):
        folded = _fold_once(text)
        if folded == text:
            break
        text = folded
    return text


def tokens_of(text: str) -> list[str]:
    """ASCII word tokens of the folded text: what slugs and titles are compared on."""
    return _TOKEN.findall(fold_ascii(text))


def slug_of(title: str) -> str:
    """The URL slug a CMS would derive from a title: `[a-z0-9]+(-[a-z0-9]+)*`, or ""."""
    return _NON_ALNUM.sub("-", fold_ascii(title)).strip("-")


# --------------------------------------------------------------------------- polars


# Where Unicode puts combining characters: the multilingual and supplementary planes and the
# special-purpose plane 14 (planes 2-3 hold ideographs, 15-16 private use, 4-13 nothing).
# Scanning only these makes the class a quarter of a second cheaper in every process; a test
# checks it against every code point.
_MARK_PLANES = (range(0x20000), range(0xE0000, 0xF0000))


@cache
def _combining_marks() -> str:
    """A regex class of exactly the characters `unicodedata.combining` reports, which is what
    fold_ascii strips (`\\p{Mn}` differs for some marks outside Latin, Greek and Cyrillic)."""
    ranges: list[list[int]] = []
    for code in itertools.chain(*_MARK_PLANES):
        if unicodedata.combining(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "[" + "".join(rf"\x{{{a:x}}}-\x{{{b:x}}}" for a, b in ranges) + "]"


def fold_expr(expr: pl.Expr) -> pl.Expr:
    """`fold_ascii` without percent-decoding (see `fold_series`), as a polars expression."""
    return (
        expr.str.normalize("NFKC")
        .str.to_lowercase()
        .str.replace_many(LOOKALIKES)
        .str.normalize("NFD")
        .str.replace_all(_combining_marks(), "")
        .str.normalize("NFC")
        .str.replace_many(LOOKALIKES)
    )


def _unquote_stable(text: str) -> str:
    for _ in range(8):
        decoded = unquote(text, errors="replace")
        if decoded == text:
            break
        text = decoded
    return text


def _fold_series_once(texts: pl.Series) -> pl.Series:
    """One pass of fold_ascii: only texts holding a percent escape are decoded in Python."""
    texts = texts.str.normalize("NFKC")
    escaped = texts.str.contains(_PERCENT).fill_null(False)
    if escaped.any():
        rows = escaped.arg_true()
        texts = texts.scatter(rows, texts.gather(rows).map_elements(_unquote_stable, pl.String))
    # ASCII text (most slugs) only needs lower-casing.
    folded = texts.str.to_lowercase()
    rows = texts.str.contains(r"[^\x00-\x7f]").fill_null(False).arg_true()
    if rows.is_empty():
        return folded
    rest = texts.gather(rows).to_frame().select(fold_expr(pl.col(texts.name))).to_series()
    return folded.scatter(rows, rest)


def fold_series(texts: pl.Series) -> pl.Series:
    """`fold_ascii` of every text of a series (nulls stay null), vectorised."""
    folded = _fold_series_once(texts)
    # Like fold_ascii, fold again until stable; only a percent escape that folding itself made
    # ("%Æ" -> "%ae") can change a second time.
    for _ in range(7):
        again = folded.str.contains(_PERCENT).fill_null(False).arg_true()
        if again.is_empty():
            break
        before = folded.gather(again)
        refolded = _fold_series_once(before)
        if (refolded == before).all():
            break
        folded = folded.scatter(again, refolded)
    return folded


def fold_column(frame: pl.DataFrame, column: str, alias: str) -> pl.DataFrame:
    """`frame` with `alias` = `fold_ascii(column)`, vectorised."""
    return frame.with_columns(fold_series(frame.get_column(column)).alias(alias))
