"""Every rule, registered in one place, in the order findings are reported."""

from __future__ import annotations

from pagevet.rules import (
    date_implausible,
    date_range,
    date_range_outlier,
    duplicates,
    encoding_error,
    gambling_spam,
    language_mismatch,
    missing_title,
    nav_spam,
    repetition,
    title_slug,
    too_short,
    unreadable_page,
)
from pagevet.rules.base import Rule

RULES: tuple[Rule, ...] = (
    unreadable_page.RULE,
    nav_spam.RULE,
    gambling_spam.RULE,
    encoding_error.RULE,
    language_mismatch.RULE,
    too_short.RULE,
    repetition.RULE,
    missing_title.RULE,
    title_slug.RULE,
    date_implausible.RULE,
    date_range.RULE,
    date_range_outlier.RULE,
    duplicates.EXACT,
    duplicates.NEAR,
)

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
