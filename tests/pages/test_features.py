"""Line features over a batch of pages (pages written for these tests)."""

import polars as pl
import pytest

from pagevet.pages.features import FEATURES, line_features, pages_frame
from pagevet.pages.markers import load_markers

PARA = (
    "The council voted on Tuesday to build forty kilometres of protected cycling lanes over "
    "the next three years, officials said after a long debate."
)


@pytest.fixture(scope="module")
def feats() -> pl.DataFrame:
    texts = [
        f"Home\nNews\nSport\nCycling lanes approved\n\n{PARA}\nRead more\nCopyright Example News",
        f"Home\nNews\nSport\nBus fares rise\n\n{PARA.replace('council', 'city')}\nCopyright Example News",
        "Lone page\n\nA single line of text.",
    ]
    frame = pages_frame(
        texts,
        sources=["example.com", "example.com", None],
        urls=["https://example.com/2024/cycling-lanes-approved", None, None],
    )
    return line_features(frame, load_markers())


def test_one_row_per_line_and_no_features_on_blank_lines(feats):
    assert feats.height == 8 + 7 + 3
    blank = feats.filter(pl.col("blank"))
    assert blank.height == 3
    assert blank.select(pl.col(FEATURES[0]).is_null().all()).item()
    assert feats.filter(~pl.col("blank")).select(pl.col(list(FEATURES)).is_null().any()).sum_horizontal().item() == 0


def row(feats, page, n):
    return feats.filter((pl.col("page") == page) & (pl.col("n") == n)).row(0, named=True)


def test_template_lines_are_counted_per_source(feats):
    assert row(feats, 0, 0)["template_share"] == 1.0  # "Home" on both pages of the site
    assert row(feats, 0, 7)["template_share"] == 1.0  # the copyright line
    assert row(feats, 0, 3)["template_share"] == 0.0  # the headline is the page's own
    assert row(feats, 2, 0)["template_share"] == 0.0  # no source: a source of its own


def test_markers_structure_and_slug(feats):
    assert row(feats, 0, 6)["nav_hit"] == 1.0 and row(feats, 0, 6)["tail_hit"] == 1.0
    para = row(feats, 0, 5)
    assert para["end_sentence"] == 1.0 and para["words_log"] > 3
    assert row(feats, 0, 3)["slug_recall"] == 1.0  # "Cycling lanes approved" spells the slug
    assert row(feats, 0, 0)["short_run_log"] > row(feats, 0, 5)["short_run_log"]
    assert row(feats, 0, 4)["blank"]


def test_empty_batch_and_odd_text():
    frame = pages_frame(["", "\u200b\n\ufffd\x00"])
    out = line_features(frame, load_markers())
    assert out.height == 3
