"""The title finder: which line of a page is its headline, and how sure we are.

Candidates are the lines before the start of the article (and the first lines of it), every
line for a page that agrees with its URL slug. Each candidate is described by a few numbers
(structure: headline-like length and punctuation, distance to the lead, inside a menu run or
a template line; agreement with the metadata title and the URL slug; the content model's
score) and scored by a logistic regression fitted with the content model
(`scripts/train_roles.py`). Its probability is the `title_confidence`; below the model's
threshold the page gets no title (and `missing-title` fires) rather than a menu item.
"""

from __future__ import annotations

import re

import numpy as np

TITLE_FEATURES = (
    "slug_recall", "has_slug", "title_agree", "has_title", "title_like", "words_log",
    "near_lead", "after_lead", "nav_like", "short_run_log", "capword_share", "digit_share",
    "content_p", "index_log", "rule_title", "repeated_in_page", "menu_before",
    "end_sentence",
)  # fmt: skip

WINDOW = 12  # content lines before the lead that can hold the headline
AFTER = 3  # and after it (the content model may start the article a line or two early)
_HEADLINE_END = re.compile(r"[.:;,]$")


_SITE_SEPARATOR = re.compile(r"\s+[-|–—:•·»]+\s+|\s*::\s*")


def title_variants(title: str | None) -> set[str]:
    """A headline as a page may show it, folded: the whole title, and without the site
    name a `<title>` adds ("… - The Site", "Site | …")."""
    from pagevet.pages.markers import fold_line

    if not title or not title.strip():
        return set()
    out = {fold_line(title)}
    parts = [p for p in _SITE_SEPARATOR.split(title) if p.strip()]
    if len(parts) > 1:
        out.add(fold_line(max(parts, key=len)))
        out.add(fold_line(" - ".join(parts[:-1])))
        out.add(fold_line(" - ".join(parts[1:])))
    out.discard("")
    return out


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def candidate_features(cols: dict[str, np.ndarray], lines: list[str], lead: int | None,
                       has_title: bool, has_slug: bool) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """(candidate line indices, their TITLE_FEATURES matrix) for one page.

    `cols` holds the page's line features (arrays over its non-blank lines, in order, with
    `n` the line index), `lead` the position (in that order) of the article's first line."""
    k = len(cols["n"])
    if k == 0:
        return np.zeros(0, dtype=np.int64), np.zeros((0, len(TITLE_FEATURES)))
    pos = np.arange(k)
    lead_pos = lead if lead is not None else k
    near = (pos >= lead_pos - WINDOW) & (pos <= lead_pos + AFTER)
    agrees = (cols["slug_recall"] >= 0.5) | (cols["title_agree"] >= 0.5)
    keep = pos[(near | agrees) & (pos < WINDOW * 8 + lead_pos)]
    if keep.size == 0:
        return keep, np.zeros((0, len(TITLE_FEATURES)))
    words = np.exp(cols["words_log"][keep]) - 1
    title_like = np.array(
        [(2 <= w <= 30) and len(lines[i]) <= 250 and not _HEADLINE_END.search(lines[i])
         for w, i in zip(words, cols["n"][keep], strict=True)],  # fmt: skip
        dtype=np.float64,
    )
    dist = np.maximum(lead_pos - keep, 0)
    nav_like = np.maximum.reduce([cols["nav_hit"], cols["template_any"], cols["rule_nav"]])
    menu = (cols["short_run_log"] > np.log1p(3)).astype(np.float64)
    menu_before = np.concatenate([[0.0], menu[:-1]])
    x = np.column_stack(
        [
            cols["slug_recall"][keep],
            np.full(keep.size, float(has_slug)),
            cols["title_agree"][keep],
            np.full(keep.size, float(has_title)),
            title_like,
            cols["words_log"][keep],
            np.where(keep <= lead_pos, 1.0 / (1.0 + dist), 0.0),
            (keep > lead_pos).astype(np.float64),
            nav_like[keep],
            cols["short_run_log"][keep],
            cols["capword_share"][keep],
            cols["digit_share"][keep],
            cols["content_p"][keep],
            cols["index_log"][keep],
            cols["rule_title"][keep],
            cols["repeated_in_page"][keep],
            menu_before[keep],
            cols["end_sentence"][keep],
        ]
    )
    return keep, x


def score_candidates(x: np.ndarray, weights: dict) -> np.ndarray:
    """Title probability of each candidate row."""
    if x.shape[0] == 0:
        return np.zeros(0)
    z = ((x - np.asarray(weights["mean"])) / np.asarray(weights["std"])) @ np.asarray(
        weights["coef"]
    )
    return _sigmoid(z + weights["intercept"])


def accepts(scores: np.ndarray, weights: dict) -> bool:
    """Whether the best candidate is confidently the page's title: its probability reaches
    the finder's `threshold`, or it reaches `threshold_low` and stands out from the next
    candidate by at least `margin` times (a headline under a menu run scores modestly, but
    far above every menu item). The three numbers are fitted with the weights."""
    if scores.size == 0:
        return False
    order = np.sort(scores)[::-1]
    best = float(order[0])
    second = float(order[1]) if order.size > 1 else 0.0
    if best >= weights.get("threshold", 0.5):
        return True
    low, margin = weights.get("threshold_low"), weights.get("margin")
    return low is not None and margin is not None and best >= low and best >= margin * second


def lead_position(cols: dict[str, np.ndarray], content: np.ndarray) -> int | None:
    """Where the article starts, for the title finder: the first content line that reads as a
    paragraph (8+ words ending a sentence, or 25+ words), else the first content line. A
    headline the content model keeps as text is then a candidate before the lead, where
    headlines sit, not the lead itself."""
    if not content.any():
        return None
    words = np.exp(cols["words_log"]) - 1
    prose = content & ((words >= 25) | ((words >= 8) & (cols["end_sentence"] > 0)))
    return int(np.argmax(prose)) if prose.any() else int(np.argmax(content))
