"""A parse worker's memory does not grow with the pages it has parsed.

Worker processes parse batch after batch for the whole crawl: anything the parser keeps from
one page to the next (caches keyed by line) must stay bounded, or a worker grows with the crawl
(it did: token caches of 65,536 lines grew a worker from 300 to 700 MB over 14,000 pages).
Measured with tracemalloc (Python allocations, not time)."""

from __future__ import annotations

import gc
import tracemalloc

from pagevet.pages.parse import PageInput, ParseParams, parse_pages
from pagevet.pages.title import TOKEN_CACHE_LINES, _folded_tokens, _long_tokens
from samplegen import generate_pages

BATCH = 64


def _inputs(batch: list) -> list[PageInput]:
    return [
        # a fresh copy of the text, as a worker gets it (polars caches a str's UTF-8 form in
        # the str: the test's own pages would grow otherwise)
        PageInput(text=p.text.encode().decode(), url=p.url, source=p.source, path=p.path)
        for p in batch
    ]


def test_parsing_more_new_pages_keeps_memory_flat() -> None:
    pages = generate_pages(16 * BATCH, seed=23)
    params = ParseParams()

    def parse(first: int, last: int) -> None:
        for i in range(first * BATCH, last * BATCH, BATCH):
            # inputs made per batch, as a worker receives them, and dropped after
            parse_pages(_inputs(pages[i : i + BATCH]), params)

    parse(0, 1)  # models and lexicons load
    # traced from before the caches fill, so what they hold is traced before and after
    tracemalloc.start()
    try:
        parse(1, 8)  # bounded caches fill
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        parse(8, 16)
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    grown = (after - before) / 2**20
    # 512 more pages of new articles: with token caches of 65,536 lines this grew by ~20 MiB;
    # bounded caches are full before it starts
    assert grown < 7, f"parsing {8 * BATCH} more pages kept {grown:.1f} MiB"
    assert _folded_tokens.cache_info().currsize <= TOKEN_CACHE_LINES
    assert _long_tokens.cache_info().currsize <= TOKEN_CACHE_LINES
