"""The title finder: a confident headline or none, never a menu item (pages written here)."""

from __future__ import annotations

import numpy as np
import pytest

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
    page_candidates,
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


# --- metadata titles: the site's name goes, the headline stays (session 5) -------------------


def test_the_site_name_at_either_end_of_a_metadata_title_goes():
    from pagevet.pages.title import strip_site_name

    url = "https://www.dailyexample.co.uk/news/harbour-ferry-delayed"
    headline = "Harbour ferry delayed until spring"
    for title in (
        f"{headline} | Daily Example",
        f"{headline} - DailyExample.co.uk",
        f"Daily Example: {headline}",
        f"DAILY EXAMPLE » {headline}",
        f"Daily Example | {headline} | Daily Example News",
    ):
        assert strip_site_name(title, url) == headline, title
    # the page's source names the site when its host does not
    assert strip_site_name(f"{headline} – Tin Nhanh", None, "tinnhanh") == headline
    assert strip_site_name(f"{headline} :: Tin Nhanh Online", "https://tinnhanh.vn/a/b") == headline


def test_a_metadata_title_keeps_what_does_not_name_the_site():
    from pagevet.pages.title import strip_site_name

    url = "https://www.dailyexample.co.uk/news/a"
    # a section or a subtitle is not the site: it stays
    assert strip_site_name("Brexit: what happens next", url) == "Brexit: what happens next"
    assert strip_site_name("Ferry delayed - Business", url) == "Ferry delayed - Business"
    # a headline that starts with the site's name is not cut to nothing or to its tail
    assert strip_site_name("Daily Example", url) == "Daily Example"
    assert strip_site_name("Ferries - Daily Example staff vote to strike over pay", url) == (
        "Ferries - Daily Example staff vote to strike over pay"
    )
    # no URL, no source: nothing is known of the site, the title is only trimmed
    assert strip_site_name("  Ferry delayed | Daily Example ", None) == (
        "Ferry delayed | Daily Example"
    )
    assert strip_site_name(None, url) is None


def test_a_metadata_title_loses_the_site_name_and_finds_its_headline_line():
    url = "https://www.dailyexample.co.uk/news/ferry-delayed"
    headline = "Bến phà mới lùi ngày khai trương đến mùa xuân"
    text = "\n".join([*MENU, headline, "", LEAD, "", BODY])
    page = parse_page(text, title=f"{headline} | Daily Example", url=url)
    assert (page.title, page.title_from, page.title_confidence) == (headline, "metadata", 1.0)
    assert page.title_line == len(MENU) + 1 and page.roles[len(MENU)] == "title"
    # "Headline | Section | Site": the section is not the site, but the page shows the
    # headline alone, so the title is the headline as shown
    page = parse_page(text, title=f"{headline} | Giao thông | Daily Example", url=url)
    assert page.title == headline and page.title_line == len(MENU) + 1


def test_a_metadata_title_cut_at_a_quote_mark_takes_the_headline_it_starts():
    headline = "The Harbour Master's Plan for the Ferry Pier Is Two Years Late"
    lead = (
        "The harbour authority said on Monday that the new ferry pier would open in spring, "
        "two years later than planned, after a dispute over dredging costs."
    )
    text = "\n".join(["Home", "News", "Sport", headline, "", lead, "", lead.upper()])
    page = parse_page(text, title="The Harbour Master", url="https://example.org/a/b")
    assert page.title == headline and page.title_from == "metadata"
    assert page.title_line == 4 and page.roles[3] == "title"


def test_what_lies_around_a_candidate_tells_a_headline():
    lines = [
        "Home", "News", "Sport", "Weather", "Local",
        "FERRIES",
        "Ferry opening slips to spring after dredging dispute",
        "By Jane Roe | 12 March 2024, 10:42",
        "The port authority said on Monday that the new ferry terminal will open in spring, "
        "two years late, after a dispute over the cost of dredging.",
        "Traders had hoped the ferry would bring visitors; the dredging dispute cost them a summer.",
    ]  # fmt: skip
    cols = _cols(lines, [0.1] * 8 + [0.95, 0.95])
    cols["short_run_log"] = np.array([np.log1p(5)] * 5 + [0.0] * 5)
    content = np.array([False] * 8 + [True, True])
    keep, x = candidate_features(cols, lines, 8, False, False, content, None)
    row = {int(k): dict(zip(TITLE_FEATURES, r, strict=True)) for k, r in zip(keep, x, strict=True)}
    headline, label, menu = row[6], row[5], row[2]
    # a credit/date line follows the headline, not the menu item
    assert headline["next_meta"] == 1.0 and menu["next_meta"] == 0.0
    assert row[8]["prev_meta"] == 1.0 and headline["prev_meta"] == 0.0
    # its words come back in the lead
    assert headline["lead_recall"] > 0.5 > menu["lead_recall"]
    # the section label shouts
    assert label["upper_share"] == 1.0 and headline["upper_share"] < 0.2
    # the first line of three words or more after the menu run
    assert headline["first_after_menu"] == 1.0
    assert (
        label["first_after_menu"] == menu["first_after_menu"] == row[9]["first_after_menu"] == 0.0
    )


def test_a_wide_window_reaches_a_headline_far_above_the_lead():
    from pagevet.pages.title import WINDOW

    lines = (
        ["Headline far above the article"]
        + [f"Teaser link {i}" for i in range(20)]
        + ["The port authority said on Monday that the new ferry terminal will open in spring."]
    )
    cols = _cols(lines, [0.1] * 21 + [0.95])
    content = np.array([False] * 21 + [True])
    keep, _ = candidate_features(cols, lines, 21, False, False, content, None)
    assert WINDOW >= 21 and 0 in keep.tolist()


# --- gold titles without the site's shared name (session 6) ---------------------------------


def test_a_site_name_its_pages_titles_share_is_not_part_of_the_gold_title():
    from pagevet.pages.title import gold_title_match, strip_shared_ends

    titles = [
        "Ferry delayed until spring — Harbour Notes Blog",
        "Pier repairs start in May — Harbour Notes Blog",
        "Harbour Notes: Dredging dispute settled",
        "Harbour Notes: New ferry timetable",
        "A headline of its own",
        None,
    ]
    assert strip_shared_ends(titles) == [
        "Ferry delayed until spring",
        "Pier repairs start in May",
        "Dredging dispute settled",
        "New ferry timetable",
        "A headline of its own",
        None,
    ]
    # so the blog's name on the page no longer passes for the page's title
    gold = strip_shared_ends(titles)[0]
    assert not gold_title_match("Harbour Notes Blog", gold)
    assert gold_title_match("Ferry delayed until spring", gold)
    # one page of a site: nothing is shared, nothing goes
    assert strip_shared_ends(["Ferry delayed - Harbour Notes"]) == ["Ferry delayed - Harbour Notes"]


# --- word counts back from words_log (session 7) ---------------------------------------------


def test_word_counts_are_whole_and_the_headline_minimum_is_explicit(monkeypatch):
    import pagevet.pages.title as title_module
    from pagevet.pages.title import line_words

    # exp(log1p(2)) - 1 is 1.9999999999999996: a two-word line must still count two words
    assert np.exp(np.log1p(2.0)) - 1 < 2
    lines = [
        "Home", "News", "Sport", "Weather",
        "Ferry delayed",
        "Ferry opening slips to spring",
        "The port authority said on Monday that the new ferry terminal will open in spring, "
        "two years late, after a dispute over the cost of dredging.",
    ]  # fmt: skip
    cols = _cols(lines, [0.1] * 6 + [0.95])
    assert line_words(cols).tolist() == [1, 1, 1, 1, 2, 5, 26]
    content = np.array([False] * 6 + [True])

    def title_like() -> dict[int, float]:
        keep, x = candidate_features(cols, lines, 6, False, False, content, None)
        col = TITLE_FEATURES.index("title_like")
        return {int(k): float(r[col]) for k, r in zip(keep, x, strict=True)}

    # the shipped minimum: three words (two-word lines are menu items more often than titles)
    assert title_module.TITLE_MIN_WORDS == 3
    got = title_like()
    assert got[5] == 1.0 and got[4] == 0.0 and got[1] == 0.0
    # the minimum is what decides, not a rounding accident: at 2 the two-word line counts
    monkeypatch.setattr(title_module, "TITLE_MIN_WORDS", 2)
    got = title_like()
    assert got[4] == 1.0 and got[5] == 1.0 and got[1] == 0.0


# --- the page's confidence: its best score, or a calibration that reads the gap (session 7) ---


def test_a_clear_winner_is_surer_than_a_near_tie_with_the_same_best_score():
    from pagevet.pages.title import CONFIDENCE_INPUTS, confidence_inputs, title_confidence

    cal = {"inputs": list(CONFIDENCE_INPUTS), "coef": [4.0, 6.0, -0.5], "intercept": -4.0}
    weights = {"confidence": cal}
    clear, tie = np.array([0.85, 0.05, 0.01]), np.array([0.85, 0.8, 0.01])
    assert confidence_inputs(clear).tolist() == pytest.approx([0.85, 0.8, np.log1p(3)])
    assert confidence_inputs(np.array([0.4])).tolist() == pytest.approx([0.4, 0.4, np.log1p(1)])
    sure, unsure = title_confidence(clear, weights), title_confidence(tie, weights)
    assert 0.0 < unsure < sure < 1.0
    # the order of the scores does not matter
    assert title_confidence(clear[::-1], weights) == pytest.approx(sure)
    # without a calibration (the shipped finder): the best score itself
    assert title_confidence(clear, {}) == title_confidence(tie, {}) == 0.85
    assert title_confidence(np.zeros(0), weights) is None
    with pytest.raises(ValueError, match="CONFIDENCE_INPUTS"):
        title_confidence(clear, {"confidence": {**cal, "inputs": ["top"]}})


def test_the_calibration_is_fitted_only_when_asked_and_reads_the_gap():
    from pagevet.pages.title import title_confidence
    from pagevet.pages.training import fit_title

    rng = np.random.default_rng(0)
    xs, ys, ids = [], [], []
    for page in range(120):
        # the title stands out on even pages; a near-tie with a menu item on odd pages
        k = 4
        x = rng.normal(0.0, 1.0, (k, len(TITLE_FEATURES)))
        y = np.zeros(k, dtype=np.int8)
        y[0] = 1
        x[0, 0] += 4.0 if page % 2 == 0 else 0.5
        xs.append(x)
        ys.append(y)
        ids.append(np.full(k, page))
    x, y, pages = np.vstack(xs), np.concatenate(ys), np.concatenate(ids)
    plain = fit_title(x, y, pages, 120, "softmax")
    assert "confidence" not in plain
    cal = fit_title(x, y, pages, 120, "softmax", calibrate=True)
    assert cal["coef"] == plain["coef"] and cal["threshold"] == plain["threshold"]
    c = cal["confidence"]
    assert c["inputs"] == ["top", "gap", "candidates_log"] and len(c["coef"]) == 3
    # a clear winner is right more often than a near-tie: the gap counts
    assert c["coef"][1] > 0
    clear, tie = np.array([0.9, 0.1]), np.array([0.9, 0.85])
    assert title_confidence(clear, cal) > title_confidence(tie, cal)


def _parsed_cols(text: str, url: str | None):
    """The title finder's inputs for one page, as the parser builds them."""
    from pagevet.pages.markers import load_markers
    from pagevet.pages.parse import (
        LineMemo,
        PageInput,
        ParseParams,
        feature_pass,
        model_pass,
        rule_pass,
    )

    params = ParseParams()
    markers = params.resolved_markers()
    page = PageInput(text, None, url, None, None, None)
    rule = rule_pass(text, None, markers, LineMemo(markers))
    features = feature_pass([page], [rule], markers or load_markers())
    _, cols = model_pass(features, params.resolved_model())
    return rule, cols[0]


def test_title_features_from_the_parsers_folds_and_line_features_equal_computing_them_here():
    """The parser hands the title finder its rule pass's folded lines and the `upper_share`
    line feature instead of folding and counting letters again: the features must not move."""
    from pagevet.pages.title import _upper_share

    text = "\n".join(
        [
            "TRANG CHỦ | THỜI SỰ | GÓC NHÌN",
            "Đường sắt tốc độ cao qua Hà Nội khởi công vào tháng 12",
            "Cập nhật 10:05 ngày 3/11/2026",
            "Bộ Giao thông Vận tải cho biết đoạn đầu tiên của tuyến đường sắt sẽ khởi công "
            "vào tháng 12, sau hai năm chuẩn bị mặt bằng.",
            "ĐỌC THÊM: Ga Ngọc Hồi mở rộng %C4%90ường",
            "Tuyến đường sắt dài 1.541 km, đi qua 20 tỉnh, thành phố; Hà Nội là điểm đầu.",
            "Ǆemal Straße — ΑΘΗΝΑ Ⅻ",
        ]
    )
    rule, cols = _parsed_cols(text, "https://vnexample.vn/duong-sat-toc-do-cao-qua-ha-noi")
    s = rule.lines.s
    order = cols["n"].astype(int)
    assert np.array_equal(cols["upper_share"], [_upper_share(s[i]) for i in order])
    content = cols["content_p"] >= 0.5
    with_folds = page_candidates(cols, s, content, None, folded=rule.lines.f)
    without = {k: v for k, v in cols.items() if k != "upper_share"}
    folded_here = page_candidates(without, s, content, None)
    assert with_folds[0].size > 3
    assert np.array_equal(with_folds[0], folded_here[0])
    assert np.array_equal(with_folds[1], folded_here[1])
