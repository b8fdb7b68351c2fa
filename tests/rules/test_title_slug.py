"""title-slug-mismatch: verdicts, findings and folding, on pages written for these tests."""

from __future__ import annotations

import json
import unicodedata
from urllib.parse import quote

import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pagevet.errors import PagevetError
from pagevet.pages.slugs import (
    EXTRA_LOOKALIKES,
    VERDICTS,
    VERDICTS_SCHEMA,
    slug_matches,
    slug_verdicts,
)
from pagevet.rules.title_slug import RULE
from pagevet.text.fold import fold_ascii, fold_column, slug_of


def pages(*pairs: tuple[str | None, str | None], **params: object) -> pl.DataFrame:
    """Pages with a title and slug, and the slug page fields the pipeline computes."""
    frame = pl.DataFrame(
        {
            "id": [f"p{n}" for n in range(len(pairs))],
            "title": [title for title, _ in pairs],
            "slug": [slug for _, slug in pairs],
            "slug_from": ["url" if slug else None for _, slug in pairs],
        },
        schema={"id": pl.String, "title": pl.String, "slug": pl.String, "slug_from": pl.String},
    )
    return pl.concat([frame, slug_matches(frame, params or None)], how="horizontal")


def verdict(title: str | None, slug: str | None, **params: object) -> tuple[str, float | None]:
    row = slug_verdicts(pages((title, slug)), params or None).row(0, named=True)
    return row["slug_verdict"], row["slug_score"]


def findings(title: str | None, slug: str | None, **params: object) -> list[dict]:
    return RULE.run(pages((title, slug), **params), params or None).to_dicts()


RIVER = "Đồng bằng sông Cửu Long đón mùa nước nổi sớm hơn mọi năm"
RIVER_SLUG = "dong-bang-song-cuu-long-don-mua-nuoc-noi-som-hon-moi-nam"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        pytest.param("Hợp tác xã chè mở rộng vùng trồng hữu cơ",
                     "hop-tac-xa-che-mo-rong-vung-trong-huu-co", id="exact"),
        pytest.param(RIVER, RIVER_SLUG, id="d-stroke-and-diacritics"),
        pytest.param(unicodedata.normalize("NFD", RIVER), RIVER_SLUG, id="nfd-title"),
        pytest.param(RIVER.upper(), RIVER_SLUG, id="all-caps"),
        pytest.param("\u0421hính phủ họp phiên thường kỳ tháng Năm",
                     "chinh-phu-hop-phien-thuong-ky-thang-nam", id="cyrillic-es"),
        pytest.param("Chuyêп gia dự báo mùa mưa bão đến sớm",
                     "chuye\u043f-gia-du-bao-mua-mua-bao-den-som", id="cyrillic-pe-both-sides"),
        pytest.param(RIVER, quote(RIVER.lower().replace(" ", "-")), id="percent-encoded-slug"),
        pytest.param(RIVER, quote(quote(RIVER.lower().replace(" ", "-"))),
                     id="double-percent-encoded-slug"),
        pytest.param(RIVER + " - NuocNoi.Today", RIVER_SLUG, id="site-suffix"),
        pytest.param(RIVER + " | Báo Miền Tây Online", RIVER_SLUG, id="site-suffix-pipe"),
        pytest.param(RIVER + " » mientay.example", RIVER_SLUG, id="site-suffix-guillemet"),
        pytest.param(RIVER + " | Thời sự | Báo Miền Tây", RIVER_SLUG, id="site-and-section-suffix"),
        pytest.param("Báo Miền Tây: " + RIVER, RIVER_SLUG, id="site-prefix"),
        pytest.param("Video: " + RIVER, RIVER_SLUG, id="kicker-prefix"),
        pytest.param("[Góc nhà nông] - " + RIVER, RIVER_SLUG, id="forum-prefix"),
        pytest.param("[Hỏi đáp]" + RIVER, RIVER_SLUG, id="forum-prefix-no-space"),
        pytest.param("[Hỏi đáp] " + RIVER + " - NuocNoi.Today", RIVER_SLUG,
                     id="forum-prefix-and-site-suffix"),
        pytest.param("The Rise of the Mekong Delta Rice Exporters",
                     "rise-mekong-delta-rice-exporters", id="dropped-stop-words"),
        pytest.param("Senators Vote Over the Budget Into the Night",
                     "senators-vote-budget-night", id="english-seo-stop-words"),
        pytest.param("'We're On It': Town Council Is Fixing the Roads",
                     "were-it-town-council-fixing-roads", id="english-contraction"),
        pytest.param("Lò gạch cũ thành điểm check-in của giới trẻ",
                     "lo-gach-cu-thanh-diem-checkin-cua-gioi-tre", id="stop-word-inside-compound"),
        pytest.param(RIVER, RIVER_SLUG + "-20240517093015123", id="timestamp-id"),
        pytest.param(RIVER, RIVER_SLUG + "-post482211", id="post-id"),
        pytest.param(RIVER, RIVER_SLUG + "-d98765.html", id="letter-id-and-extension"),
        pytest.param(RIVER, RIVER_SLUG + "-n-495211.ldo", id="letter-then-id"),
        pytest.param(RIVER, RIVER_SLUG + "_t114c12n24999", id="underscore-id-segment"),
        pytest.param(RIVER, RIVER_SLUG + "-a1b2c3d", id="hash-id"),
        pytest.param(RIVER, "4521-" + RIVER_SLUG, id="leading-id"),
        pytest.param("3 cách giữ rau tươi lâu trong tủ lạnh",
                     "3-cach-giu-rau-tuoi-lau-trong-tu-lanh-3-29061111", id="id-ends-in-title-number"),
        pytest.param("27.000 hộ dân được hỗ trợ sửa nhà sau bão",
                     "27000-ho-dan-duoc-ho-tro-sua-nha-sau-bao-556677", id="leading-number-is-title"),
        pytest.param("Tỉnh trồng mới 1.500 ha rừng phòng hộ ven biển",
                     "tinh-trong-moi-1-500-ha-rung-phong-ho-ven-bien", id="thousands-split"),
        pytest.param("Tỉnh trồng mới 1.500 ha rừng phòng hộ ven biển",
                     "tinh-trong-moi-1500-ha-rung-phong-ho-ven-bien", id="thousands-joined"),
        pytest.param("Ứng dụng PC-Covid cập nhật tính năng mới",
                     "ung-dung-pccovid-cap-nhat-tinh-nang-moi", id="hyphenated-word-joined"),
        pytest.param("Ca sĩ TLinh ra mắt album đầu tay",
                     "ca-si-t-linh-ra-mat-album-dau-tay", id="word-split-in-slug"),
        pytest.param("Giá lúa hôm nay", "gia_lua_hom_nay", id="underscore-separators"),
        pytest.param("Giá lúa hôm nay", "gia+lua+hom+nay", id="plus-separators"),
        pytest.param(RIVER, "video-phong-su-mien-tay-" + RIVER_SLUG, id="kicker-only-in-slug"),
    ],
)  # fmt: skip
def test_renderings_of_the_title_match(title: str, slug: str) -> None:
    assert verdict(title, slug) == ("match", 1.0)
    assert findings(title, slug) == []


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        pytest.param(RIVER, "dong-bang-song-cuu-long-don-mua", id="cut-at-a-word"),
        pytest.param(RIVER, "dong-bang-song-cuu-long-don-mua-nuoc-no-789012", id="cut-mid-word"),
        pytest.param(RIVER + " - NuocNoi.Today", "dong-bang-song-cuu-long", id="cut-with-suffix"),
        pytest.param("Ba món canh chua", "ba-mon", id="short-title-half"),
    ],
)  # fmt: skip
def test_truncated_slugs_are_not_findings(title: str, slug: str) -> None:
    found, score = verdict(title, slug)
    assert found == "truncated"
    assert score is not None and 0 < score < 1
    assert findings(title, slug) == []


def test_truncation_needs_min_tokens_or_share() -> None:
    assert verdict(RIVER, "dong-bang")[0] == "unknown"
    assert verdict(RIVER, "dong-bang", min_slug_tokens=2)[0] == "truncated"
    assert verdict(RIVER, "dong-bang", truncated_share=0.1)[0] == "truncated"


EDITED_TITLE = "Hà Giang khai trương tuyến xe buýt nối các huyện vùng cao"
EDITED_SLUG = "ha-giang-mo-tuyen-xe-buyt-dau-tien-noi-cac-huyen-vung-cao-20240102"


def test_reworded_headline_is_an_edited_warning() -> None:
    found, score = verdict(EDITED_TITLE, EDITED_SLUG)
    assert found == "edited"
    assert score is not None and 0.4 <= score < 1
    [finding] = findings(EDITED_TITLE, EDITED_SLUG)
    assert finding["id"] == "p0"
    assert finding["severity"] == "warning"
    assert finding["line"] is None
    assert "reworded" in finding["message"] and EDITED_SLUG in finding["message"]
    ev = json.loads(finding["evidence"])
    assert ev["verdict"] == "edited"
    assert ev["score"] == score
    assert ev["title_variant"] == "title"
    assert ev["slug_from"] == "url"
    assert ev["slug_tokens"][:2] == ["ha", "giang"] and "20240102" not in ev["slug_tokens"]
    assert ev["title_tokens"] == fold_ascii(EDITED_TITLE).split()


def test_vietnamese_syllables_are_not_english_stop_words() -> None:
    # "mỹ" folds to "my": dropped from an English title, a real word in a Vietnamese one.
    assert verdict("Mỹ tăng thuế nhập khẩu thép", "tang-thue-nhap-khau-thep")[0] == "edited"
    assert verdict("My Town Fixes Its Roads", "town-fixes-roads") == ("match", 1.0)


def test_one_changed_number_is_an_edit() -> None:
    title = "Mỗi tuần đẩy 1 chiếc xe tải xuống sông vì lỗ"
    slug = "moi-tuan-day-7-chiec-xe-tai-xuong-song-vi-lo"
    assert verdict(title, slug)[0] == "edited"


@pytest.mark.parametrize("slug", ["gia-vang-hom-nay-16-5", "gia-vang-hom-nay-16-5-post123456"])
def test_a_changed_date_is_not_read_as_an_id(slug: str) -> None:
    assert verdict("Giá vàng hôm nay 15/5 tăng mạnh", slug)[0] == "edited"


def test_unrelated_slug_is_a_mismatch_error() -> None:
    title = "Nông dân Sóc Trăng thu hoạch lúa thơm đạt năng suất cao"
    slug = "doi-tuyen-bong-chuyen-nu-gianh-ve-du-giai-chau-a-post998877"
    found, score = verdict(title, slug)
    assert found == "mismatch"
    assert score is not None and score < 0.4
    [finding] = findings(title, slug)
    assert finding["severity"] == "error"
    assert "does not render the title" in finding["message"]
    assert json.loads(finding["evidence"])["verdict"] == "mismatch"


def test_severities_and_threshold_are_parameters() -> None:
    title = "Nông dân Sóc Trăng thu hoạch lúa thơm đạt năng suất cao"
    slug = "doi-tuyen-bong-chuyen-nu-gianh-ve-du-giai-chau-a"
    [finding] = findings(title, slug, mismatch_severity="warning")
    assert finding["severity"] == "warning"
    [finding] = findings(EDITED_TITLE, EDITED_SLUG, edited_severity="info")
    assert finding["severity"] == "info"
    assert verdict(EDITED_TITLE, EDITED_SLUG, edited_threshold=0.99)[0] == "mismatch"
    with pytest.raises(PagevetError, match="not a severity"):
        findings(title, slug, mismatch_severity="fatal")
    with pytest.raises(PagevetError, match="no parameter"):
        findings(title, slug, threshold=0.5)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        pytest.param(RIVER, None, id="no-slug"),
        pytest.param(RIVER, "", id="empty-slug"),
        pytest.param(RIVER, "   ", id="blank-slug"),
        pytest.param(None, RIVER_SLUG, id="no-title"),
        pytest.param("", RIVER_SLUG, id="empty-title"),
        pytest.param("", "", id="both-empty"),
        pytest.param("!!! ???", RIVER_SLUG, id="title-without-words"),
        pytest.param(RIVER, "20240517093015", id="slug-without-letters"),
        pytest.param(RIVER, "post-61827632", id="slug-only-an-id"),
        pytest.param(RIVER, "tin-tuc", id="short-category-slug"),
        pytest.param(RIVER, "新闻-中心", id="slug-in-another-script"),
    ],
)  # fmt: skip
def test_nothing_to_compare_is_unknown_without_a_finding(
    title: str | None, slug: str | None
) -> None:
    assert verdict(title, slug) == ("unknown", None)
    assert findings(title, slug) == []


def test_very_long_titles() -> None:
    words = [f"tu{n}" for n in range(400)]
    title = " ".join(["Báo", "cáo", *words])
    assert verdict(title, slug_of(title)) == ("match", 1.0)
    assert verdict(title, slug_of(title)[:300].rstrip("-"))[0] == "truncated"
    assert verdict(title, "bao-cao-tong-ket-mua-vu-lua-he-thu")[0] == "mismatch"


def test_slug_verdicts_keeps_every_page_in_order() -> None:
    frame = pages(
        (RIVER, RIVER_SLUG),
        (RIVER, None),
        (EDITED_TITLE, EDITED_SLUG),
        (RIVER, "dong-bang-song-cuu-long"),
    )
    out = slug_verdicts(frame)
    assert out.schema == pl.Schema(VERDICTS_SCHEMA)
    assert out["id"].to_list() == ["p0", "p1", "p2", "p3"]
    assert out["slug_verdict"].to_list() == ["match", "unknown", "edited", "truncated"]
    assert set(out["slug_verdict"]) <= set(VERDICTS)
    scores = out["slug_score"].to_list()
    assert scores[0] == 1.0 and scores[1] is None
    assert all(0 <= s <= 1 for s in scores if s is not None)


def test_empty_frames() -> None:
    empty = pages()
    assert slug_verdicts(empty).schema == pl.Schema(VERDICTS_SCHEMA)
    assert RULE.run(empty).is_empty()


def test_duplicate_ids_do_not_mix_pages() -> None:
    frame = pl.concat([pages((RIVER, RIVER_SLUG)), pages((EDITED_TITLE, EDITED_SLUG))])
    assert slug_verdicts(frame)["slug_verdict"].to_list() == ["match", "edited"]


FOLD_SAMPLES = [
    RIVER,
    unicodedata.normalize("NFD", RIVER),
    RIVER.upper(),
    "\u0421hính phủ \u0440hát động phong trào",  # Cyrillic С and р
    "Ωμέγα ΑΘΉΝΑ — Ελλάδα",
    "Straße ﬁnale Œuvre Łódź Øresund Þing",
    "Ｆｕｌｌｗｉｄｔｈ １２３ and ①②",
    "Giảm 50% giá vé, 100%25 hài lòng",
    "%C4%90%C3%A0%20N%E1%BA%B5ng",
    "%Æ folds into an escape",
    "Tiêu đề có emoji 🎉 và chữ 中文",
    "İstanbul ĞÜŞ çok",
    "",
    "   khoảng   trắng\tthừa  ",
]


def test_polars_folding_agrees_with_fold_ascii() -> None:
    frame = pl.DataFrame({"text": [*FOLD_SAMPLES, None]}, schema={"text": pl.String})
    folded = fold_column(frame, "text", "folded")["folded"].to_list()
    assert folded == [*(fold_ascii(t) for t in FOLD_SAMPLES), None]


def test_engine_applies_configured_severity() -> None:
    from pagevet.config import Config
    from pagevet.rules.engine import rule_findings

    frame = pages((EDITED_TITLE, EDITED_SLUG), (RIVER, RIVER_SLUG))
    config = Config(severity={RULE.id: "error"})
    found = rule_findings(frame, [RULE], config)
    assert found.select("id", "rule", "severity").rows() == [("p0", RULE.id, "error")]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=8),
        min_size=1,
        max_size=12,
    )
)
def test_a_title_matches_its_own_slug(words: list[str]) -> None:
    title = " ".join(words)
    slug = slug_of(title)
    assume(any(c.isalpha() and c.isascii() for c in slug))
    # slug_of drops the look-alikes fold_ascii leaves alone; the rule reads them as letters.
    assume(not set(fold_ascii(title)) & set(EXTRA_LOOKALIKES))
    assert verdict(title, slug) == ("match", 1.0)


# Characters this Python's Unicode database knows (polars may know newer ones).
KNOWN_CHARS = st.characters(exclude_categories=["Cn", "Cs"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(KNOWN_CHARS), min_size=1, max_size=10))
def test_polars_folding_agrees_with_fold_ascii_on_any_text(texts: list[str]) -> None:
    frame = pl.DataFrame({"text": texts}, schema={"text": pl.String})
    assert fold_column(frame, "text", "folded")["folded"].to_list() == [
        fold_ascii(t) for t in texts
    ]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        pytest.param("Путин провёл переговоры с Макроном в Кремле",
                     "putin-provel-peregovory-s-makronom-v-kremle", id="cyrillic"),
        pytest.param("Щёлково и Хабаровск получат новые трамваи - Новости",
                     "shchelkovo-i-khabarovsk-poluchat-novye-tramvai-2481516", id="cyrillic-site-and-id"),
        pytest.param("Αθήνα: νέα μέτρα για την κίνηση στο κέντρο",
                     "athina-nea-metra-gia-tin-kinisi-sto-kentro", id="greek"),
        pytest.param("北京冬奥会开幕", "bei-jing-dong-ao-hui-kai-mu", id="cjk-pinyin-per-syllable"),
        pytest.param("北京冬奥会开幕", "beijing-dongaohui-kaimu", id="cjk-pinyin-per-word"),
        pytest.param("Путин провёл переговоры с Макроном в Кремле",
                     quote("путин-провёл-переговоры-с-макроном-в-кремле"), id="cyrillic-slug"),
    ],
)  # fmt: skip
def test_a_transliterated_title_matches(title: str, slug: str) -> None:
    assert verdict(title, slug) == ("match", 1.0)
    assert findings(title, slug) == []


def test_a_transliteration_of_another_title_is_still_a_mismatch() -> None:
    title = "Путин провёл переговоры с Макроном в Кремле"
    assert verdict(title, "novye-tramvai-dlya-khabarovska-i-shchelkovo")[0] == "mismatch"
    assert verdict(title, "putin-provel-vstrechu-s-makronom")[0] == "edited"


@pytest.mark.parametrize(
    "slug",
    ["world-europe-50473792", "12345.html", "2019-11-20-123456", "news-1234-5678", "a-123456-b"],
)
def test_a_slug_that_is_mostly_ids_is_unknown(slug: str) -> None:
    title = "Brexit: Boris Johnson and Jeremy Corbyn clash in first TV debate"
    assert verdict(title, slug) == ("unknown", None)
    assert findings(title, slug) == []


def test_an_seo_keyword_slug_is_never_a_mismatch() -> None:
    title = (
        "Cách chọn giày chạy bộ tốt nhất cho người bàn chân bẹt, được bác sĩ và vận động viên "
        "marathon khuyên dùng năm 2024"
    )
    slug = "ban-chan-bet-giay-chay"  # five of the title's words, reordered
    found, score = verdict(title, slug)
    assert found == "edited" and score is not None and score < 0.4
    assert [f["severity"] for f in findings(title, slug)] == ["warning"]
    # one word the title does not have, and the slug no longer renders it
    assert verdict(title, "ban-chan-bet-giay-leo-nui")[0] == "mismatch"


def with_confidence(
    confidence: list[float | None], *pairs: tuple[str | None, str], **params: object
) -> pl.DataFrame:
    """Pages whose parser scored its titles (`title_confidence`), with the slug fields."""
    frame = pl.DataFrame(
        {
            "id": [f"p{n}" for n in range(len(pairs))],
            "title": [title for title, _ in pairs],
            "slug": [slug for _, slug in pairs],
            "slug_from": ["url"] * len(pairs),
            "title_confidence": confidence,
        },
        schema={"id": pl.String, "title": pl.String, "slug": pl.String, "slug_from": pl.String,
                "title_confidence": pl.Float64},
    )  # fmt: skip
    return pl.concat([frame, slug_matches(frame, params or None)], how="horizontal")


UNRELATED = "doi-tuyen-bong-chuyen-nu-gianh-ve-du-giai-chau-a-post998877"
DOUBTED = [0.2, 0.5, 0.9, None]
DOUBTED_PAIRS = [(RIVER, UNRELATED), (RIVER, UNRELATED), (RIVER, UNRELATED), (None, UNRELATED)]


def test_a_title_the_parser_doubts_is_not_compared() -> None:
    # by default every title the parser gave is compared (it gives none it doubts)
    frame = with_confidence(DOUBTED, *DOUBTED_PAIRS)
    assert frame["slug_verdict"].to_list() == ["mismatch", "mismatch", "mismatch", "unknown"]
    assert [f["id"] for f in RULE.run(frame).to_dicts()] == ["p0", "p1", "p2"]
    strict = with_confidence(DOUBTED, *DOUBTED_PAIRS, min_title_confidence=0.95)
    assert RULE.run(strict, {"min_title_confidence": 0.95}).is_empty()
    some = with_confidence(DOUBTED, *DOUBTED_PAIRS, min_title_confidence=0.5)
    assert some["slug_verdict"].to_list() == ["unknown", "mismatch", "mismatch", "unknown"]
    assert [f["id"] for f in RULE.run(some, {"min_title_confidence": 0.5}).to_dicts()] == [
        "p1",
        "p2",
    ]


def test_a_mismatch_on_a_title_found_with_modest_confidence_is_a_warning() -> None:
    # a title found on the page below error_title_confidence may be a sub-heading: the
    # mismatch is reported, as a warning that says why; metadata titles stay errors
    frame = with_confidence([0.3, 0.55, 0.9, 0.3], *DOUBTED_PAIRS[:3], (RIVER, UNRELATED))
    frame = frame.with_columns(
        pl.Series("title_from", ["page", "page", "page", "metadata"], dtype=pl.String)
    )
    found = RULE.run(frame).to_dicts()
    assert [(f["id"], f["severity"]) for f in found] == [
        ("p0", "warning"),
        ("p1", "warning"),
        ("p2", "error"),
        ("p3", "error"),
    ]
    assert found[1]["message"].endswith("; the title was found on the page with confidence 0.55")
    assert "confidence" not in found[2]["message"]
    stricter = RULE.run(frame, {"error_title_confidence": 0.5}).to_dicts()
    assert [f["severity"] for f in stricter] == ["warning", "error", "error", "error"]


def test_without_title_confidence_every_title_is_compared() -> None:
    # a parser that does not score its titles: the column is absent, titles are compared
    assert "min_title_confidence" in RULE.params
    assert [f["id"] for f in RULE.run(pages((RIVER, UNRELATED))).to_dicts()] == ["p0"]


def test_a_short_title_at_the_end_of_a_slug_is_not_a_match() -> None:
    # two words ending a long slug say nothing: the kicker reading needs min_slug_tokens
    assert verdict("Hội An", "du-khach-do-ve-pho-co-hoi-an")[0] != "match"
