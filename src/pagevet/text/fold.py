"""Unicode normalisation, Vietnamese-aware ASCII folding and slugs."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

# Letters that render like Latin ones: spoofed or mis-typed titles and slugs use them.
_LOOKALIKES = str.maketrans(
    {
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
    }
)  # fmt: skip

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_TOKEN = re.compile(r"[a-z0-9]+")


def nfc(text: str) -> str:
    """Compose characters (NFD titles and slugs from some CMSs compare equal afterwards)."""
    return unicodedata.normalize("NFC", text)


class _CharFold(dict[int, str]):
    """Code point -> its folded form (look-alikes mapped, combining marks stripped), computed
    on first sight: `str.translate` then folds a text at C speed instead of per character in
    Python."""

    def __missing__(self, code: int) -> str:
        ch = chr(code).translate(_LOOKALIKES)
        decomposed = unicodedata.normalize("NFD", ch)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
        folded = unicodedata.normalize("NFC", stripped).translate(_LOOKALIKES)
        self[code] = folded
        return folded


_CHAR_FOLD = _CharFold()


def _fold_once(text: str) -> str:
    if text.isascii() and "%" not in text:
        return text.lower()
    text = unicodedata.normalize("NFKC", text)
    if "%" in text:
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
