"""Marker lexicons (data files users can extend) compiled for line classification."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pagevet.errors import PagevetError
from pagevet.text.fold import fold_ascii

_EDGE_PUNCT = " \t\u00a0.:;,!-–—|>»«•*#·/\\()[]{}\"'“”‘’…"
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")


def fold_line(line: str) -> str:
    """A line as markers see it: folded, inner whitespace collapsed, edge punctuation trimmed."""
    line = _INVISIBLE.sub("", line).translate(_QUOTES)
    return _SPACES.sub(" ", fold_ascii(line)).strip(_EDGE_PUNCT)


@dataclass(frozen=True)
class Markers:
    nav_lines: frozenset[str]
    nav_patterns: tuple[re.Pattern[str], ...]
    related_patterns: tuple[re.Pattern[str], ...]
    related_blocks: frozenset[str]
    tail_blocks: frozenset[str]
    caption_patterns: tuple[re.Pattern[str], ...]
    byline_patterns: tuple[re.Pattern[str], ...]
    gambling_strong: re.Pattern[str]
    gambling_weak: re.Pattern[str]
    gambling_news: re.Pattern[str]
    gambling_news_min: int

    def is_nav(self, folded: str) -> bool:
        return folded in self.nav_lines or any(p.search(folded) for p in self.nav_patterns)

    def gambling_hits(self, folded: str) -> tuple[int, int]:
        """(strong, weak) distinct gambling terms in a folded line."""
        strong = {m.group(0) for m in self.gambling_strong.finditer(folded)}
        weak = {m.group(0) for m in self.gambling_weak.finditer(folded)}
        return len(strong), len(weak)


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


def _alternation(terms: list[str], source: str) -> re.Pattern[str]:
    return _compile([r"\b(?:" + "|".join(f"(?:{t})" for t in terms) + r")\b"], source)[0]


@lru_cache(maxsize=16)
def load_markers(extra: tuple[str, ...] = ()) -> Markers:
    """The built-in lexicons plus the entries of each extra TOML file (same tables)."""
    markers, gambling = _builtin("markers.toml"), _builtin("gambling.toml")
    for path in extra:
        data = _read_toml(path, "marker")
        for table, values in data.items():
            target = gambling if table in ("strong", "weak", "news") else markers
            if table in ("strong", "weak", "news"):
                target[table] = [*target.get(table, []), *values]
                continue
            if not isinstance(values, dict):
                raise PagevetError(
                    f"marker file {path}: [{table}] must be a table with lists "
                    "(nav.lines, nav.patterns, related.patterns, blocks.related, blocks.tail, "
                    "caption.patterns, byline.patterns, strong, weak, news)"
                )
            for key, items in values.items():
                target.setdefault(table, {}).setdefault(key, [])
                target[table][key] = [*target[table][key], *items]
    src = "markers.toml"
    return Markers(
        nav_lines=frozenset(fold_line(x) for x in markers["nav"]["lines"]),
        nav_patterns=_compile(markers["nav"]["patterns"], src),
        related_patterns=_compile(markers["related"]["patterns"], src),
        related_blocks=frozenset(fold_line(x) for x in markers["blocks"]["related"]),
        tail_blocks=frozenset(fold_line(x) for x in markers["blocks"]["tail"]),
        caption_patterns=_compile(markers["caption"]["patterns"], src),
        byline_patterns=_compile(markers["byline"]["patterns"], src),
        gambling_strong=_alternation(gambling["strong"], "gambling.toml"),
        gambling_weak=_alternation(gambling["weak"], "gambling.toml"),
        gambling_news=_alternation(gambling["news"], "gambling.toml"),
        gambling_news_min=int(gambling.get("news_min_terms", 3)),
    )
