"""Text utilities: normalisation, ASCII folding, slugs, dates and years (Vietnamese + English)."""

from pagevet.text.dates import DateMention, find_dates, parse_date, years_in
from pagevet.text.fold import fold_ascii, nfc, slug_of, tokens_of

__all__ = [
    "DateMention",
    "find_dates",
    "fold_ascii",
    "nfc",
    "parse_date",
    "slug_of",
    "tokens_of",
    "years_in",
]
