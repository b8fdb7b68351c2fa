"""repetition: the share of the clean text's sentences that repeat earlier ones."""

from __future__ import annotations

import unicodedata

from helpers import EN_ARTICLE, VI_ARTICLE, VI_PARAGRAPHS, article, findings, pages, run

from pagevet.rules.repetition import RULE

CALL = "Liên hệ ngay hotline 0901 234 567 để được tư vấn miễn phí về căn hộ mẫu."
HURRY = "Số lượng căn hộ có hạn, khách hàng nên đặt chỗ sớm để nhận ưu đãi tốt nhất!"
FACTS = (
    "Dự án nằm cạnh công viên lớn ở phía tây thành phố, cách trung tâm khoảng mười lăm phút lái xe.",
    "Mỗi căn hộ có hai phòng ngủ, ban công rộng và hệ thống điều hòa trung tâm tiết kiệm điện.",
    "Chủ đầu tư cam kết bàn giao nhà đúng hạn vào quý IV và hỗ trợ vay ngân hàng với lãi suất tốt.",
    "Khu tiện ích gồm bể bơi bốn mùa, phòng tập thể dục và khu vui chơi cho trẻ em trong khuôn viên.",
)
TITLE = "Mở bán căn hộ cao cấp cạnh công viên phía tây thành phố"
# Every paragraph ends in the call to action; three of four also urge the reader to hurry.
ADVERT = article(
    TITLE, *(f"{fact} {CALL}" + (f" {HURRY}" if i else "") for i, fact in enumerate(FACTS))
)


def test_an_advert_repeating_its_call_to_action() -> None:
    (f,) = findings(RULE, ad=ADVERT)
    assert f["id"] == "ad"
    assert f["line"] is None
    assert f["evidence"]["top"] == CALL
    assert f["evidence"]["repeats"] == 5  # CALL 3 more times, HURRY 2 more times
    repeated = 3 * len(CALL) + 2 * len(HURRY)
    total = sum(map(len, FACTS)) + 4 * len(CALL) + 3 * len(HURRY)
    assert f["evidence"]["share"] == round(repeated / total, 4)
    assert f["message"] == (
        f"{round(repeated / total * 100, 1)}% of the text's sentences are repeats; "
        f"most repeated (4x): {CALL}"
    )


# A long report whose sentences share formulas ("theo quy định", "Ủy ban nhân dân") but never
# repeat: Vietnamese syllable n-grams recur in clean news, whole sentences do not.
REPORT = article(
    "Tỉnh rà soát các dự án chậm tiến độ trong lĩnh vực giao thông",
    *VI_PARAGRAPHS,
    "Ủy ban nhân dân tỉnh yêu cầu các chủ đầu tư báo cáo tiến độ theo quy định trước ngày 30/6.",
    "Ủy ban nhân dân huyện được giao rà soát quỹ đất tái định cư theo quy định hiện hành.",
    "Sở Tài chính cho biết nguồn vốn đầu tư công năm nay đã được phân bổ theo quy định.",
    "Các dự án chậm tiến độ sẽ bị điều chuyển vốn sang công trình khác theo quy định của tỉnh.",
    "Người dân có thể phản ánh về chất lượng công trình qua đường dây nóng của Sở Giao thông vận tải.",
)


def test_clean_long_articles_pass() -> None:
    assert findings(RULE, vi=VI_ARTICLE, en=EN_ARTICLE, report=REPORT) == []


def test_parameters() -> None:
    frame = pages(ad=ADVERT)
    assert run(RULE, frame, {"max_repeated_share": 0.6}) == []
    assert run(RULE, frame, {"min_units": 20}) == []
    assert len(run(RULE, frame, {"max_repeated_share": 0.1})) == 1


def test_a_page_of_few_sentences_is_not_judged() -> None:
    # Three sentences, two of them the same: under min_units.
    page = article(TITLE, f"{FACTS[0]} {CALL} {CALL}")
    assert findings(RULE, short=page) == []


def test_the_most_repeated_sentence_is_named() -> None:
    body = " ".join([FACTS[0]] * 50 + list(FACTS[1:]))
    (f,) = findings(RULE, long=article(TITLE, body))
    assert f["evidence"]["top"] == FACTS[0]
    assert f["evidence"]["repeats"] == 49
    assert "most repeated (50x)" in f["message"]


def test_nfd_text() -> None:
    (f,) = findings(RULE, nfd=unicodedata.normalize("NFD", ADVERT))
    assert f["evidence"]["top"] == unicodedata.normalize("NFD", CALL)
    assert f["evidence"]["repeats"] == 5


def test_empty_pages() -> None:
    assert findings(RULE, empty="", blank="\n \n") == []


def test_evidence_is_the_same_on_every_run() -> None:
    tied = article(TITLE, *(f"{fact} {CALL} {HURRY}" for fact in FACTS))
    frame = pages(tied=tied)
    tops = {run(RULE, frame)[0]["evidence"]["top"] for _ in range(30)}
    assert len(tops) == 1
