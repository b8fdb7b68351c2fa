"""Date and year extraction for Vietnamese and English news text.

Parsers never raise: text that only looks like a date (an invalid day, a phone number) is
skipped. A mention without a year ("Ngày 24/12") is returned with `year=None`; the page
parser decides which year it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

_MONTHS_EN = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_EN = "|".join(sorted(_MONTHS_EN, key=len, reverse=True))

_YEAR = r"(19\d{2}|20\d{2}|2100)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"(?<![\d/.-]){_YEAR}-(\d{{1,2}})-(\d{{1,2}})(?![\d/-])")),
    ("dmy", re.compile(rf"(?<![\d/.-])(\d{{1,2}})([/.-])(\d{{1,2}})\2{_YEAR}(?![\d/]|[.-]\d)")),
    (
        "vi_words",
        re.compile(
            rf"(?<!\d)(\d{{1,2}})\s+tháng\s+(\d{{1,2}})(?:\s*(?:năm|,|/)\s*{_YEAR})?(?!\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "en_mdy",
        re.compile(
            rf"\b({_MONTH_EN})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?(?!\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "en_dmy",
        re.compile(
            rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_EN})\.?(?:,?\s+{_YEAR})?(?!\d)",
            re.IGNORECASE,
        ),
    ),
    # day/month without a year; a third number or a range ("3-7/7") means it is something else
    ("dm", re.compile(r"(?<![\d/.-])(\d{1,2})/(\d{1,2})(?![\d/]|\.\d)")),
]

_YEAR_WORD = re.compile(r"(?<![\d/.,])(19\d{2}|20\d{2})(?![\d/]|[.,]\d)")


@dataclass(frozen=True)
class DateMention:
    """A date written in text: `year` is None when the text gave only day and month."""

    day: int
    month: int
    year: int | None
    start: int
    end: int
    kind: str

    def to_date(self, year: int | None = None) -> date | None:
        """The calendar date, with `year` filling a missing year; None when impossible."""
        y = self.year if self.year is not None else year
        if y is None:
            return None
        try:
            return date(y, self.month, self.day)
        except ValueError:
            return None


def _valid(day: int, month: int, year: int | None) -> bool:
    try:
        date(year if year is not None else 2000, month, day)  # 2000 is a leap year: 29/2 stays
    except ValueError:
        return False
    return True


def find_dates(text: str) -> list[DateMention]:
    """Every date mention in `text`, in order of position, without overlaps."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            g = m.groups()
            if kind == "iso":
                year, month, day = int(g[0]), int(g[1]), int(g[2])
            elif kind == "dmy":
                day, month, year = int(g[0]), int(g[2]), int(g[3])
            elif kind == "vi_words":
                day, month, year = int(g[0]), int(g[1]), int(g[2]) if g[2] else None
            elif kind == "en_mdy":
                month, day = _MONTHS_EN[g[0].lower()], int(g[1])
                year = int(g[2]) if g[2] else None
            elif kind == "en_dmy":
                day, month = int(g[0]), _MONTHS_EN[g[1].lower()]
                year = int(g[2]) if g[2] else None
            else:
                day, month, year = int(g[0]), int(g[1]), None
            if not _valid(day, month, year):
                continue
            found.append(DateMention(day, month, year, m.start(), m.end(), kind))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def years_in(text: str) -> list[int]:
    """Standalone four-digit years (1900–2099) in order of appearance."""
    return [int(m.group(1)) for m in _YEAR_WORD.finditer(text)]


_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(value: str | None) -> date | None:
    """A metadata date string (ISO date/datetime, `YYYYMMDD`, `dd/mm/yyyy`, "April 28, 2024")
    as a date; None when it is empty or not a date."""
    if not value:
        return None
    value = value.strip()
    compact = _COMPACT.match(value)
    if compact:
        y, m, d = (int(x) for x in compact.groups())
        return date(y, m, d) if _valid(d, m, y) else None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    full = [d for d in find_dates(value) if d.year is not None]
    return full[0].to_date() if full else None
