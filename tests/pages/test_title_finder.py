"""The title finder: a confident headline or none, never a menu item (pages written here)."""

from __future__ import annotations

import numpy as np

from pagevet.pages.parse import parse_page
from pagevet.pages.title import accepts

WEIGHTS = {"threshold": 0.5, "threshold_low": 0.25, "margin": 16.0}

MENU = ["Trang chủ", "Thời sự", "Thế giới", "Kinh tế", "Thể thao", "Giải trí", "Du lịch"]
LEAD = (
    "Sáng thứ Hai, ban quản lý cảng cho biết bến phà mới sẽ đi vào hoạt động vào mùa xuân, "
    "chậm hai năm so với kế hoạch, sau tranh chấp về chi phí nạo vét luồng tàu."
)
BODY = (
    "Nhiều hộ kinh doanh ở khu phố cổ từng hy vọng bến phà sẽ đưa thêm du khách đến, và một số "
    "người cho biết việc chậm trễ đã khiến họ mất trọn một mùa hè."
)


def test_accepts_a_high_score_or_a_clear_winner():
    assert accepts(np.array([0.7, 0.2]), WEIGHTS)
    # modest, but far above every other candidate
    assert accepts(np.array([0.3, 0.01, 0.002]), WEIGHTS)
    # modest and close to the runner-up: a menu item among menu items
    assert not accepts(np.array([0.3, 0.1]), WEIGHTS)
    assert not accepts(np.array([0.2, 0.001]), WEIGHTS)  # under the low bar
    assert not accepts(np.array([]), WEIGHTS)
    # a model without the low bar: the threshold alone
    assert not accepts(np.array([0.3, 0.0]), {"threshold": 0.5})


def test_the_headline_under_a_menu_is_the_title():
    headline = "Bến phà mới lùi ngày khai trương đến mùa xuân vì tranh chấp nạo vét"
    page = parse_page("\n".join([*MENU, headline, "", LEAD, "", BODY]))
    assert page.title == headline
    assert page.title_from == "page"
    assert page.title_line == len(MENU) + 1
    assert page.roles[: len(MENU)] == ["nav"] * len(MENU)
    assert 0.0 < page.title_confidence <= 1.0


def test_a_page_of_menu_items_has_no_title():
    page = parse_page("\n".join(MENU))
    assert page.title is None and page.title_confidence is None
    assert "title" not in page.roles


def test_a_metadata_title_wins_and_is_certain():
    page = parse_page("\n".join([*MENU, "", LEAD]), title="Bến phà lùi ngày khai trương")
    assert (page.title, page.title_from, page.title_confidence) == (
        "Bến phà lùi ngày khai trương",
        "metadata",
        1.0,
    )


# --- the finder's context features and the gold-title matching (session 4) -------------------

from pagevet.pages.title import (  # noqa: E402
    TITLE_FEATURES,
    candidate_features,
    gold_title_match,
    score_candidates,
    site_name_key,
    title_variants,
)


def test_site_name_key_is_the_registered_name_of_the_host():
    assert site_name_key("https://www.nytimes.com/2019/11/19/a.html") == "nytimes"
    assert site_name_key("http://film.theguardian.co.uk/features/x") == "theguardian"
    assert site_name_key("https://m.example-tribune.com.vn/a") == "exampletribune"
    assert site_name_key(None) == ""


def test_title_variants_keep_the_headline_side_of_each_separator():
    v = title_variants("Ferry opening slips to spring | Local | Example Tribune")
    assert "ferry opening slips to spring" in v
    # the shorter side (a site or section name) is never a variant: a page line showing the
    # site's name is not its title
    assert "example tribune" not in v and "local" not in v
    assert "ferry opening slips to spring" in title_variants(
        "Tribune: Ferry opening slips to spring"
    )
    assert title_variants("Opinion | Ferry opening slips to spring - Example Tribune") >= {
        "ferry opening slips to spring"}  # fmt: skip


def test_a_gold_title_cut_at_a_quote_matches_the_headline_it_starts():
    assert gold_title_match("The Port's New Ferry Opens in Spring", "The Port")
    assert gold_title_match("The Port’s New Ferry Opens in Spring", "The Port")
    # not any line that merely starts like the gold title
    assert not gold_title_match("The Port Authority report", "The Port")
    assert not gold_title_match("The Port's New Ferry", "Port")  # a one-word cut proves nothing
    assert not gold_title_match(None, "The Port")


def _cols(lines: list[str], content_p: list[float]) -> dict[str, np.ndarray]:
    k = len(lines)
    words = np.array([len(x.split()) for x in lines], dtype=np.float64)
    zeros = np.zeros(k)
    return {
        "n": np.arange(k), "words_log": np.log1p(words), "slug_recall": zeros,
        "title_agree": zeros, "nav_hit": zeros, "template_any": zeros, "rule_nav": zeros,
        "short_run_log": zeros, "capword_share": zeros, "digit_share": zeros,
        "content_p": np.array(content_p), "index_log": np.log1p(np.arange(k, dtype=float)),
        "rule_title": zeros, "repeated_in_page": zeros,
        "end_sentence": np.array([float(x.endswith(".")) for x in lines]),
    }  # fmt: skip


def test_context_features_tell_a_headline_from_the_site_name_and_a_menu_item():
    lines = [
        "Example Tribune",
        "Sports and leisure",
        "Ferry opening slips to spring after dredging dispute",
        "The port authority said on Monday that the new ferry terminal will open in spring, "
        "two years late, after a dispute over the cost of dredging.",
        "Traders had hoped the ferry would bring visitors; the dredging dispute cost them a summer.",
    ]
    cols = _cols(lines, [0.1, 0.1, 0.3, 0.95, 0.95])
    content = np.array([False, False, False, True, True])
    keep, x = candidate_features(cols, lines, 3, False, False, content,
                                 "https://www.exampletribune.com/ferry")  # fmt: skip
    assert x.shape == (keep.size, len(TITLE_FEATURES))
    row = {int(k): dict(zip(TITLE_FEATURES, r, strict=True)) for k, r in zip(keep, x, strict=True)}
    assert row[0]["site_name"] == 1.0 and row[2]["site_name"] == 0.0
    # the headline's words come back in the article; the menu item's do not
    assert row[2]["body_recall"] > 0.5 > row[1]["body_recall"]
    assert row[2]["body_recall_rank"] == 0.0
    assert row[2]["next_prose"] == 1.0 and row[1]["next_prose"] == 0.0
    assert row[2]["headlines_between"] == 0.0 and row[1]["headlines_between"] == 1.0


def test_a_finder_fitted_on_other_features_is_refused_by_name():
    import pytest

    with pytest.raises(ValueError, match="title finder"):
        score_candidates(np.zeros((2, 3)), {"features": ["a", "b", "c"], "mean": [0] * 3,
                                            "std": [1] * 3, "coef": [0] * 3, "intercept": 0})  # fmt: skip


def test_the_site_name_above_the_headline_is_not_the_title():
    headline = "Bến phà mới lùi ngày khai trương đến mùa xuân vì tranh chấp nạo vét luồng"
    page = parse_page(
        "\n".join(["Báo Cảng Biển", *MENU, headline, "", LEAD, "", BODY]),
        url="https://www.baocangbien.vn/ben-pha-moi-lui-ngay-khai-truong-123.html",
    )
    assert page.title == headline
