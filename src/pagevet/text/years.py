"""Year ranges in Vietnamese and English text: "2021-2025", "2021–25", "từ năm 2019 đến năm
2021", "from 2019 to 2021", with the period they name ("giai đoạn", "nhiệm kỳ", "season") and
the length they state ("5 năm", "five-year", "thập kỷ").

Parsers never raise. Look-alikes are skipped: phone numbers ("1900-1560"), decision numbers
("2021/QĐ-TTg", "số 1234/2021"), scores ("3-2"), slash seasons ("2019/2020"), dates
("2021-05-12", "3-7/7"), quantities ("1950-2000 USD") and numbers inside longer digit runs or
decimals. Every range returned has both years in 1900–2100.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pagevet.text.fold import fold_ascii

MIN_YEAR, MAX_YEAR = 1900, 2100

_SP = r"[^\S\n]"  # any space but a line break: NBSP and narrow NBSP included
_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphen(s), figure, en and em dash, minus
_Y = r"([0-9]{4})"

# "2021-2025", "2021 – 2025", "2021-25" (a two-digit end only with a tight dash).
_DASH_RANGE = re.compile(
    rf"(?<![\w/.,:{_DASH}]){_Y}(?:{_SP}*[{_DASH}]{_SP}*([0-9]{{4}})|[{_DASH}]([0-9]{{2}}))"
    rf"(?![\w/]|[.,:][0-9]|{_SP}*[{_DASH}]{_SP}*[0-9])"
)
_END = r"(?![\w/]|[.,:][0-9])"
_WORD_RANGES = [
    re.compile(
        rf"\btừ{_SP}+(?:năm{_SP}+)?{_Y}(?![\w/]|[.,:][0-9]){_SP}*,?{_SP}*(?:cho{_SP}+)?"
        rf"(?:đến|tới|sang){_SP}+(?:hết{_SP}+)?(?:năm{_SP}+)?{_Y}{_END}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\bfrom{_SP}+(?:the{_SP}+years?{_SP}+)?{_Y}(?![\w/]|[.,:][0-9]){_SP}+"
        rf"(?:to|until|till|through|thru){_SP}+(?:the{_SP}+year{_SP}+)?{_Y}{_END}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\bbetween{_SP}+(?:the{_SP}+years{_SP}+)?{_Y}(?![\w/]|[.,:][0-9]){_SP}+and{_SP}+{_Y}"
        rf"{_END}",
        re.IGNORECASE,
    ),
]

# Period keywords, by how their ranges are counted. "period": both end years count (a five-year
# plan is 2021-2025). "term": a term or season is written with the calendar years it touches (a
# five-year term 2021-2026). "loose": either reading is common ("the decade 2010-2020").
_KEYWORDS: list[tuple[str, str, str]] = [
    # (canonical keyword, kind, pattern over lower-cased NFC text)
    ("năm tài chính", "term", r"năm tài chính"),
    ("năm học", "term", r"năm học"),
    ("niên khóa", "term", r"niên kh(?:óa|oá)"),
    ("niên học", "term", r"niên học"),
    ("nhiệm kỳ", "term", r"nhiệm k[ỳì]"),
    ("mùa giải", "term", r"mùa (?:giải|bóng)"),
    ("khóa", "term", r"kh(?:óa|oá)"),
    ("school year", "term", r"school year"),
    ("academic year", "term", r"academic year"),
    ("fiscal year", "term", r"fiscal year"),
    ("season", "term", r"seasons?"),
    ("term", "term", r"terms?"),
    ("tenure", "term", r"tenure"),
    ("giai đoạn", "period", r"giai đoạn"),
    ("kế hoạch", "period", r"kế hoạch"),
    ("chiến lược", "period", r"chiến lược"),
    ("quy hoạch", "period", r"quy hoạch"),
    ("thời kỳ", "period", r"thời k[ỳì]"),
    ("chương trình", "period", r"chương trình"),
    ("đề án", "period", r"đề án"),
    ("period", "period", r"periods?"),
    ("plan", "period", r"plans?"),
    ("strategy", "period", r"strateg(?:y|ies)"),
    ("programme", "period", r"program(?:me)?s?"),
    ("thập kỷ", "loose", r"thập (?:k[ỷỉ]|niên)"),
    ("decade", "loose", r"decades?"),
]
_KEYWORD = re.compile(
    "|".join(rf"(?<!\w)(?P<k{i}>{p})(?!\w)" for i, (_, _, p) in enumerate(_KEYWORDS))
)
# The only keywords that can name the canonical five-year plan ("kế hoạch 5 năm", "five-year plan").
PLAN_KEYWORDS = frozenset({"kế hoạch", "plan"})
KEYWORD_KINDS = {name: kind for name, kind, _ in _KEYWORDS}

_VI_UNITS = {"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
             "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}  # fmt: skip
_EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
               "twenty": 20, "thirty": 30, "fifty": 50, "a": 1}  # fmt: skip
_VI_DIGIT = r"(?:một|hai|ba|bốn|tư|năm|sáu|bảy|bẩy|tám|chín)"
_VI_NUMBER = (
    rf"(?:(?:hai|ba|bốn|năm|sáu|bảy|tám|chín){_SP}+mươi(?:{_SP}+(?:mốt|tư|lăm|{_VI_DIGIT}))?"
    rf"|mười(?:{_SP}+(?:một|hai|ba|bốn|lăm|sáu|bảy|tám|chín))?|{_VI_DIGIT})"
)
_EN_NUMBER = "|".join(sorted(_EN_NUMBERS, key=len, reverse=True))
# A stated length: "5 năm", "năm năm", "mười năm", "thập kỷ", "five-year", "10-year", "3 years",
# "decade". Group `n` is the count, `unit` says whether it counts years or decades.
_LENGTH = re.compile(
    rf"(?<![\w.,/])(?:(?P<n>[0-9]{{1,3}}|{_VI_NUMBER}){_SP}*[-‐]?{_SP}*"
    rf"(?P<unit>năm(?!{_SP}+(?:học|tài{_SP}+chính))|thập{_SP}+k[ỷỉ])"
    rf"|(?P<en>[0-9]{{1,3}}|{_EN_NUMBER}){_SP}*[-‐]?{_SP}*(?P<enunit>years?|decades?)"
    rf"|(?P<decade>thập{_SP}+k[ỷỉ]|decade))(?!\w)",
    re.IGNORECASE,
)
# Words before a count that make it something else (a month, a day, a grade, an ordinal) or
# only an estimate ("hơn 5 năm").
_NOT_LENGTH_BEFORE = re.compile(
    r"(?<!\w)(?:tháng|ngày|số|thứ|lần|đợt|lớp|khối|quận|phường|tầng|hơn|gần|trên|khoảng|hàng|"
    r"vài|chừng|ngót|over|nearly|about|almost|around|than)\W*$",
    re.IGNORECASE,
)
_PHONE_CUE = re.compile(
    r"(?<!\w)(?:điện thoại|đt|sđt|hotline|tổng đài|đường dây nóng|fax|tel|phone|call|gọi|"
    r"số máy|liên hệ|zalo|số|no|mã|code|#)\W*$",
    re.IGNORECASE,
)
# Units that make two numbers a quantity ("1950-2000 USD"), not years; only unambiguous ones.
_UNIT_AFTER = re.compile(
    rf"{_SP}*(?:%|\$|€|usd|vnd|vnđ|đ|km|km2|m|m2|m²|kg|mg|ha|tấn|lít|kw|kwh|mw|mét|dollars?|"
    rf"miles?|tons?|calories|kcal|đồng(?!{_SP}*\w)|(?:tỷ|tỉ|triệu|nghìn|ngàn){_SP}+"
    rf"(?:đồng|usd|vnđ|vnd|euro|người))(?!\w)",
    re.IGNORECASE,
)
# What makes a named five-year period the national socio-economic plan, whose periods follow
# the grid (2016-2020, 2021-2025, …), rather than any organisation's own plan. Inside the named
# phrase or just after the range: "kế hoạch phát triển kinh tế - xã hội 5 năm", "kế hoạch 5 năm
# 2021-2025 của cả nước", "the socio-economic development plan". Just before the phrase (English
# puts the adjective first): "the national / country's / 14th five-year plan". Earlier in the
# sentence, only the bodies that adopt the national plan: a Party Congress, the National
# Assembly, the Government ("Đại hội XIII đề ra kế hoạch 5 năm 2021-2025"). A company's "kế
# hoạch 5 năm 2019-2023" names none of these.
_NATIONAL_NAME = re.compile(
    rf"kinh{_SP}+tế{_SP}*[-–—]?{_SP}*xã{_SP}+hội|(?<!\w)kt{_SP}*-{_SP}*xh(?!\w)|quốc{_SP}+gia|"
    rf"đất{_SP}+nước|cả{_SP}+nước|nước{_SP}+ta|toàn{_SP}+quốc|socio-?{_SP}*economic|"
    rf"(?<!\w)national(?!\w)|(?:country|nation)(?:'|’)s"
)
_NATIONAL_BEFORE = re.compile(
    rf"(?:(?<!\w)national|(?:country|nation|government)(?:'|’)s|socio-?economic|"
    rf"(?<!\w)[0-9]{{1,2}}(?:st|nd|rd|th)){_SP}+(?:\S+{_SP}+)?$"
)
_NATIONAL_BODY = re.compile(
    rf"đại{_SP}+hội{_SP}+(?:đảng|đại{_SP}+biểu{_SP}+toàn{_SP}+quốc|(?:lần{_SP}+thứ{_SP}+)?"
    rf"[xvi]+(?!\w))|quốc{_SP}+hội|chính{_SP}+phủ|party{_SP}+congress|national{_SP}+assembly"
)
_SENTENCE_BREAK = re.compile(r"[.;!?\n](?![0-9])")
_CHAINED = re.compile(rf"[0-9]{_SP}*[{_DASH}]{_SP}*$")
_CLAUSE_BREAK = re.compile(r"[.;,!?:\n](?![0-9])")
_WINDOW_WORDS = 12  # how far back a keyword may stand from its range
_CONTEXT_WORDS = 6


@dataclass(frozen=True)
class YearRange:
    """A year range found in text. `span` indexes the NFC form of the text given (the same
    string when it was already NFC). `stated_years` is a length the text states for it."""

    start: int
    end: int
    span: tuple[int, int]
    text: str
    context: str  # up to six words before the range, folded to ASCII
    keyword: str | None  # canonical period keyword, e.g. "giai đoạn", "nhiệm kỳ", "season"
    keyword_kind: str | None  # "period" (count both end years), "term", or "loose"
    stated_years: int | None
    phrase: str  # the named period as written: "giai đoạn 5 năm 2021-2026"
    national_plan: bool = False  # the phrase names the national socio-economic plan

    @property
    def covered_years(self) -> int:
        """Calendar years from start to end, counting both: 2021-2025 covers 5."""
        return self.end - self.start + 1

    @property
    def label(self) -> str:
        return f"{self.start}-{self.end}"


def _two_digit_end(start: int, yy: int) -> int | None:
    if yy > start % 100:
        return start - start % 100 + yy
    if start % 100 == 99 and yy == 0:
        return start + 1
    return None


def _count(match: re.Match[str]) -> int | None:
    if match.group("decade"):
        return 10
    if match.group("en") is not None:
        raw, unit = match.group("en").lower(), match.group("enunit").lower()
        n = int(raw) if raw.isdigit() else _EN_NUMBERS.get(raw)
        if n is None:
            return None
        return n * 10 if unit.startswith("decade") else n
    raw, unit = match.group("n").lower(), match.group("unit").lower()
    n = int(raw) if raw.isdigit() else _vi_number(raw)
    if n is None:
        return None
    return n if unit == "năm" else n * 10


def _vi_number(words: str) -> int | None:
    parts = words.split()
    if not parts:
        return None
    if parts[0] == "mười":
        return 10 + (_VI_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)
    if len(parts) >= 2 and parts[1] == "mươi":
        tens = _VI_UNITS.get(parts[0])
        return (
            None
            if tens is None
            else tens * 10 + (_VI_UNITS.get(parts[2], 0) if len(parts) > 2 else 0)
        )
    return _VI_UNITS.get(parts[0])


def _lengths(lower: str, pos: int, endpos: int) -> list[tuple[int, int, int]]:
    """(start, end, years) of each stated length in `lower[pos:endpos]`."""
    found = []
    for m in _LENGTH.finditer(lower, pos, endpos):
        if _NOT_LENGTH_BEFORE.search(lower, max(0, m.start() - 24), m.start()):
            continue
        n = _count(m)
        if n is not None and 0 < n <= 200:
            found.append((m.start(), m.end(), n))
    return found


def _keyword_at(
    lower: str, pos: int, endpos: int, english_only: bool = False
) -> re.Match[str] | None:
    found = [
        m
        for m in _KEYWORD.finditer(lower, pos, endpos)
        if not english_only or _keyword_of(m).isascii()
    ]
    return found[-1] if found else None


def _keyword_of(match: re.Match[str]) -> str:
    return _KEYWORDS[int((match.lastgroup or "k0")[1:])][0]


def _describe(
    text: str, lower: str, s: int, e: int
) -> tuple[str, str | None, int | None, tuple[int, int]]:
    """Context words, keyword, stated length and where the named phrase starts and ends."""
    lo = max(0, s - 300)  # a named period never reaches further back than this
    clause = max((m.end() for m in _CLAUSE_BREAK.finditer(text, lo, s)), default=lo)
    words = [clause + m.start() for m in re.finditer(r"\S*\w\S*", text[clause:s])]
    window = words[-_WINDOW_WORDS] if len(words) > _WINDOW_WORDS else clause
    context = fold_ascii(" ".join(text[clause:s].split()[-_CONTEXT_WORDS:]))

    kw = _keyword_at(lower, window, s)
    keyword = _keyword_of(kw) if kw else None
    # A stated length stands between the keyword (or a few words before it: "five-year plan")
    # and the range, or just before the range when no keyword names it.
    anchor = kw.start() if kw else s
    before = [w for w in words if window <= w < anchor]
    look_from = before[-3] if len(before) >= 3 else window
    phrase_start, phrase_end = anchor, e
    lengths = _lengths(lower, look_from, s)
    if not lengths and kw is None and clause > lo:
        # an appositive length just before the clause break: "Trong 5 năm, từ năm 2015 đến …"
        lengths = [
            x
            for x in _lengths(lower, max(lo, clause - 24), clause)
            if not lower[x[1] : clause].strip(" ,")
        ]
    stated: int | None = None
    if lengths:
        at, _, stated = lengths[-1]
        phrase_start = min(phrase_start, at)
    else:
        # or right after it: "2021-2025 (5 năm)", "the 2021-2025 five-year plan"
        after = re.match(rf"{_SP}*\(?{_SP}*", lower[e : e + 8])
        at = e + (after.end() if after else 0)
        right = _lengths(lower, at, at + 40)
        if right and right[0][0] == at:
            _, phrase_end, stated = right[0]
    if keyword is None:
        # English names the period after the range: "the 2019-20 season", "2021-2025 plan"
        tail = re.match(rf"(?:{_SP}+[\w‐-]+){{0,3}}", lower[e : e + 60])
        kw = _keyword_at(lower, e, e + (tail.end() if tail else 0), english_only=True)
        if kw is not None:
            keyword = _keyword_of(kw)
            phrase_end = max(phrase_end, kw.end())
    opened = lower.count("(", phrase_start, phrase_end) - lower.count(")", phrase_start, phrase_end)
    if opened > 0 and lower.startswith(")", phrase_end):
        phrase_end += 1
    return context, keyword, stated, (phrase_start, phrase_end)


def _names_national_plan(lower: str, keyword: str, phrase_start: int, s: int, e: int) -> bool:
    """Whether the period named by `keyword` from `phrase_start` to the range at `s:e` is the
    national socio-economic plan (see `_NATIONAL_NAME`). Terms and seasons never are."""
    if KEYWORD_KINDS.get(keyword) != "period":
        return False
    clause_end = next((m.start() for m in _CLAUSE_BREAK.finditer(lower, e, e + 60)), e + 60)
    if _NATIONAL_NAME.search(lower, phrase_start, s) or _NATIONAL_NAME.search(lower, e, clause_end):
        return True
    if _NATIONAL_BEFORE.search(lower[max(0, phrase_start - 40) : phrase_start]):
        return True
    if keyword not in PLAN_KEYWORDS:  # "báo cáo gửi Quốc hội … giai đoạn 2017-2020"
        return False
    lo = max(0, phrase_start - 200)
    sentence = max((m.end() for m in _SENTENCE_BREAK.finditer(lower, lo, phrase_start)), default=lo)
    return bool(
        _NATIONAL_BODY.search(lower, sentence, phrase_start)
        or _NATIONAL_BODY.search(lower, e, clause_end)
    )


def _looks_like_year_range(text: str, lower: str, s: int, e: int, start: int, dash: bool) -> bool:
    if _UNIT_AFTER.match(lower, e) or (s > 0 and text[s - 1] in "$€£"):
        return False
    before = lower[max(0, s - 40) : s]
    if not dash:
        return True
    if _PHONE_CUE.search(before) or _CHAINED.search(before):
        return False
    # 1900 opens a hotline number ("1900-6789") far more often than a range
    return start != MIN_YEAR or bool(re.search(r"(?:năm|từ|from|between|in|\()\W*$", before))


def year_ranges(text: str) -> list[YearRange]:
    """Every year range in `text`, in order of position, without overlaps."""
    if not isinstance(text, str) or not text:
        return []
    text = unicodedata.normalize("NFC", text)
    lower = text.lower()
    if len(lower) != len(text):  # a few letters change length when lower-cased
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    # one plain space for every kind of space (NBSP, narrow NBSP): offsets stay the same
    lower = re.sub(_SP, " ", lower)
    matches: list[tuple[int, int, int, int, bool]] = []
    for pattern in _WORD_RANGES:
        for m in pattern.finditer(text):
            matches.append((m.start(), m.end(), int(m.group(1)), int(m.group(2)), False))
    for m in _DASH_RANGE.finditer(text):
        start = int(m.group(1))
        if m.group(2) is not None:
            end: int | None = int(m.group(2))
        else:
            end = _two_digit_end(start, int(m.group(3)))
        if end is not None:
            matches.append((m.start(), m.end(), start, end, True))

    found: list[YearRange] = []
    # A worded range starts at its "từ"/"from", before any dash range inside it: sorting by
    # position lets it win, and one sweep keeps the result free of overlaps.
    taken_to = 0
    for s, e, start, end, dash in sorted(matches, key=lambda m: (m[0], m[4])):
        if s < taken_to or not (MIN_YEAR <= start <= MAX_YEAR and MIN_YEAR <= end <= MAX_YEAR):
            continue
        if not _looks_like_year_range(text, lower, s, e, start, dash):
            continue
        context, keyword, stated, (phrase_start, phrase_end) = _describe(text, lower, s, e)
        national = keyword is not None and _names_national_plan(lower, keyword, phrase_start, s, e)
        found.append(
            YearRange(
                start=start,
                end=end,
                span=(s, e),
                text=text[s:e],
                context=context,
                keyword=keyword,
                keyword_kind=KEYWORD_KINDS.get(keyword) if keyword else None,
                stated_years=stated,
                phrase=" ".join(text[phrase_start:phrase_end].split()),
                national_plan=national,
            )
        )
        taken_to = e
    return found
