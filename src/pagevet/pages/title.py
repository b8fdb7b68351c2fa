"""The title finder: which line of a page is its headline, and how sure we are.

Candidates are the lines before the start of the article (and the first lines of it), every
line for a page that agrees with its URL slug. Each candidate is described by a few numbers
(structure: headline-like length and punctuation, distance to the lead, inside a menu run or
a template line; agreement with the metadata title and the URL slug; the content model's
score; its context: whether its words come back in the article, whether it is the site's
name, its neighbours, its rank among the other candidates, a dateline or credit line beside it,
whether its lead uses its words, whether it is the first headline after a menu run) and scored
by a linear model fitted with the content model (`scripts/train_roles.py`) as a softmax over
each page's candidates (one line per page is the title). Its probability is the
`title_confidence`; below the model's threshold (chosen on sites held out of the fit) the page
gets no title (and `missing-title` fires) rather than a menu item.

A metadata title (`<title>`, og:title) loses the site name glued to either end
(`strip_site_name`) and picks the page line that shows it. A gold title (training and
evaluation) also loses the end parts its site's other gold titles share
(`strip_shared_ends`): the blog's name is not the page's headline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

TITLE_FEATURES = (
    "slug_recall", "has_slug", "title_agree", "has_title", "title_like", "words_log",
    "near_lead", "after_lead", "nav_like", "short_run_log", "capword_share", "digit_share",
    "content_p", "index_log", "rule_title", "repeated_in_page", "menu_before",
    "end_sentence",
    # the candidate among the page's lines and the other candidates
    "body_recall", "site_name", "next_content_p", "prev_content_p", "next_prose",
    "words_vs_longest", "chars_log", "lead_dist", "headlines_between", "content_p_rank",
    "has_separator", "slug_best", "body_recall_rank",
    # what lies around it (session 5)
    "next_meta", "prev_meta", "lead_recall", "upper_share", "first_after_menu",
)  # fmt: skip

WINDOW = 30  # lines before the lead that can hold the headline (12 missed 7 % of titles)
AFTER = 6  # and after it (the content model may start the article a few lines early)
# a headline-like line has this many words or more (and at most 30). Two-word lines were
# never headline-like while word counts came back from words_log unrounded (1.999…); made
# headline-like (title_loop, softmax and inner thresholds, 2 site folds) they moved held-out
# title accuracy aeb/cleaning/readability 0.632/0.461/0.394 -> 0.642/0.449/0.402 after a
# refit, and a page opening with "Trang chủ" got that menu item as its title. So 3, on purpose
# (`title_loop.py --set TITLE_MIN_WORDS=2` measures 2 again).
TITLE_MIN_WORDS = 3
_HEADLINE_END = re.compile(r"[.:;,]$")


_SITE_SEPARATOR = re.compile(r"\s+[-|–—:•·»/]+\s+|\s*::\s*|\s*\|\s*")
# a short site name glued to the headline by a colon: "Site Name: Headline"
_SITE_PREFIX = re.compile(r"^([^:\s][^:]{0,40}):\s+(?=\S)")
_QUOTE_CHARS = "'’‘\"“”"


def _title_parts(title: str) -> list[str]:
    parts = [p.strip() for p in _SITE_SEPARATOR.split(title) if p.strip()]
    if parts:
        m = _SITE_PREFIX.match(parts[0])
        if m and len(m.group(1).split()) <= 3:
            parts = [m.group(1), parts[0][m.end() :], *parts[1:]]
    return parts


def title_variants(title: str | None) -> set[str]:
    """A `<title>` or og:title as a page may show its headline, folded: the whole title, and
    the title without the site (and section) names it adds at either end ("Headline - Site",
    "Site | Section | Headline", "Headline | Section | Site", "Site: Headline"): at each
    separator, the longer side."""
    from pagevet.pages.markers import fold_line

    if not title or not title.strip():
        return set()
    out = {fold_line(title)}
    parts = _title_parts(title)
    if len(parts) > 1:
        out.add(fold_line(max(parts, key=len)))  # "Section | Headline | Site"
    # at each split, the longer side is the headline (a site or section name is the shorter)
    for j in range(1, len(parts)):
        head, tail = " - ".join(parts[:j]), " - ".join(parts[j:])
        nh, nt = len(head.split()), len(tail.split())
        if nh >= nt:
            out.add(fold_line(head))
        if nt >= nh:
            out.add(fold_line(tail))
    out.discard("")
    return out


def _is_site_part(part: str, names: tuple[str, ...]) -> bool:
    """Whether one end of a metadata title names the site: its letters and digits (folded)
    contain one of `names` (the URL's site key, the page's source) or are contained in one
    ("BBC News" on bbc.co.uk, "NYTimes.com" on nytimes.com)."""
    from pagevet.pages.markers import fold_line

    key = re.sub(r"[^0-9a-z]", "", fold_line(part))
    if len(key) < 3 or len(part.split()) > 5:
        return False
    # the name, and at most a word or two beside it ("News", "Online", ".com")
    return any(
        len(name) >= 3 and (key in name or (name in key and len(key) - len(name) <= 8))
        for name in names
    )


def strip_site_name(title: str | None, url: str | None = None,
                    source: str | None = None) -> str | None:  # fmt: skip
    """A metadata title without the site's name the CMS glued to either end ("Headline |
    Site", "Site - Headline", "Site: Headline"), as `title_variants` splits it: an end part
    goes only when it names the site (`site_name_key(url)` or the page's `source`); a
    section name, or an end that does not name the site, stays. Never returns an empty
    title."""
    if title is None or not title.strip():
        return title
    from pagevet.pages.markers import fold_line

    names = tuple(
        x for x in {site_name_key(url), re.sub(r"[^0-9a-z]", "", fold_line(source or ""))} if x
    )
    if not names:
        return title.strip()
    return _strip_ends(title, lambda part: _is_site_part(part, names))


def _strip_ends(title: str, is_site: Callable[[str], bool]) -> str:
    """`title` without the end parts (at a `_SITE_SEPARATOR`, or a short "Site:" prefix)
    that `is_site` calls the site's, at most two, never the whole title."""
    out = title.strip()
    for _ in range(2):  # "Site | Headline | Site Name" loses both ends
        cuts = list(_SITE_SEPARATOR.finditer(out))
        if not cuts:
            m = _SITE_PREFIX.match(out)
            if m and len(m.group(1).split()) <= 3 and is_site(m.group(1)):
                out = out[m.end() :].strip()
            break
        last, first = cuts[-1], cuts[0]
        if is_site(out[last.end() :]) and out[: last.start()].strip():
            out = out[: last.start()].strip()
        elif is_site(out[: first.start()]) and out[first.end() :].strip():
            out = out[first.end() :].strip()
        else:
            break
    return out


def _end_parts(title: str) -> set[str]:
    """The folded parts a title could lose at either end (see `_strip_ends`)."""
    from pagevet.pages.markers import fold_line

    cuts = list(_SITE_SEPARATOR.finditer(title))
    if not cuts:
        m = _SITE_PREFIX.match(title)
        return {fold_line(m.group(1))} if m else set()
    ends = {title[cuts[-1].end() :], title[: cuts[0].start()]}
    # the next part in, once an end goes ("Headline - Section - Site")
    if len(cuts) > 1:
        ends |= {title[cuts[-2].end() : cuts[-1].start()], title[cuts[0].end() : cuts[1].start()]}
    return {fold_line(x) for x in ends if x.strip()}


def strip_shared_ends(titles: list[str | None]) -> list[str | None]:
    """The titles of one site's pages without the end parts that two or more of them share
    ("Headline A - Site Blog", "Headline B - Site Blog": "Site Blog" is the site, not a
    headline). What a gold title is compared with: a finder that picks the site's name
    above the headline has not found the title (see `gold_title_match`)."""
    from collections import Counter

    from pagevet.pages.markers import fold_line

    distinct = {t.strip() for t in titles if t and t.strip()}
    seen = Counter(part for t in distinct for part in _end_parts(t))
    shared = {part for part, n in seen.items() if n >= 2}
    if not shared:
        return [t.strip() if t else t for t in titles]
    return [
        _strip_ends(t, lambda part: fold_line(part) in shared) if t and t.strip() else t
        for t in titles
    ]


def gold_title_match(line: str | None, gold: str | None) -> bool:
    """Whether a page line (or a found title) is the page's gold title: one of its
    `title_variants`, or the line continues a gold title that stops just before a quote
    mark (an extractor cut `content='…'` at the headline's own apostrophe: gold "The First
    Map of Saturn" for the headline "The First Map of Saturn's Moon Titan …")."""
    from pagevet.pages.markers import fold_line

    if not line or not gold:
        return False
    if fold_line(line) in title_variants(gold):
        return True
    line, gold = line.strip(), gold.strip()
    return (
        len(gold.split()) >= 2
        and len(line) > len(gold)
        and line.startswith(gold)
        and line[len(gold)] in _QUOTE_CHARS
    )


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "edu", "ac", "or", "ne", "go"})
_SEPARATOR_IN_LINE = re.compile(r"\s[|\-–—:»]\s|\||::")


def site_name_key(url: str | None) -> str:
    """The site's name as its host spells it, letters and digits only: "nytimes" for
    www.nytimes.com, "theguardian" for theguardian.co.uk ("" without a URL)."""
    from pagevet.text.urls import source_from_url

    host = source_from_url(url) or ""
    labels = [x for x in host.split(".") if x and x != "m"]
    if len(labels) > 1:
        labels = labels[:-1]
        if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
            labels = labels[:-1]
    return re.sub(r"[^0-9a-z]", "", "".join(labels[-1:]).lower())


def line_words(cols: dict[str, np.ndarray]) -> np.ndarray:
    """The word count of each line, back from `words_log` (log1p of it): rounded, since
    exp(log1p(2)) - 1 is 1.9999999999999996 (a two-word line must count two words: every
    word-count test then says what it means)."""
    return np.rint(np.expm1(cols["words_log"]))


def _rank_desc(v: np.ndarray) -> np.ndarray:
    """How many values are strictly greater than each (0 for the largest)."""
    ordered = np.sort(v)
    return (v.size - np.searchsorted(ordered, v, side="right")).astype(np.float64)


# A site's template lines recur on every page of it and stay in a small cache; an article's
# paragraphs come once. A cache of 65,536 lines held ~250 MB in every parse worker (mostly
# paragraphs' tokens) and fragmented its heap as they were evicted: a worker grew from 300 to
# 700 MB over 14,000 pages (benchmarks/bench_worker_memory.py measures it).
TOKEN_CACHE_LINES = 1 << 12


@lru_cache(maxsize=TOKEN_CACHE_LINES)
def _folded_tokens(folded: str) -> tuple[str, ...]:
    """The word tokens of a line already folded by `fold_line` (cached: a site's lines recur
    on its pages)."""
    from pagevet.text.fold import tokens_of

    return tuple(tokens_of(folded))


@lru_cache(maxsize=TOKEN_CACHE_LINES)
def _long_tokens(folded: str) -> frozenset[str]:
    """The distinct tokens of 3+ characters of a folded line."""
    return frozenset(t for t in _folded_tokens(folded) if len(t) >= 3)


def _folder(lines: Sequence[str], folded: Sequence[str] | None) -> Callable[[int], str]:
    """Line index -> `fold_line` of the line: from `folded` when the caller has it (the rule
    pass folds every line once), else folded here."""
    if folded is not None:
        return folded.__getitem__
    from pagevet.pages.markers import fold_line

    return lambda i: fold_line(lines[i])


def _body_recall(fold: Callable[[int], str], order: np.ndarray, content: np.ndarray,
                 keep: np.ndarray) -> np.ndarray:  # fmt: skip
    """Per candidate: the share of its words (3+ letters) that the article's content lines
    after it use; a headline's words come back in its article, a menu item's do not."""
    last: dict[str, int] = {}  # word -> last position of a content line using it
    for pos in np.flatnonzero(content).tolist():
        last.update(dict.fromkeys(_folded_tokens(fold(int(order[pos]))), pos))
    out = np.zeros(keep.size)
    for j, pos in enumerate(keep.tolist()):
        words = _long_tokens(fold(int(order[pos])))
        if words:
            out[j] = sum(1 for t in words if last.get(t, -1) > pos) / len(words)
    return out


def candidate_features(cols: dict[str, np.ndarray], lines: list[str], lead: int | None,
                       has_title: bool, has_slug: bool, content: np.ndarray | None = None,
                       url: str | None = None, *, folded: Sequence[str] | None = None,
                       ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """(candidate line indices, their TITLE_FEATURES matrix) for one page.

    `cols` holds the page's line features (arrays over its non-blank lines, in order, with
    `n` the line index), `lead` the position (in that order) of the article's first line,
    `content` which of those lines are the article's text, `url` the page's URL, `folded`
    (optional) `fold_line` of every line of `lines`."""
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
    words = line_words(cols)[keep]
    title_like = np.array(
        [
            (TITLE_MIN_WORDS <= w <= 30)
            and len(lines[i]) <= 250
            and not _HEADLINE_END.search(lines[i])
            for w, i in zip(words, cols["n"][keep], strict=True)
        ],
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
    return keep, np.hstack([x, _context_features(cols, lines, keep, lead_pos, title_like,
                                                 content, url, folded)])  # fmt: skip


def _context_features(cols: dict[str, np.ndarray], lines: list[str], keep: np.ndarray,
                      lead_pos: int, title_like: np.ndarray, content: np.ndarray | None,
                      url: str | None, folded: Sequence[str] | None = None,
                      ) -> np.ndarray:  # fmt: skip
    """The candidate among the page's lines and the other candidates (the second half of
    TITLE_FEATURES)."""
    fold = _folder(lines, folded)
    k = len(cols["n"])
    order = cols["n"]
    cp = cols["content_p"]
    if content is None:
        content = cp >= 0.5
    words = line_words(cols)
    prose = ((words >= 8) & (cols["end_sentence"] > 0)) | (words >= 25)
    body = _body_recall(fold, order, content, keep)
    site = site_name_key(url)
    site_name = np.zeros(keep.size)
    if site:
        for j, pos in enumerate(keep):
            key = re.sub(r"[^0-9a-z]", "", fold(int(order[pos])))
            site_name[j] = float(len(key) >= 3 and words[pos] <= 5 and (key in site or site in key))
    nxt = np.minimum(keep + 1, k - 1)
    prv = np.maximum(keep - 1, 0)
    headline_pos = np.sort(keep[title_like > 0])
    # title-like candidates strictly between the candidate and the lead
    between = np.searchsorted(headline_pos, lead_pos, side="left") - np.searchsorted(
        headline_pos, keep, side="right"
    )
    longest = cols["words_log"][keep][title_like > 0].max() if (title_like > 0).any() else 0.0
    slug = cols["slug_recall"][keep]
    return np.column_stack(
        [
            body,
            site_name,
            np.where(keep + 1 < k, cp[nxt], 0.0),
            np.where(keep > 0, cp[prv], 0.0),
            np.where(keep + 1 < k, prose[nxt], False).astype(np.float64),
            cols["words_log"][keep] - longest,
            np.log1p([len(lines[int(order[pos])]) for pos in keep]),
            np.clip(lead_pos - keep, -5, 20).astype(np.float64),
            np.clip(between, 0, 10).astype(np.float64),
            _rank_desc(cp[keep]),
            np.array(
                [bool(_SEPARATOR_IN_LINE.search(lines[int(order[pos])])) for pos in keep],
                dtype=np.float64,
            ),
            ((slug >= slug.max()) & (slug > 0)).astype(np.float64),
            _rank_desc(body),
            *_meta_features(cols, lines, keep, content, fold),
        ]
    )


def page_candidates(cols: dict[str, np.ndarray], lines: list[str], content: np.ndarray,
                    url: str | None, *, folded: Sequence[str] | None = None,
                    ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """(candidate positions in `cols`, their TITLE_FEATURES) for one page whose article
    lines are `content` (over `cols`' rows): the lead and the URL slug found, then
    `candidate_features`. The parser and the training rows both call this."""
    from pagevet.text.fold import tokens_of
    from pagevet.text.urls import slug_from_url

    lead = lead_position(cols, content)
    slug = slug_from_url(url)
    has_slug = bool(slug) and len(tokens_of(slug)) >= 2
    return candidate_features(cols, lines, lead, False, has_slug, content, url, folded=folded)


# a dateline or credit line: a date, a time, "By …", "Updated …"
_META_LINE = re.compile(
    r"\b(by|posted|published|updated|written|ago|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|"
    r"dec|ngày|tháng|cập nhật)\b|\b(19|20)\d\d\b|\d{1,2}[:/.]\d{1,2}",
    re.IGNORECASE,
)


def _upper_share(line: str) -> float:
    """The share of a line's letters that are upper case (as the `upper_share` line feature
    counts them; for columns saved without it)."""
    letters = [c for c in line if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _meta_features(cols: dict[str, np.ndarray], lines: list[str], keep: np.ndarray,
                   content: np.ndarray | None, fold: Callable[[int], str],
                   ) -> list[np.ndarray]:  # fmt: skip
    """Around the candidate: a dateline or credit line just after it, or just before it;
    the share of its words its lead (the next three content lines) uses; its upper-case
    share; whether it is the first headline-like line after the last menu run above it."""
    k = len(cols["n"])
    order = cols["n"]
    words = line_words(cols)
    meta_at: dict[int, bool] = {}  # only the lines beside a candidate are looked at

    def meta(lo: int, hi: int) -> float:
        for p in range(max(lo, 0), min(hi, k)):
            if p not in meta_at:
                meta_at[p] = bool(_META_LINE.search(lines[int(order[p])])) and words[p] <= 15
            if meta_at[p]:
                return 1.0
        return 0.0

    if content is None:
        content = cols["content_p"] >= 0.5
    content_pos = np.flatnonzero(content)
    nxt_meta, prv_meta, lead_rec = (np.zeros(keep.size) for _ in range(3))
    # the upper-case share of its letters (the line feature: \p{Lu} over \p{L})
    upper = (
        cols["upper_share"][keep].astype(np.float64)
        if "upper_share" in cols
        else np.array([_upper_share(lines[int(order[pos])]) for pos in keep.tolist()])
    )
    starts = np.searchsorted(content_pos, keep, side="right")
    for j, pos in enumerate(keep.tolist()):
        nxt_meta[j] = meta(pos + 1, pos + 3)
        prv_meta[j] = meta(pos - 2, pos)
        mine = _long_tokens(fold(int(order[pos])))
        after = content_pos[starts[j] : starts[j] + 3].tolist()
        if mine and after:
            lead: set[str] = set()
            for q in after:
                lead.update(_folded_tokens(fold(int(order[q]))))
            lead_rec[j] = len(mine & lead) / len(mine)
    menu = cols["short_run_log"] > np.log1p(3)
    # the last menu line strictly above each line (-1 for none)
    last_menu = np.maximum.accumulate(np.where(menu, np.arange(k), -1))
    menu_end = np.array([int(last_menu[p - 1]) if p > 0 else -1 for p in keep.tolist()])
    first = np.zeros(keep.size)
    seen: set[int] = set()
    for j, pos in enumerate(keep.tolist()):
        if not menu[pos] and menu_end[j] not in seen and words[pos] >= 3:
            first[j] = 1.0
            seen.add(int(menu_end[j]))
    return [nxt_meta, prv_meta, lead_rec, upper, first]


def score_candidates(x: np.ndarray, weights: dict) -> np.ndarray:
    """Title probability of each candidate row."""
    if list(weights.get("features", TITLE_FEATURES)) != list(TITLE_FEATURES):
        raise ValueError(
            "the title finder in this model was fitted on other features than "
            "pagevet.pages.title.TITLE_FEATURES: refit it with scripts/train_roles.py"
        )
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


# what the page's confidence in its title reads from its candidates' scores
CONFIDENCE_INPUTS = ("top", "gap", "candidates_log")


def confidence_inputs(scores: np.ndarray) -> np.ndarray:
    """[best score, best minus the runner-up's (the best itself with one candidate), log1p
    of the number of candidates] of one page's candidate scores."""
    order = np.sort(np.asarray(scores, dtype=np.float64))[::-1]
    second = float(order[1]) if order.size > 1 else 0.0
    return np.array([order[0], order[0] - second, np.log1p(order.size)])


def title_confidence(scores: np.ndarray, weights: dict) -> float | None:
    """How sure the finder is that the page's best candidate is its title (None without
    candidates). With the model's `confidence` calibration (a logistic regression on
    `CONFIDENCE_INPUTS`, fitted on scores of sites held out of the finder's fit: was the
    best candidate the title?) a clear winner is surer than a near-tie with the same score;
    without it, the best score itself."""
    if scores.size == 0:
        return None
    cal = weights.get("confidence")
    if not cal:
        return float(np.max(scores))
    if list(cal.get("inputs", CONFIDENCE_INPUTS)) != list(CONFIDENCE_INPUTS):
        raise ValueError(
            "the title confidence in this model reads other inputs than "
            "pagevet.pages.title.CONFIDENCE_INPUTS: refit it with scripts/train_roles.py"
        )
    z = float(confidence_inputs(scores) @ np.asarray(cal["coef"])) + float(cal["intercept"])
    return float(_sigmoid(np.array(z)))


def lead_position(cols: dict[str, np.ndarray], content: np.ndarray) -> int | None:
    """Where the article starts, for the title finder: the first content line that reads as a
    paragraph (8+ words ending a sentence, or 25+ words), else the first content line. A
    headline the content model keeps as text is then a candidate before the lead, where
    headlines sit, not the lead itself."""
    if not content.any():
        return None
    words = line_words(cols)
    prose = content & ((words >= 25) | ((words >= 8) & (cols["end_sentence"] > 0)))
    return int(np.argmax(prose)) if prose.any() else int(np.argmax(content))
