"""Page structure: give every line a role and derive the page's fields.

The parser reads position, marker lexicons, repetition and the page's own slug lines; it
knows no site template. Lines are numbered 1-based over `text.split("\n")`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from pagevet.pages.features import FEATURES, line_features, pages_frame
from pagevet.pages.markers import Markers, fold_forms, fold_line, load_markers
from pagevet.pages.model import ContentModel, default_model
from pagevet.pages.roles import FURNITURE
from pagevet.pages.sitelines import count_source
from pagevet.pages.smoothing import LINE_COLUMNS, Smoother, default_smoother
from pagevet.pages.title import (
    accepts,
    gold_title_match,
    page_candidates,
    score_candidates,
    strip_site_name,
    title_confidence,
)
from pagevet.text.dates import find_dates, parse_date, years_in
from pagevet.text.fold import fold_ascii
from pagevet.text.urls import date_from_url, slug_from_url, source_from_url

_SENTENCE_END = re.compile(r"[.!?:;\"”’'»)\]。！？」）]$")
_ELLIPSIS_END = re.compile(r"(\.\.\.|…)\s*[\"”’»)]?$")
_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")
_ASCII_SLUG_LINE = re.compile(r"^[a-z0-9]+(?:[ -][a-z0-9]+){3,}$")
_FOLLOW_SITE = re.compile(r"^(?:theo dõi|follow)\s+(\S+?)\s+(?:trên|on)\b", re.IGNORECASE)
_DATELINE_CUE = re.compile(
    r"\b(ngày|sáng|chiều|tối|trưa|đêm|hôm|rạng sáng|on|since)\s*$", re.IGNORECASE
)

_FURNITURE = frozenset(FURNITURE)


@dataclass
class ParsedPage:
    """The fields the parser derives; `roles[n-1]` is the role of line n."""

    roles: list[str]
    title: str | None = None
    title_line: int | None = None
    title_from: str | None = None  # "metadata" or "page"
    title_confidence: float | None = None  # 0..1, None when there is no title
    slug: str | None = None
    slug_from: str | None = None
    lead: str | None = None
    text: str = ""
    byline: str | None = None
    source: str | None = None
    published_at: date | None = None
    published_from: str | None = None
    crawled_at: date | None = None
    crawled_from: str | None = None


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _words(line: str) -> int:
    """Words, counting unspaced CJK text as about two characters a word."""
    cjk = len(_CJK.findall(line))
    return len(line.split()) + cjk // 2 if cjk else len(line.split())


def _prose_body(line: str, words: int) -> tuple[bool, bool]:
    """(reads like prose: a sentence or more, 8+ words ending one or 25+ words; reads like
    a paragraph of article text: 15+ words ending a sentence or 40+ words) for a line (or a
    hand-wrapped paragraph) of `words` words. A snippet cut off with "…" is a teaser: neither."""
    if _ELLIPSIS_END.search(line):
        return False, False
    end = words >= 8 and bool(_SENTENCE_END.search(line))
    return words >= 25 or end, words >= 40 or (words >= 15 and end)


def _teaser_title_like(line: str) -> bool:
    return _words(line) <= 35 and not line.endswith(".")


def _title_like(line: str) -> bool:
    """Headlines are short and end without a full stop or a colon (a lead-in does)."""
    return len(line) <= 250 and _words(line) <= 30 and not re.search(r"[.:;,]$", line)


class LineMemo:
    """What the rule pass derives from one stripped line alone (its folded forms, word
    count, prose verdicts, the role its markers give it), computed once per distinct line
    of a batch: a site's template lines recur on every page of it."""

    def __init__(self, markers: Markers) -> None:
        self.markers = markers
        self._folds: dict[str, tuple[str, str]] = {}
        self._words: dict[str, int] = {}
        self._marked: dict[str, str | None] = {}
        self._dated: dict[str, list[date]] = {}
        self._shape: dict[str, tuple[bool, bool]] = {}
        # marker pattern verdicts of folded lines (`prime` fills them a batch at a time)
        self._hits: dict[str, dict[str, bool]] = {
            k: {} for k in ("nav", "related", "caption", "byline")
        }

    def prime(self, texts: Iterable[str]) -> None:
        """Fold the new distinct lines of a batch's `texts` and search the marker patterns in
        all of them at once (`Markers.many`); `marked` then looks the verdicts up instead of
        searching line by line."""
        new = [
            line
            for line in dict.fromkeys(x.strip() for text in texts for x in text.split("\n"))
            if line and line not in self._folds
        ]
        folds = [self.folds(line) for line in new]
        for kind, pick in (("nav", 0), ("related", 1), ("caption", 1), ("byline", 1)):
            table = self._hits[kind]
            todo = [x for x in dict.fromkeys(f[pick] for f in folds) if x not in table]
            table.update(zip(todo, self.markers.many(kind, todo), strict=True))

    def _hit(self, kind: str, folded: str) -> bool:
        got = self._hits[kind].get(folded)
        if got is None:
            got = self._hits[kind][folded] = self.markers.many(kind, [folded])[0]
        return got

    def folds(self, line: str) -> tuple[str, str]:
        """(`fold_line`, folded with whitespace collapsed and edge punctuation kept)."""
        got = self._folds.get(line)
        if got is None:
            got = self._folds[line] = fold_forms(line)
        return got

    def words(self, line: str) -> int:
        got = self._words.get(line)
        if got is None:
            got = self._words[line] = _words(line)
        return got

    def slug_shape(self, line: str) -> tuple[bool, bool]:
        """(shaped like a bare ASCII slug, holds a non-ASCII letter)."""
        got = self._shape.get(line)
        if got is None:
            got = self._shape[line] = (
                bool(_ASCII_SLUG_LINE.match(line)),
                bool(_NON_ASCII_LETTER.search(line)),
            )
        return got

    def dated(self, line: str) -> list[date]:
        """The full dates (with a year) a line mentions."""
        got = self._dated.get(line)
        if got is None:
            found = (d.to_date() for d in find_dates(line) if d.year is not None)
            got = self._dated[line] = [d for d in found if d]
        return got

    def marked(self, s: str, f: str, g: str) -> str | None:
        """The role the marker lexicons alone give a non-blank line (None: undecided)."""
        if s in self._marked:
            return self._marked[s]
        markers = self.markers
        strong, weak = markers.gambling_hits(s, g)
        role = None
        if strong == 0 and self._hit("related", g):
            role = "related"
        elif strong == 0 and self._hit("nav", f):
            role = "nav"
        elif strong or weak >= 3:
            role = "spam"
        elif self.words(s) <= 12 and self._hit("byline", g):
            role = "byline"
        elif self.words(s) <= 50 and self._hit("caption", g):
            role = "caption"
        self._marked[s] = role
        return role


class _Lines:
    """The page's lines with their stripped and folded forms and the roles found so far."""

    def __init__(self, text: str, markers: Markers, memo: LineMemo | None = None) -> None:
        memo = memo if memo is not None and memo.markers is markers else LineMemo(markers)
        self.memo = memo
        self.raw = text.split("\n")
        self.s = [line.strip() for line in self.raw]
        folds = [memo.folds(line) if line else ("", "") for line in self.s]
        self.f = [x[0] for x in folds]
        # folded but with edge punctuation kept: captions and bylines end in ")" or "."
        self.g = [x[1] for x in folds]
        self.roles: list[str | None] = ["blank" if not x else None for x in self.s]
        self.content = [i for i, x in enumerate(self.s) if x]
        self.markers = markers
        self.para, self.prose, self.body = self._paragraphs()
        # lines whose role only the article span decided (no marker, no structure)
        self.span_decided: list[int] = []
        # the next non-blank line after each line (None at the end)
        self.next_idx: list[int | None] = [None] * len(self.s)
        for a, b in zip(self.content, self.content[1:], strict=False):
            for j in range(a, b):
                self.next_idx[j] = b
        for j in range(self.content[0] if self.content else 0):
            self.next_idx[j] = self.content[0]

    def _paragraphs(self) -> tuple[list[str], list[bool], list[bool]]:
        """Each line's paragraph: hard-wrapped lines (a line without closing punctuation
        followed by one starting in lower case) are read together. Whether the paragraph
        reads like prose / like body text is judged once per paragraph (linear time)."""
        s, content, words = self.s, self.content, self.memo.words
        para = list(s)
        prose = [False] * len(s)
        body = [False] * len(s)
        start = 0
        for k, i in enumerate(content):
            nxt = content[k + 1] if k + 1 < len(content) else None
            wraps = nxt == i + 1 and s[nxt][:1].islower() and not _SENTENCE_END.search(s[i])
            if not wraps:
                if start == k:  # a paragraph of one line (most are)
                    is_prose, is_body = _prose_body(s[i], words(s[i]))
                    prose[i], body[i] = is_prose, is_body
                else:
                    members = content[start : k + 1]
                    joined = " ".join(s[j] for j in members)
                    is_prose, is_body = _prose_body(joined, _words(joined))
                    for j in members:
                        para[j], prose[j], body[j] = joined, is_prose, is_body
                start = k + 1
        return para, prose, body

    def next_content(self, i: int) -> int | None:
        return self.next_idx[i] if 0 <= i < len(self.s) else None


def _find_slug_phrase(lines: _Lines, title_hint: str | None) -> str | None:
    """The page's own ASCII slug, repeated as alt text or as a prefix of teaser lines."""
    title_tokens = set(fold_ascii(title_hint).split()) if title_hint else set()
    shape = lines.memo.slug_shape
    candidates = Counter(lines.s[i].lower() for i in lines.content if shape(lines.s[i])[0])
    # An all-ASCII lower-case line stands out as a slug on a page written with diacritics; in
    # English (hard-wrapped paragraphs) it is only a slug when it spells the title.
    accented = sum(1 for i in lines.content if shape(lines.s[i])[1])
    repeated_counts = accented >= max(3, len(lines.content) // 4)
    phrases = {cand.replace("-", " ") for cand in candidates}
    longest = max((len(x) for x in phrases), default=0)
    prefixed_by: Counter[str] = Counter()
    if phrases:
        # every line is looked at once: its prefixes ending before a space, up to the
        # longest candidate (linear in the page, however many candidates there are)
        for i in lines.content:
            low = lines.s[i].lower()
            p = low.find(" ")
            while 0 < p <= longest:
                if p + 1 < len(low) and low[:p] in phrases:
                    prefixed_by[low[:p]] += 1
                p = low.find(" ", p + 1)
    best: tuple[int, str] | None = None
    for cand, count in candidates.items():
        phrase = cand.replace("-", " ")
        prefixed = prefixed_by[phrase]
        tokens = set(phrase.split())
        overlap = len(tokens & title_tokens) / len(tokens) if title_tokens else 0.0
        hyphenated = "-" in cand and " " not in cand  # a URL slug pasted as alt text
        if (repeated_counts and (count + prefixed >= 2 or hyphenated)) or overlap >= 0.6:
            score = count + prefixed + (2 if overlap >= 0.6 else 0)
            if (best is None or score > best[0]) and not lines.markers.is_nav(fold_line(cand)):
                best = (score, phrase)
    return best[1] if best else None


def _mark_structures(lines: _Lines, title_idx: int | None) -> None:
    """Repeated headings with snippets, and teaser units after bare slug lines."""
    roles, s = lines.roles, lines.s
    content = lines.content
    for k in range(len(content) - 1):
        i, j = content[k], content[k + 1]
        if s[i] != s[j] or i == title_idx or roles[i] == "nav" or lines.memo.words(s[i]) < 2:
            continue
        for x in (i, j):
            if roles[x] is None:
                roles[x] = "related"
        if k + 2 < len(content):
            snippet = content[k + 2]
            nxt = lines.next_content(snippet)
            repeated_next = nxt is not None and s[nxt] == s[snippet]
            if roles[snippet] is None and not repeated_next and lines.memo.words(s[snippet]) <= 80:
                roles[snippet] = "related"
    for a in [i for i in content if roles[i] == "artifact"]:
        t = lines.next_content(a)
        if t is None or roles[t] is not None or not _teaser_title_like(s[t]):
            continue
        roles[t] = "related"
        u = lines.next_content(t)
        if u is not None and roles[u] is None and _ELLIPSIS_END.search(s[u]):
            roles[u] = "related"


def _mark_blocks(lines: _Lines, first_text: int | None) -> int | None:
    """Teaser blocks opened by markers; returns the line where a tail block ends the article.

    A related block ("Tin liên quan") ends at the next line of prose. A tail block ("Đọc
    thêm", "Read more") after article text ends the article, unless two lines of prose follow
    it (an inline "Read more" link inside a story)."""
    roles, prose, f, m = lines.roles, lines.prose, lines.f, lines.markers
    content = lines.content
    tail_at = None
    walked = 0  # content position where the previous block's walk stopped
    for pos, i in enumerate(content):
        if roles[i] != "nav" or (f[i] not in m.related_blocks and f[i] not in m.tail_blocks):
            continue
        is_tail = f[i] in m.tail_blocks and first_text is not None and i > first_text
        # lines between here and where the previous walk stopped are all labelled already
        q = max(pos + 1, walked)
        resumed = False
        while q < len(content):
            j = content[q]
            if roles[j] is not None:
                q += 1
                continue
            if prose[j]:
                if not is_tail:
                    resumed = True
                    break
                r = q + 1
                while r < len(content) and roles[content[r]] is not None:
                    r += 1
                if r < len(content) and prose[content[r]]:
                    resumed = True
                    break
            roles[j] = "related"
            q += 1
        walked = q
        if is_tail and not resumed:
            tail_at = i
            break
    return tail_at


_PEN_NAME = re.compile(
    r"^[A-ZĐ][\w.]*(?:\s+[A-ZĐ][\w.]*){0,4}(?:\s*[-–,&]\s*[A-ZĐ][\w.]*(?:\s+[A-ZĐ][\w.]*){0,3})?$"
)


_SITE_SEPARATOR = re.compile(r"\s+[-|–—:•·»]+\s+|\s*::\s*")


def _find_title_line(lines: _Lines, title: str) -> int | None:
    """The first line showing the metadata title: the whole title, or its headline part
    without the site name ("… - The Site", "Site | …")."""
    wanted = {fold_line(title)}
    parts = [p for p in _SITE_SEPARATOR.split(title) if p.strip()]
    if len(parts) > 1:
        wanted.add(fold_line(max(parts, key=len)))
        wanted.add(fold_line(" - ".join(parts[:-1])))
    wanted.discard("")
    candidates = [i for i in lines.content if lines.roles[i] in (None, "spam")]
    for i in candidates:
        if lines.f[i] in wanted:
            return i
    # a line holding most of the title (a CMS shortened it, or the site name is glued on)
    longest = max(map(len, wanted), default=0)
    for i in candidates:
        if len(lines.f[i]) >= 0.6 * longest and any(lines.f[i] in w for w in wanted):
            return i
    return None


# How many non-prose lines in a row end an article, with and without navigation among them.
_GAP_WITH_NAV, _GAP_ANY = 4, 10


def _article_span(lines: _Lines, first_text: int | None, end: int) -> tuple[int | None, int]:
    """The largest run of prose and where the article stops.

    Runs of short lines (menus, share widgets, teaser lists, footers) split the page into
    prose segments. The article runs through its largest segment; segments after it
    (comments, teaser snippets) are furniture. Returns (first line of the largest segment,
    end of the article)."""
    if first_text is None:
        return None, end
    roles, s = lines.roles, lines.s
    segments: list[list[int]] = [[first_text]]
    gap, furniture = 0, 0

    def breaks() -> bool:
        return (gap >= _GAP_WITH_NAV and furniture >= 2) or gap >= _GAP_ANY

    for i in lines.content:
        if i <= first_text or i >= end:
            continue
        if roles[i] is None and lines.prose[i]:
            if breaks():
                segments.append([])
            segments[-1].append(i)
            gap, furniture = 0, 0
        elif roles[i] is None or roles[i] == "nav":
            # teaser blocks the article flows around (related, artifact, spam) neither
            # continue nor break it; menus and widgets do break it
            gap += 1
            furniture += roles[i] == "nav" or lines.markers.is_nav(lines.f[i])
    size = [sum(len(s[i]) for i in seg) for seg in segments]
    # The article is the first substantial run of prose (a headline is followed by its
    # story; cookie notices and comment threads come later, however long they are).
    chosen = next(seg for seg, n in zip(segments, size, strict=True) if n >= 0.3 * max(size))
    if chosen is not segments[-1] or breaks():
        return chosen[0], chosen[-1]
    return chosen[0], end


def _mark_pen_name(lines: _Lines, first_text: int | None) -> None:
    """A bare author name closing the article: a short capitalised line after the last
    paragraph, with only furniture (or nothing) after it."""
    roles, s = lines.roles, lines.s
    if first_text is None:
        return
    unlabeled = [i for i in lines.content if roles[i] is None and i > first_text]
    if not unlabeled:
        return
    last = unlabeled[-1]
    if len(s[last].split()) <= 8 and _PEN_NAME.match(s[last]):
        roles[last] = "byline"


def _mark_main_text_gambling(lines: _Lines, title_idx: int | None) -> None:
    """On a page whose article itself is lottery/betting, its gambling lines are the main
    text (the gambling-spam rule judges them), not teasers: give them back to the article."""
    roles, s = lines.roles, lines.s
    article = [i for i in lines.content if roles[i] in (None, "spam") and i != title_idx]
    spam_chars = sum(len(s[i]) for i in article if roles[i] == "spam")
    text_chars = sum(len(s[i]) for i in article)
    # a gambling headline over a gambling first paragraph: a results or tips page
    headline = (
        title_idx is not None
        and lines.markers.gambling_hits(lines.s[title_idx], lines.g[title_idx])[0] > 0
    )
    opening = bool(article) and roles[article[0]] == "spam"
    if spam_chars and (spam_chars / text_chars >= 0.5 or (headline and opening)):
        for i in article:
            if roles[i] == "spam":
                roles[i] = None


def _infer_year(lead: str | None, body: list[str], crawled: date | None) -> int | None:
    limit = crawled.year if crawled else None
    # a story may mention a historical year first; a dateline's year is a recent one
    for y in years_in(lead or ""):
        if y >= 1990 and (limit is None or y <= limit):
            return y
    counts = Counter(y for line in body for y in years_in(line) if limit is None or y <= limit)
    return counts.most_common(1)[0][0] if counts else None


def _dateline(
    lines: _Lines, text_idx: list[int], crawled: date | None, url_date: date | None
) -> tuple[date | None, str | None]:
    """The publication date: the URL's date when it has one, else from the first article
    lines: a full date, or day/month plus the year the text talks about."""
    if url_date:
        # a CMS's URL timestamp is the publication date; a dateline dates the event, often
        # the day before ("Tối 29/4, …" published on the 30th)
        return url_date, "url"
    lead = lines.s[text_idx[0]] if text_idx else None
    for i in text_idx[:3]:
        for mention in find_dates(lines.s[i]):
            if mention.start > 120:
                break
            if mention.year is not None:
                return mention.to_date(), "dateline"
            prefix = lines.s[i][: mention.start]
            if mention.kind == "dm" and not (_DATELINE_CUE.search(prefix) or mention.start < 12):
                continue
            year = _infer_year(lead, [lines.s[j] for j in text_idx], crawled)
            if year is None:
                return None, None
            found = mention.to_date(year)
            if found and crawled and found > crawled:
                found = mention.to_date(year - 1)
            return found, "inferred"
    return None, None


@dataclass(frozen=True)
class ParseParams:
    """Everything the parse passes read besides the page itself.

    `learned`: content vs furniture is decided by the fitted model (the shipped one unless
    `model` is given) over the rule pass's roles; off, the rules alone decide. `smoother`:
    the second stage over the model's p (the shipped one with the shipped model; none with
    another model unless given; `smoothed=False`: none). `threshold`: the (smoothed)
    probability from which a line is content."""

    markers: Markers | None = None
    model: ContentModel | None = None
    learned: bool = True
    threshold: float = 0.5
    # the second stage over the model's p (`pagevet.pages.smoothing`); None: the shipped one
    smoother: Smoother | None = None
    smoothed: bool = True
    # lines' page counts per source over the whole crawl (`pages.sitelines`); None: counted
    # over the batch being parsed
    site_lines: pl.DataFrame | None = None

    def resolved_markers(self) -> Markers:
        return self.markers or load_markers()

    def resolved_model(self) -> ContentModel | None:
        if not self.learned:
            return None
        return self.model or default_model()

    def resolved_smoother(self) -> Smoother | None:
        """The smoother given, else the shipped one when the shipped model scores (it was
        fitted over that model's p), unless `smoothed` is off."""
        if not self.learned or not self.smoothed:
            return None
        if self.smoother is not None:
            return self.smoother
        return default_smoother() if self.model is None else None


@dataclass
class PageInput:
    """One page as the passes read it: its text and whatever metadata came with it."""

    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: str | None = None
    crawled_at: str | None = None
    path: str | None = None  # the file it was read from (the source of last resort)


@dataclass
class RulePass:
    """What the rule pass found: roles (lines.roles), the title line, the page's own slug
    phrase and the byline lines."""

    lines: _Lines
    title_idx: int | None
    slug_phrase: str | None
    byline_idx: list[int]


def rule_pass(
    text: str, title: str | None, markers: Markers, memo: LineMemo | None = None
) -> RulePass:
    """Roles from marker lexicons, page structure (repeated headings, teaser blocks, slug
    lines) and the article span. Linear in the number of lines. `memo` (one per batch, for
    `markers`) shares the per-line work between pages showing the same line."""
    lines = _Lines(text, markers, memo)
    roles, s, f, g = lines.roles, lines.s, lines.f, lines.g
    marked = lines.memo.marked
    for i in lines.content:
        roles[i] = marked(s[i], f[i], g[i])

    # Title: the metadata title when a top line shows it, else the first title-like line.
    title_idx = None
    top = [i for i in lines.content if roles[i] in (None, "spam")][:5]
    if title:
        title_idx = _find_title_line(lines, title)
    elif (
        top
        and _title_like(s[top[0]])
        and all(roles[c] == "nav" for c in lines.content if c < top[0])
    ):
        title_idx = top[0]

    slug_phrase = _find_slug_phrase(
        lines, title or (s[title_idx] if title_idx is not None else None)
    )
    if slug_phrase:
        for i in lines.content:
            low = s[i].lower()
            if i == title_idx:
                continue
            if low.replace("-", " ") == slug_phrase:
                roles[i] = "artifact"
            elif low.startswith(slug_phrase + " ") and roles[i] in (None, "spam"):
                roles[i] = roles[i] or "related"
    if title_idx is not None:
        roles[title_idx] = "title"

    _mark_structures(lines, title_idx)
    after_title = title_idx if title_idx is not None else -1
    first_text = next(
        (
            i
            for i in lines.content
            if i > after_title and roles[i] is None and lines.body[i]
        ),
        None,
    )
    tail_at = _mark_blocks(lines, first_text)

    _mark_main_text_gambling(lines, title_idx)
    # Bylines: the last credit line after article text ends the article.
    _mark_pen_name(lines, first_text)
    byline_idx = [i for i in lines.content if roles[i] == "byline"]
    end = len(s)
    if tail_at is not None:
        end = tail_at
    begin, end = _article_span(lines, first_text, end)
    # A credit line with most of the prose before it closes the article (one under the
    # headline does not).
    prose_chars = [len(s[i]) if roles[i] is None and lines.prose[i] else 0 for i in range(len(s))]
    prose_before = list(itertools.accumulate(prose_chars, initial=0))  # chars before line i
    for b in reversed(byline_idx):
        if first_text is None or not first_text < b < end:
            continue
        if prose_before[b] >= 0.7 * prose_before[-1]:
            end = b
            break

    # Without a title line the article starts at its largest run of prose.
    start = title_idx + 1 if title_idx is not None else (begin or 0)
    lead_idx = None
    for i in lines.content:
        if roles[i] is not None:
            continue
        lines.span_decided.append(i)
        if i < start:
            roles[i] = "nav"
        elif i > end:
            roles[i] = "nav" if lines.memo.words(s[i]) <= 3 else "related"
        elif lead_idx is None:
            if lines.prose[i] or lines.body[i]:
                roles[i] = "lead"
                lead_idx = i
            else:
                roles[i] = "nav"
        else:
            roles[i] = "body"

    lines.roles[:] = [r or "blank" for r in roles]
    return RulePass(lines, title_idx, slug_phrase, byline_idx)


def feature_pass(
    pages: list[PageInput],
    rules: list[RulePass],
    markers: Markers,
    site_lines: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Line features of a batch of pages (vectorised, see `pagevet.pages.features`)."""
    frame = pages_frame(
        [p.text for p in pages],
        sources=[count_source(p.source, p.url, p.path) for p in pages],
        titles=[p.title for p in pages],
        urls=[p.url for p in pages],
        rule_roles=[r.lines.roles for r in rules],
    )
    return line_features(frame, markers, site_lines)


_PAGE_COLUMNS = (
    "n", "words_log", "slug_recall", "title_recall", "title_precision", "nav_hit",
    "template_any", "rule_nav", "short_run_log", "capword_share", "digit_share", "index_log",
    "rule_title", "repeated_in_page", "end_sentence", "upper_share",
)  # fmt: skip


def model_pass(
    features: pl.DataFrame, model: ContentModel
) -> tuple[list[np.ndarray], list[dict[str, np.ndarray]]]:
    """P(content) of every line, one array per page (NaN on blank lines), and per page the
    feature columns of its non-blank lines the title finder reads (with `content_p`)."""
    scored = features.filter(~pl.col("blank")).sort("page", maintain_order=True)
    p = model.score(scored.select(FEATURES).to_numpy().astype(np.float64))
    # every column once for the batch; each page gets views of its rows (pages are numbered
    # in order and their lines are contiguous)
    batch = {c: scored[c].to_numpy().astype(np.float64) for c in _PAGE_COLUMNS}
    batch["n"] = scored["n"].to_numpy().astype(np.int64)
    batch["content_p"] = p
    batch["title_agree"] = batch["title_recall"] * batch["title_precision"]
    pages, sizes = np.unique(features["page"].to_numpy(), return_counts=True)
    owner = scored["page"].to_numpy()
    lo = np.searchsorted(owner, pages, side="left")
    hi = np.searchsorted(owner, pages, side="right")
    probs, cols = [], []
    for start, stop, size in zip(lo.tolist(), hi.tolist(), sizes.tolist(), strict=True):
        full = np.full(size, np.nan)
        if start == stop:
            probs.append(full)
            cols.append({c: np.zeros(0) for c in (*_PAGE_COLUMNS, "content_p")})
            continue
        arrays = {c: v[start:stop] for c, v in batch.items()}
        full[arrays["n"]] = arrays["content_p"]
        probs.append(full)
        cols.append(arrays)
    return probs, cols


def smooth_pass(
    probs: list[np.ndarray], cols: list[dict[str, np.ndarray]], smoother: Smoother
) -> list[np.ndarray]:
    """P(content) of every line after the smoother (`pagevet.pages.smoothing`): a second
    fitted stage reading each line's first-stage p beside its neighbours' (an article is a
    run). Scored over the whole batch at once; returns new arrays (NaN on blank lines), and
    `cols` (the first-stage p the title finder reads) is left as it is."""
    sizes = [len(c["n"]) for c in cols]
    if not sum(sizes):
        return list(probs)
    page = np.repeat(np.arange(len(cols)), sizes)
    p = np.concatenate([c["content_p"] for c in cols])
    line = {k: np.concatenate([c[k] for c in cols]) for k in LINE_COLUMNS}
    q = smoother.score(page, p, line)
    out, at = [], 0
    for full, c, size in zip(probs, cols, sizes, strict=True):
        new = full.copy()
        new[c["n"]] = q[at : at + size]
        at += size
        out.append(new)
    return out


_GENERIC = frozenset({"lead", "body", "nav", "related"})


def content_pass(
    rule: RulePass,
    p: np.ndarray | None,
    threshold: float,
    cols: dict[str, np.ndarray] | None = None,
) -> list[str]:
    """Final roles: the model decides content vs furniture among lines the rules called
    lead/body/nav, and lines the article span alone called related; the finer roles (title,
    caption, byline, artifact, spam, teasers found by structure) stay the rules'. The first
    content line leads."""
    lines = rule.lines
    roles = list(lines.roles)
    if p is None:
        return roles
    decided = set(lines.span_decided)
    # a template line of the site (seen on its other pages) is furniture, not a teaser
    template = set(cols["n"][cols["template_any"] > 0].tolist()) if cols else set()
    for i in lines.content:
        r = roles[i]
        # the model decides the lines only the article span placed; a marker's verdict (a
        # known menu word, a "related" heading) stands
        if r not in _GENERIC or (r in ("nav", "related") and i not in decided):
            continue
        if p[i] >= threshold:
            roles[i] = "body"
        elif r in ("lead", "body"):
            short = lines.memo.words(lines.s[i]) <= 3
            roles[i] = "nav" if short or i in template else "related"
    lead = next((i for i in lines.content if roles[i] == "body"), None)
    if lead is not None:
        roles[lead] = "lead"
    return roles


@dataclass
class TitleFound:
    """The title pass's answer: the line (0-based index) and the title, where it came from
    ("metadata", "page") and how sure the finder is (None when there is no title)."""

    index: int | None
    title: str | None
    source: str | None
    confidence: float | None


def _metadata_title(
    page_in: PageInput,
    rule: RulePass,
    roles: list[str],
    cols: dict[str, np.ndarray] | None,
    title_model: dict | None,
) -> TitleFound:
    """A metadata title, without the site's name glued to it (`strip_site_name`). Its line
    is the one showing it (the rule pass found it), else the finder's best candidate among
    the lines that agree with it (`gold_title_match`: the title or its headline part). When
    that line is the headline part alone ("Headline" for "Headline | Section | Site") or
    the whole headline of a title an extractor cut at a quote mark, the title is the line as
    the page shows it."""
    s = rule.lines.s
    title = strip_site_name(page_in.title, page_in.url, page_in.source) or ""
    idx = rule.title_idx
    if idx is None and cols is not None and title_model is not None and len(cols["n"]):
        content = np.array([roles[int(n)] in ("lead", "body") for n in cols["n"]], dtype=bool)
        keep, x = page_candidates(cols, s, content, page_in.url, folded=rule.lines.f)
        agree = [j for j, k in enumerate(keep) if gold_title_match(s[int(cols["n"][k])], title)
                 or gold_title_match(s[int(cols["n"][k])], page_in.title)]  # fmt: skip
        if agree:
            scores = score_candidates(x[agree], title_model)
            idx = int(cols["n"][keep[agree[int(np.argmax(scores))]]])
            if roles[idx] == "lead":
                nxt = next((i for i in rule.lines.content if i > idx and roles[i] == "body"), None)
                if nxt is not None:
                    roles[nxt] = "lead"
            roles[idx] = "title"
    if (
        idx is not None
        and fold_line(s[idx]) != fold_line(title)
        and gold_title_match(s[idx], title)
    ):
        title = s[idx]
    return TitleFound(idx, title, "metadata", 1.0)


def title_pass(
    page_in: PageInput,
    rule: RulePass,
    roles: list[str],
    cols: dict[str, np.ndarray] | None,
    title_model: dict | None,
) -> TitleFound:
    """The page's title. A metadata title wins (its line is where the page shows it). Else
    the fitted finder scores the candidate lines (`pagevet.pages.title`); without a
    confident candidate the page has no title. Moves the `title` role in `roles`."""
    lines, s = rule.lines, rule.lines.s
    if page_in.title and page_in.title.strip():
        return _metadata_title(page_in, rule, roles, cols, title_model)
    if cols is None or title_model is None:
        idx = rule.title_idx
        return TitleFound(idx, s[idx] if idx is not None else None,
                          "page" if idx is not None else None,
                          1.0 if idx is not None else None)  # fmt: skip
    content_roles = np.array([roles[int(n)] in ("lead", "body") for n in cols["n"]], dtype=bool)
    keep, x = page_candidates(cols, s, content_roles, page_in.url, folded=lines.f)
    scores = score_candidates(x, title_model)
    best = int(np.argmax(scores)) if scores.size else None
    old = rule.title_idx
    if best is None or not accepts(scores, title_model):
        if old is not None and roles[old] == "title":
            roles[old] = "nav"
        return TitleFound(None, None, None, None)
    idx = int(cols["n"][keep[best]])
    if old is not None and old != idx and roles[old] == "title":
        roles[old] = "nav"
    was_lead = roles[idx] == "lead"
    roles[idx] = "title"
    if was_lead:
        nxt = next((i for i in lines.content if i > idx and roles[i] == "body"), None)
        if nxt is not None:
            roles[nxt] = "lead"
    return TitleFound(idx, s[idx], "page", round(float(title_confidence(scores, title_model)), 4))


def fields_pass(
    page_in: PageInput, rule: RulePass, roles: list[str], found: TitleFound | None = None
) -> ParsedPage:
    """The page's fields from its final roles: text, lead, title, byline, slug, source."""
    lines, s = rule.lines, rule.lines.s
    title, title_idx, slug_phrase = page_in.title, rule.title_idx, rule.slug_phrase
    page = ParsedPage(roles=roles)
    text_idx = [i for i in lines.content if roles[i] in ("lead", "body")]
    lead_idx = next((i for i in text_idx if roles[i] == "lead"), None)
    page.text = "\n".join(s[i] for i in text_idx)
    page.lead = s[lead_idx] if lead_idx is not None else None
    if found is None:
        found = TitleFound(
            title_idx,
            title.strip() if title else (s[title_idx] if title_idx is not None else None),
            "metadata" if title else ("page" if title_idx is not None else None),
            1.0 if title or title_idx is not None else None,
        )
    page.title_line = found.index + 1 if found.index is not None else None
    page.title, page.title_from, page.title_confidence = found.title, found.source, found.confidence
    bylines = [s[b] for b in rule.byline_idx if roles[b] == "byline"]
    page.byline = bylines[-1] if bylines else None

    url_slug = slug_from_url(page_in.url)
    if url_slug:
        page.slug, page.slug_from = url_slug, "url"
    elif slug_phrase:
        page.slug, page.slug_from = slug_phrase.replace(" ", "-"), "page"

    page.source = page_in.source or source_from_url(page_in.url)
    if page.source is None:
        for i in lines.content:
            if roles[i] == "nav" and (m := _FOLLOW_SITE.match(s[i])):
                page.source = m.group(1).lower().rstrip(".,:")
                break
    return page


def dates_pass(page_in: PageInput, rule: RulePass, page: ParsedPage) -> None:
    """Publication and crawl dates: metadata, the URL, the dateline, dates in furniture."""
    lines, s, roles = rule.lines, rule.lines.s, page.roles
    text_idx = [i for i in lines.content if roles[i] in ("lead", "body")]
    crawled = parse_date(page_in.crawled_at)
    if crawled:
        page.crawled_at, page.crawled_from = crawled, "metadata"
    published = parse_date(page_in.published_at)
    if published:
        page.published_at, page.published_from = published, "metadata"
    else:
        page.published_at, page.published_from = _dateline(
            lines, text_idx, crawled, date_from_url(page_in.url)
        )
    if page.crawled_at is None:
        dated = lines.memo.dated
        seen = [d for i in lines.content if roles[i] in _FURNITURE for d in dated(s[i])]
        latest = max(seen, default=None)
        if latest and (page.published_at is None or latest >= page.published_at):
            page.crawled_at, page.crawled_from = latest, "inferred"


def finish_pages(
    pages: list[PageInput],
    rules: list[RulePass],
    features: pl.DataFrame | None,
    model: ContentModel | None,
    threshold: float,
    smoother: Smoother | None = None,
) -> list[ParsedPage]:
    """The passes after the rules and the features: model → smoothing → roles → title →
    fields → dates."""
    probs: list[np.ndarray | None] = [None] * len(pages)
    cols: list[dict[str, np.ndarray] | None] = [None] * len(pages)
    if model is not None and features is not None and pages:
        p_all, c_all = model_pass(features, model)
        probs, cols = list(p_all), list(c_all)
        if smoother is not None:
            probs = list(smooth_pass(p_all, c_all, smoother))
    title_model = model.weights.get("title") if model is not None else None
    return finish_scored(pages, rules, probs, cols, title_model, threshold)


def finish_scored(
    pages: list[PageInput],
    rules: list[RulePass],
    probs: list[np.ndarray | None],
    cols: list[dict[str, np.ndarray] | None],
    title_model: dict | None,
    threshold: float,
) -> list[ParsedPage]:
    """roles → title → fields → dates for pages whose p (smoothed or not) is known."""
    out = []
    for page_in, rule, p, c in zip(pages, rules, probs, cols, strict=True):
        roles = content_pass(rule, p, threshold, c)
        found = title_pass(page_in, rule, roles, c, title_model)
        page = fields_pass(page_in, rule, roles, found)
        dates_pass(page_in, rule, page)
        out.append(page)
    return out


def parse_pages(pages: list[PageInput], params: ParseParams | None = None) -> list[ParsedPage]:
    """Parse a batch of pages: rules → features → roles → title → fields → dates. Features
    (and template-line counts) are computed over the whole batch at once."""
    params = params or ParseParams()
    markers = params.resolved_markers()
    memo = LineMemo(markers)
    memo.prime(p.text or "" for p in pages)
    rules = [rule_pass(p.text or "", p.title, markers, memo) for p in pages]
    model = params.resolved_model()
    features = (
        feature_pass(pages, rules, markers, params.site_lines)
        if model is not None and pages
        else None
    )
    return finish_pages(
        pages, rules, features, model, params.threshold, params.resolved_smoother()
    )


def parse_page(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    published_at: str | None = None,
    crawled_at: str | None = None,
    markers: Markers | None = None,
    params: ParseParams | None = None,
) -> ParsedPage:
    """Roles for every line of `text` and the fields of the page. Metadata (from HTML, JSONL,
    WARC) is used where given; the text fills in the rest. Never raises on odd input."""
    if params is None:
        params = ParseParams(markers=markers)
    page = PageInput(text, title, url, source, published_at, crawled_at)
    return parse_pages([page], params)[0]
