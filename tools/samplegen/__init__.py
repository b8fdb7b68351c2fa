"""The generator of the bundled synthetic sample (`datasets/sample-news`) and of larger
benchmark crawls. A development tool, not part of the `pagevet` package: tests import it with
`tools/` on the path (pytest's `pythonpath`), `scripts/make_sample_pages.py` runs it.

Its word lists are data files in `vocab/`; the code that assembles pages is `generator.py`.
"""

from samplegen.generator import (
    MIN_PAGES,
    SAMPLE_PAGES,
    SAMPLE_SEED,
    SITES,
    SamplePage,
    Site,
    generate_pages,
    summarize,
    write_sample,
)

__all__ = [
    "MIN_PAGES",
    "SAMPLE_PAGES",
    "SAMPLE_SEED",
    "SITES",
    "SamplePage",
    "Site",
    "generate_pages",
    "summarize",
    "write_sample",
]
