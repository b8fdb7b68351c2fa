"""Marker lexicons (data files users can extend) compiled for line classification."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import polars as pl

from pagevet.errors import PagevetError
from pagevet.text.fold import fold_ascii, nfc

_EDGE_PUNCT = " \t\u00a0.:;,!-–—|>»«•*#·/\\()[]{}\"'“”‘’…"
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")


def fold_line(line: str) -> str:
    """A line as markers see it: folded, inner whitespace collapsed, edge punctuation trimmed."""
    line = _INVISIBLE.sub("", line).translate(_QUOTES)
    return _SPACES.sub(" ", fold_ascii(line)).strip(_EDGE_PUNCT)


# Characters after which a line's `fold_line` is not its `fold_words` with quotes mapped and
# edge punctuation trimmed: percent signs and their NFKC look-alikes (folding decodes
# escapes), the presentation forms whose NFKC is a dash or a quote, the invisible characters
# fold_line drops before folding, lone surrogates. (Found by folding every code point.)
_FOLD_APART = re.compile(
    "[%\ufe6a\uff05\ufe31\ufe32\ufe58\u200b-\u200f\u2060\ufeff\u00ad\ud800-\udfff]"
)


def fold_forms(line: str) -> tuple[str, str]:
    """(`fold_line(line)`, `fold_words(line)`), folding the line once when that gives both."""
    words = fold_words(line)
    if _FOLD_APART.search(line):
        return fold_line(line), words
    return words.translate(_QUOTES).strip(_EDGE_PUNCT), words


def lower_nfc(line: str) -> str:
    """A line as diacritic-exact lexicon terms see it: NFC, lower case. (Their spaces match
    any run of whitespace, so the line's need not be collapsed.)"""
    return nfc(line).lower()


def fold_words(line: str) -> str:
    """A line as plain-ASCII lexicon terms see it: folded, whitespace collapsed."""
    return " ".join(fold_ascii(line).split())


@dataclass(frozen=True)
class Lexicon:
    """Terms matched on word boundaries. A term written with diacritics matches only the same
    diacritics (on `lower_nfc` text): folding would merge distinct words ("lô đề" / "lo để").
    A term written in plain ASCII is declared unambiguous and matches the folded text
    (`fold_words`), so it also finds text typed without accents. `blank_*` phrases (ordinary
    words that hold a term) are removed before matching. The patterns use only the regex syntax
    Python and polars share, so rules can run them as polars expressions."""

    exact: re.Pattern[str] | None
    folded: re.Pattern[str] | None
    blank_exact: re.Pattern[str] | None = None
    blank_folded: re.Pattern[str] | None = None
    # Every term folded, on the folded text: a line it does not match holds no term, and
    # that is most lines, so they cost one pass.
    gate: re.Pattern[str] | None = None

    def terms(self, line: str) -> set[str]:
        """The distinct terms in a line as written (any normalisation, any case)."""
        return self.find(lower_nfc(line), fold_words(line))

    def contains(self, line: pl.Expr, folded: pl.Expr) -> pl.Expr:
        """`find` as a polars expression: whether a line holds a term, given the line as
        written and its folded form (`fold_words`, or `fold_expr` with whitespace collapsed)."""
        exact = line.str.normalize("NFC").str.to_lowercase()
        hits = [
            (text if blank is None else text.str.replace_all(blank.pattern, " ")).str.contains(
                terms.pattern
            )
            for terms, blank, text in (
                (self.exact, self.blank_exact, exact),
                (self.folded, self.blank_folded, folded),
            )
            if terms is not None
        ]
        return pl.any_horizontal(hits) if hits else pl.lit(False)

    def find(self, exact: str, folded: str) -> set[str]:
        """The distinct terms in a line given as its `lower_nfc` and `fold_words` forms."""
        found: set[str] = set()
        if self.gate is not None and not self.gate.search(folded):
            return found
        for pattern, blank, text in (
            (self.exact, self.blank_exact, exact),
            (self.folded, self.blank_folded, folded),
        ):
            if pattern is None or not pattern.search(text):
                continue
            if blank is not None:
                text = blank.sub(" ", text)
            found |= {m.group(0) for m in pattern.finditer(text)}
        return found


_BY_NUMBER = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]*")
_MANY_MIN = 64  # fewer texts are searched one by one (a polars call has a fixed cost)


class AnySearch:
    """`any(p.search(text) for p in patterns)` as one search of the patterns' alternation
    (one scan of the line instead of one per pattern). Patterns that refer to groups by
    number, or that an alternation cannot hold (global flags, repeated group names), are
    searched one by one."""

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        self.patterns = patterns
        self.joined: re.Pattern[str] | None = None
        joinable = len(patterns) > 1 and len({p.flags for p in patterns}) == 1
        if joinable and not any(_BY_NUMBER.search(p.pattern) for p in patterns):
            try:
                self.joined = re.compile(
                    "|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags
                )
            except re.error:
                self.joined = None
        # the one pattern polars searches for `many` (only without flags beyond UNICODE)
        one = (
            self.joined
            if self.joined is not None
            else (patterns[0] if len(patterns) == 1 else None)
        )
        self._polars: str | None = (
            one.pattern if one is not None and one.flags == re.UNICODE else None
        )

    def __call__(self, text: str) -> bool:
        if self.joined is not None:
            return self.joined.search(text) is not None
        return any(p.search(text) for p in self.patterns)

    def many(self, texts: list[str]) -> list[bool]:
        """`self(text)` for every text. Texts of printable ASCII (most folded lines) are
        searched by polars' regex engine, all at once; on them its classes (`\\w`, `\\b`,
        `\\s`, `\\d`) mean what Python's mean. Other texts are searched here."""
        out = [False] * len(texts)
        if not self.patterns:
            return out
        plain = [i for i, t in enumerate(texts) if _PRINTABLE_ASCII.fullmatch(t)]
        hits = self._polars_hits([texts[i] for i in plain]) if len(plain) >= _MANY_MIN else None
        if hits is not None:
            for i, hit in zip(plain, hits, strict=True):
                out[i] = hit
            done = set(plain)
            rest = [i for i in range(len(texts)) if i not in done]
        else:
            rest = list(range(len(texts)))
        for i in rest:
            out[i] = self(texts[i])
        return out

    def _polars_hits(self, texts: list[str]) -> list[bool] | None:
        """The pattern searched in every text by polars; None when polars cannot compile it
        (then Python searches)."""
        if self._polars is None:
            return None
        import polars as pl

        try:
            hits = pl.Series(texts, dtype=pl.String).str.contains(self._polars)
        except pl.exceptions.ComputeError:
            self._polars = None
            return None
        return [bool(h) for h in hits.to_list()]


@dataclass(frozen=True)
class Markers:
    nav_lines: frozenset[str]
    nav_patterns: tuple[re.Pattern[str], ...]
    related_patterns: tuple[re.Pattern[str], ...]
    related_blocks: frozenset[str]
    tail_blocks: frozenset[str]
    caption_patterns: tuple[re.Pattern[str], ...]
    byline_patterns: tuple[re.Pattern[str], ...]
    gambling_strong: Lexicon
    gambling_weak: Lexicon
    gambling_news: Lexicon
    gambling_news_min: int

    def __post_init__(self) -> None:
        # each pattern list as one search (the lists are fields; these are derived from them)
        for name in ("nav_patterns", "related_patterns", "caption_patterns", "byline_patterns"):
            object.__setattr__(self, f"_{name}_any", AnySearch(getattr(self, name)))

    def is_nav(self, folded: str) -> bool:
        return folded in self.nav_lines or self._nav_patterns_any(folded)

    def many(self, kind: str, folded: list[str]) -> list[bool]:
        """`is_nav`, `related`, `caption` or `byline` (`kind`) of every text, searched at
        once (`AnySearch.many`)."""
        found = getattr(self, f"_{kind}_patterns_any").many(folded)
        if kind == "nav":
            return [hit or text in self.nav_lines for text, hit in zip(folded, found, strict=True)]
        return found

    def related(self, folded: str) -> bool:
        """Whether a `fold_words` line matches a related-block pattern."""
        return self._related_patterns_any(folded)

    def caption(self, folded: str) -> bool:
        return self._caption_patterns_any(folded)

    def byline(self, folded: str) -> bool:
        return self._byline_patterns_any(folded)

    def gambling_hits(self, line: str, folded: str | None = None) -> tuple[int, int]:
        """(strong, weak) distinct gambling terms in a line as written — not a folded line:
        the diacritics decide ("lô đề" is lottery, "lo để" is not). `folded` is the line's
        `fold_words` form when the caller already has it."""
        folded = fold_words(line) if folded is None else folded
        gates = (self.gambling_strong.gate, self.gambling_weak.gate)
        if all(g is not None and not g.search(folded) for g in gates):
            return 0, 0  # most lines: no term folded, so none as written either
        exact = lower_nfc(line)
        return (
            len(self.gambling_strong.find(exact, folded)),
            len(self.gambling_weak.find(exact, folded)),
        )


def _read_toml(path: Path | str, what: str) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise PagevetError(
            f"{what} file {path} does not exist: fix the path in the recipe"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise PagevetError(f"{what} file {path} is not valid TOML: {exc}") from None


def _builtin(name: str) -> dict:
    return tomllib.loads(resources.files("pagevet.data").joinpath(name).read_text("utf-8"))


def _compile(patterns: list[str], source: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for p in patterns:
        try:
            compiled.append(re.compile(p))
        except re.error as exc:
            raise PagevetError(f"bad regular expression {p!r} in {source}: {exc}") from None
    return tuple(compiled)


def _has_top_level_bar(term: str) -> bool:
    """Whether `term` is itself an alternation outside any group ("ab|cd")."""
    depth, escaped, in_class = 0, False, False
    for ch in term:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            return True
    return False


def _alternation(terms: list[str], source: str) -> re.Pattern[str] | None:
    """One pattern for all terms, on word boundaries. Terms that open with the same literal
    character share a branch (`x(?:sm|o so)`): Python's engine then tries a few branches per
    position instead of every term, twice as fast on long lines, with the same matches."""
    if not terms:
        return None
    groups: dict[str, list[str]] = {}
    loose: list[str] = []
    for term in terms:
        if (
            term[:1].isalnum()
            and term[1:2] not in ("?", "*", "+", "{")
            and not (_has_top_level_bar(term))
        ):
            groups.setdefault(term[0], []).append(term[1:])
        else:
            loose.append(term)
    branches = [
        re.escape(first) + "(?:" + "|".join(f"(?:{rest})" for rest in rests) + ")"
        for first, rests in groups.items()
    ] + [f"(?:{term})" for term in loose]
    return _compile([r"\b(?:" + "|".join(branches) + r")\b"], source)[0]


def _lexicon(terms: list[str], blank: list[str], source: str) -> Lexicon:
    """Plain-ASCII terms match folded text, the others NFC lower-cased text (see Lexicon)."""

    def spaced(term: str) -> str:
        return nfc(term).lower().replace(" ", r"\s+")

    exact = [spaced(t) for t in terms if not t.isascii()]
    folded = [t.lower() for t in terms if t.isascii()]
    return Lexicon(
        exact=_alternation(exact, source),
        folded=_alternation(folded, source),
        blank_exact=_alternation([spaced(t) for t in blank], source),
        blank_folded=_alternation(sorted({fold_ascii(t) for t in blank}), source),
        gate=_alternation(list(dict.fromkeys(fold_ascii(t) for t in terms)), source),
    )


_GAMBLING_LISTS = ("strong", "weak", "news", "not_gambling")


@lru_cache(maxsize=16)
def load_markers(extra: tuple[str, ...] = ()) -> Markers:
    """The built-in lexicons plus the entries of each extra TOML file (same tables)."""
    markers, gambling = _builtin("markers.toml"), _builtin("gambling.toml")
    for path in extra:
        data = _read_toml(path, "marker")
        for table, values in data.items():
            if table in _GAMBLING_LISTS:
                gambling[table] = [*gambling.get(table, []), *values]
                continue
            if not isinstance(values, dict):
                raise PagevetError(
                    f"marker file {path}: [{table}] must be a table with lists "
                    "(nav.lines, nav.patterns, related.patterns, blocks.related, blocks.tail, "
                    "caption.patterns, byline.patterns, strong, weak, news, not_gambling)"
                )
            for key, items in values.items():
                markers.setdefault(table, {}).setdefault(key, [])
                markers[table][key] = [*markers[table][key], *items]
    src = "markers.toml"
    blank = list(gambling.get("not_gambling", []))
    return Markers(
        nav_lines=frozenset(fold_line(x) for x in markers["nav"]["lines"]),
        nav_patterns=_compile(markers["nav"]["patterns"], src),
        related_patterns=_compile(markers["related"]["patterns"], src),
        related_blocks=frozenset(fold_line(x) for x in markers["blocks"]["related"]),
        tail_blocks=frozenset(fold_line(x) for x in markers["blocks"]["tail"]),
        caption_patterns=_compile(markers["caption"]["patterns"], src),
        byline_patterns=_compile(markers["byline"]["patterns"], src),
        gambling_strong=_lexicon(gambling["strong"], blank, "gambling.toml"),
        gambling_weak=_lexicon(gambling["weak"], blank, "gambling.toml"),
        gambling_news=_lexicon(gambling["news"], [], "gambling.toml"),
        gambling_news_min=int(gambling.get("news_min_terms", 3)),
    )
