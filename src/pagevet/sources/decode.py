"""Bytes -> text: BOMs, declared charsets, UTF-8, then a legacy-encoding detector, or a reason why not."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

# Looked at to tell text from binary; enough for a verdict, cheap on huge files.
_SNIFF_BYTES = 64 * 1024
# Random bytes are ~11% C0 controls; text has almost none (tabs and newlines are not counted).
_MAX_CONTROL_SHARE = 0.05
_CONTROL_BYTES = bytes(sorted(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B} | {0x7F}))
# The detector's mess ratio above which its guess is mojibake rather than a real encoding.
_MAX_CHAOS = 0.1

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM.
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_NEWLINES = re.compile(r"\r\n?")


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we can name with confidence; the message says why."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str  # as decoded (BOM removed), lossless otherwise
    encoding: str  # WHATWG-style label: "utf-8", "utf-8-sig", "utf-16", "windows-1258", ...
    note: str | None = None  # set when the encoding is a guess: which, and what else fitted


def encoding_label(name: str) -> str:
    """A stable, familiar label for a codec name ("cp1258" -> "windows-1258", "UTF8" -> "utf-8")."""
    canonical = codecs.lookup(name).name.replace("_", "-")
    if canonical.startswith("cp125"):
        return "windows-" + canonical[2:]
    return canonical


def html_meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a `<meta>` tag near its start, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode one page's bytes, trying in order: a BOM, a declared UTF-16/32, UTF-8, the declared
    charset, then charset-normalizer. UTF-8 is tried before a declared single-byte charset because
    any bytes "decode" in a single-byte charset, while non-ASCII bytes that happen to form valid
    UTF-8 are almost never anything else (mislabelled pages are common, false UTF-8 is not).
    Raises UndecodableError with the reason when nothing fits."""
    if not data:
        raise UndecodableError("empty file")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return Decoded(_strict(data, codec, label), label)
    declared_codec = _known_codec(declared)
    if declared_codec and declared_codec.startswith(("utf-16", "utf-32")):
        return Decoded(
            _strict(data, declared_codec, encoding_label(declared_codec)),
            encoding_label(declared_codec),
        )
    _refuse_binary(data)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        first_error = utf8_error
    if declared_codec:
        try:
            return Decoded(data.decode(declared_codec), encoding_label(declared_codec))
        except UnicodeDecodeError:
            pass
    if _mostly_utf8(data):
        raise UndecodableError(
            f"invalid UTF-8 at byte {first_error.start} ({first_error.reason}) in otherwise UTF-8 text"
        )
    guess = charset_normalizer.from_bytes(data).best()
    if guess is None or guess.chaos > _MAX_CHAOS:
        raise UndecodableError(
            f"not valid UTF-8 (byte {first_error.start}: {first_error.reason}) "
            "and no legacy encoding fits with confidence"
        )
    label = encoding_label(guess.encoding)
    # Single-byte encodings overlap (Latin-1 and windows-1250 both "decode" most Western text):
    # a guess is said to be one, so a wrong guess never passes unnoticed.
    others = sorted({encoding_label(c) for c in guess.could_be_from_charset} - {label})
    also = f" (also plausible: {', '.join(others[:5])})" if others else ""
    note = (
        f"encoding guessed as {label}{also}: the bytes are not UTF-8 and declare no charset; "
        "convert the crawl to UTF-8 or declare the charset"
    )
    return Decoded(str(guess), label, note)


def clean_text(text: str) -> str:
    """Text as the pipeline wants it: NFC, and "\\n" for every line ending. Runs of more than
    MAX_COMBINING_RUN combining marks ("Zalgo" floods) are cut to that many first: Unicode
    normalisation sorts a run of marks in quadratic time, and no script stacks more than a few."""
    return unicodedata.normalize("NFC", cut_combining_runs(_NEWLINES.sub("\n", text)))


def cut_combining_runs(text: str) -> str:
    return COMBINING_FLOOD.sub(lambda m: m.group()[:MAX_COMBINING_RUN], text)


def _combining_class() -> str:
    """A regex class of the combining characters of the Basic Multilingual Plane."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.combining(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]"


MAX_COMBINING_RUN = 32
COMBINING_FLOOD = re.compile(f"{_combining_class()}{{{MAX_COMBINING_RUN + 1},}}")


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _strict(data: bytes, codec: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise UndecodableError(f"invalid {label} at byte {error.start} ({error.reason})") from None


def _refuse_binary(data: bytes) -> None:
    sample = data[:_SNIFF_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(sample):
        raise UndecodableError(
            f"binary content ({controls} control bytes in the first {len(sample)})"
        )


def _mostly_utf8(data: bytes) -> bool:
    """Damaged UTF-8 (a stray or truncated byte) rather than a legacy encoding: most non-ASCII
    characters still decode. A detector would otherwise "succeed" with mojibake."""
    decoded = data[:_SNIFF_BYTES].decode("utf-8", errors="replace")
    broken = decoded.count("\ufffd")
    intact = sum(1 for char in decoded if char > "\x7f") - broken
    return intact > broken
